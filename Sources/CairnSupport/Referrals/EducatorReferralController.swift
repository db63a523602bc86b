import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/refer-someone` for educators, and the clinician's confirm or decline from `/my-support`.
package struct EducatorReferralController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.referSomeone, action: .suggestSupport, use: show)
        routes.on(
            .referSomeone, .POST, action: .suggestSupport,
            after: .says(
                "suggestion-sent",
                "Your suggestion is sent to them. Whether to ask for support is their choice; below you see only "
                    + "whether the unit has received a request."),
            use: suggest)
        routes.on(.referralsMade, action: .suggestSupport, use: made)
        let suggestion = EducatorReferralService.loader()
        routes.on(
            .suggestionConfirm(nil), .POST, action: .actOnOwnSupport, record: suggestion,
            after: .quiet("the first question of their own request"), use: confirm)
        routes.on(
            .suggestionDecline(nil), .POST, action: .actOnOwnSupport, record: suggestion,
            after: .says("suggestion-declined", "You said no to the suggestion. Nothing has been started."),
            use: decline)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        request.page("Suggest support for a clinician", EducatorReferralPages.form(.init(csrf: request.csrfToken)))
    }

    @Sendable package func suggest(request: Request) async throws -> Response {
        let form = try request.content.decode(EducatorReferralService.Form.self)
        let errors = try await EducatorReferralService(request: request).suggest(form)
        guard errors.isEmpty else {
            let model = EducatorReferralPages.Model(
                name: form.clinicianName ?? "", email: form.clinicianEmail ?? "", reasons: Set(form.reasons ?? []),
                note: form.note ?? "", errors: errors, csrf: request.csrfToken)
            return try await request.page("Error: Suggest support for a clinician", EducatorReferralPages.form(model))
                .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.referralsMade.path)
    }

    @Sendable package func made(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        var rows: [EducatorReferralPages.MadeRow] = []
        for suggestion in try await EducatorReferralService(request: request).made(by: actor.personID) {
            let shared =
                try await suggestion.caseID.asyncMap {
                    try await EducatorUpdates(request: request).approved(forCase: $0)
                } ?? []
            rows.append(
                EducatorReferralPages.MadeRow(
                    name: suggestion.clinicianName, sent: request.displayTime(suggestion.createdAt),
                    status: suggestion.educatorsView,
                    updates: shared))
        }
        return request.page("Your suggestions", EducatorReferralPages.made(rows))
    }

    @Sendable package func confirm(request: Request) async throws -> Response {
        let service = EducatorReferralService(request: request)
        try await service.confirm(try request.authorisedRecord(EducatorReferral.self))
        return request.redirect(to: SiteURL.referStep(SelfReferral.Step.aboutYou.rawValue).path)
    }

    @Sendable package func decline(request: Request) async throws -> Response {
        let service = EducatorReferralService(request: request)
        try await service.decline(try request.authorisedRecord(EducatorReferral.self))
        return request.redirect(to: SiteURL.mySupport.path)
    }
}

package enum EducatorReferralPages {
    package struct Model {
        package var name = ""
        package var email = ""
        package var reasons: Set<String> = []
        package var note = ""
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func form(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Suggest support for a clinician")),
            .p(
                .text("The clinician is told and decides. Nothing opens unless they confirm, and you will learn only "),
                .text("that the unit received it, never what they say.")),
            Forms.form(
                action: SiteURL.referSomeone.path, csrf: model.csrf,
                Forms.text(
                    .init(
                        name: "clinicianName", label: "Their name", value: model.name,
                        error: model.errors["clinicianName"])),
                Forms.text(
                    .init(
                        name: "clinicianEmail", label: "Their email address", value: model.email, type: "email",
                        error: model.errors["clinicianEmail"], spellcheck: false)),
                Forms.checkboxes(
                    name: "reasons", legend: "Why you think support would help",
                    choices: ReferralReason.allCases.filter { $0 != .other }.map {
                        .init(value: $0.rawValue, label: $0.title)
                    },
                    checked: model.reasons, error: model.errors["reasons"]),
                Forms.textArea(
                    name: "note", label: "A note for them and the unit (optional)", value: model.note,
                    error: model.errors["note"], rows: 3),
                Forms.checkboxes(
                    name: "theyKnow", legend: "Their agreement",
                    choices: [.init(value: "yes", label: "They know and agree that I am suggesting this")], checked: [],
                    error: model.errors["theyKnow"]),
                Forms.submit("Send the suggestion")
            )
        )
    }

    package struct MadeRow {
        package var name: String
        package var sent: String
        package var status: String
        /// Only the words the clinician agreed to share.
        package var updates: [(stage: String, text: String)]
    }

    package static func made(_ rows: [MadeRow]) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Your suggestions")),
            .p(.a(.attr("href", SiteURL.referSomeone.path), .text("Suggest support for someone else"))),
            .if(rows.isEmpty, .p(.text("You have not suggested support for anyone yet.")), else: madeTable(rows))
        )
    }

    private static func madeTable(_ rows: [MadeRow]) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Your suggestions")),
            .thead(.tr(.th(.text("Clinician")), .th(.text("Sent")), .th(.text("Where it is")))),
            .tbody(.group(rows.map(madeRow)))
        )
    }

    private static func madeRow(_ row: MadeRow) -> Node<HTML.TableContext> {
        let updates = row.updates.map { update -> Node<HTML.BodyContext> in
            .p(.strong(.text(update.stage + ": ")), .text(update.text))
        }
        return .tr(.td(.text(row.name)), .td(.text(row.sent)), .td(.text(row.status), .group(updates)))
    }

    /// On `/my-support`: what an educator suggested, and the clinician's choice.
    package static func waiting(_ suggestions: [(id: UUID, educator: String, reasons: String)], csrf: String) -> Node<
        HTML.BodyContext
    > {
        .forEach(suggestions) { suggestion in
            .section(
                .class("notice"),
                .h2(.text("\(suggestion.educator) suggested you ask for support")),
                .p(.text("They mentioned: \(suggestion.reasons). Nothing has been opened; it is your choice.")),
                Forms.buttonForm(
                    action: SiteURL.suggestionConfirm(suggestion.id).path, csrf: csrf, label: "Ask for support",
                    secondary: false),
                Forms.buttonForm(
                    action: SiteURL.suggestionDecline(suggestion.id).path, csrf: csrf, label: "No, thank you")
            )
        }
    }
}
