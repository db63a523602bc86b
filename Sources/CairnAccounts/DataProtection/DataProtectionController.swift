import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/account/data`: a person's own copy of their data. `/admin/subject-access`: the requests an administrator
/// records and answers, and the disclosure rules. The API's `/api/v1/me/data-export` and
/// `/api/v1/subject-access-requests` do the same through `SubjectAccessService`.
package struct DataProtectionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.accountData, action: .exportOwnData, use: showOwn)
        routes.on(.accountData, .POST, action: .exportOwnData, after: .quiet("answers with a file"), use: exportOwn)
        routes.on(.subjectAccess, action: .answerSubjectAccess, use: list)
        routes.on(
            .subjectAccess, .POST, action: .answerSubjectAccess,
            after: .says("request-recorded", "Request recorded. Produce the export when you are ready to answer it."),
            use: record)
        routes.on(
            .subjectAccessExport(nil), .POST, action: .answerSubjectAccess, after: .quiet("answers with a file"),
            use: exportForRequest)
        routes.on(.subjectAccessRules, action: .answerSubjectAccess, use: showRules)
        routes.on(
            .subjectAccessRules, .POST, action: .answerSubjectAccess,
            after: .says("rules-saved", "Disclosure rules saved. They apply to every export from now on."),
            use: saveRules)
    }

    static let zip = "application/zip"

    @Sendable package func showOwn(request: Request) async throws -> HTMLPage {
        request.page("Your data", DataProtectionPages.own(csrf: request.csrfToken))
    }

    @Sendable package func exportOwn(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        let archive = try await SubjectAccessService(request: request).export(personID: actor.personID)
        return .file(archive.data, type: Self.zip, filename: archive.filename)
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let service = SubjectAccessService(request: request)
        let found = try await service.requests(page: page)
        let today = DisplayTime.isoDay(
            request.application.cairn.collaborators.now(), in: request.application.cairn.configuration.timeZone)
        return request.page(
            "Subject access requests",
            DataProtectionPages.requests(
                .init(found: found, typed: .init(receivedOn: today), csrf: request.csrfToken)))
    }

    package struct RecordForm: Content {
        package var email: String?
        package var askedBy: String?
        package var receivedOn: String?
    }

    @Sendable package func record(request: Request) async throws -> Response {
        let form = try request.content.decode(RecordForm.self)
        let new = SubjectAccessService.NewRequest(
            email: form.email ?? "", askedBy: form.askedBy ?? "", receivedOn: form.receivedOn ?? "")
        let service = SubjectAccessService(request: request)
        switch try await service.record(new) {
        case .success:
            return request.redirect(to: SiteURL.subjectAccess.path)
        case .failure(let errors):
            let found = try await service.requests(page: 1)
            let typed = DataProtectionPages.Typed(
                email: new.email, askedBy: new.askedBy, receivedOn: new.receivedOn, errors: errors)
            return try await request.page(
                "Error: Subject access requests", status: .unprocessableEntity,
                DataProtectionPages.requests(.init(found: found, typed: typed, csrf: request.csrfToken))
            ).encodeResponse(for: request)
        }
    }

    @Sendable package func exportForRequest(request: Request) async throws -> Response {
        guard let id = request.parameters.get("requestID", as: UUID.self) else { throw Abort(.notFound) }
        let service = SubjectAccessService(request: request)
        guard let row = try await service.request(id) else { throw Abort(.notFound) }
        let archive = try await service.export(personID: row.personID, answering: id)
        return .file(archive.data, type: Self.zip, filename: archive.filename)
    }

    @Sendable package func showRules(request: Request) async throws -> HTMLPage {
        let service = SubjectAccessService(request: request)
        return request.page(
            "Disclosure rules",
            DataProtectionPages.rules(
                kinds: service.ruledKinds, rules: try await service.rules(), csrf: request.csrfToken))
    }

    @Sendable package func saveRules(request: Request) async throws -> Response {
        let service = SubjectAccessService(request: request)
        var new: [String: SubjectAccessExport.Disclosure] = [:]
        for kind in service.ruledKinds {
            if let value = try? request.content.get(String.self, at: kind),
                let rule = SubjectAccessExport.Disclosure(rawValue: value)
            {
                new[kind] = rule
            }
        }
        if let errors = try await service.setRules(new) {
            throw Abort(.unprocessableEntity, reason: errors.entries.first?.message ?? "Those rules cannot be saved")
        }
        return request.redirect(to: SiteURL.subjectAccessRules.path)
    }
}

package enum DataProtectionPages {
    static func own(csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Your data")),
            .p(
                .text(
                    "You can download a copy of everything Cairn holds about you: your account, your requests for "
                        + "support and what was agreed, your mentoring, groups, development records and bookings, "
                        + "and the audit entries about you. It is a ZIP file with a page to open first "
                        + "(index.html) and one file for each kind of record.")),
            .p(
                .text(
                    "Words other people wrote about you (a case manager's notes, for one) are included unless the "
                        + "organisation has decided to withhold that kind; anything withheld is listed. Passwords "
                        + "and sign-in secrets are never included. Each download is recorded in the audit trail.")),
            .p(
                .text(
                    "Keep the file somewhere safe: it holds private information. To ask the organisation formally "
                        + "(a subject access request), contact its data protection officer.")),
            Forms.form(action: SiteURL.accountData.path, csrf: csrf, Forms.submit("Download my data"))
        )
    }

    package struct Typed: Sendable {
        var email = ""
        var askedBy = ""
        var receivedOn = ""
        var errors = FormErrors()
    }

    package struct Requests: Sendable {
        var found: SubjectAccessService.RequestsPage
        var typed: Typed
        var csrf: String
    }

    static func requests(_ model: Requests) -> Node<HTML.BodyContext> {
        let errors = model.typed.errors
        return .group(
            Forms.errorSummary(errors),
            .h1(.text("Subject access requests")),
            .p(
                .text(
                    "A person may ask for a copy of everything held about them; the answer is due one calendar "
                        + "month after the request arrives. Record each request here, then produce the export to "
                        + "hand over. Every export is recorded in the audit trail. "),
                .a(.attr("href", SiteURL.subjectAccessRules.path), .text("Disclosure rules")),
                .text(" decide whether words others wrote about the person are included.")),
            .if(
                model.found.rows.isEmpty, .p(.text("No requests recorded yet.")),
                else: .group(table(model), pager(model.found.paging))),
            .h2(.text("Record a request")),
            Forms.form(
                action: SiteURL.subjectAccess.path, csrf: model.csrf,
                Forms.text(
                    .init(
                        name: "email", label: "Email address of the person whose data is asked for",
                        value: model.typed.email, type: "email", autocomplete: "off", error: errors["email"],
                        spellcheck: false)),
                Forms.text(
                    .init(
                        name: "askedBy", label: "Who asked",
                        value: model.typed.askedBy,
                        hint: "The person themselves, or who is acting for them and how they showed it",
                        error: errors["askedBy"])),
                Forms.date(
                    name: "receivedOn", label: "The day the request arrived", value: model.typed.receivedOn,
                    error: errors["receivedOn"]),
                Forms.submit("Record the request")
            )
        )
    }

    private static func table(_ model: Requests) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Subject access requests")),
            .thead(
                .tr(
                    .th(.attr("scope", "col"), .text("Person")), .th(.attr("scope", "col"), .text("Who asked")),
                    .th(.attr("scope", "col"), .text("Arrived")), .th(.attr("scope", "col"), .text("Due")),
                    .th(.attr("scope", "col"), .text("Answered")), .th(.attr("scope", "col"), .text("Export")))),
            .tbody(
                .forEach(model.found.rows) { row in
                    .tr(
                        .td(.text(row.name), .br(), .span(.class("hint"), .text(row.email))),
                        .td(.text(row.askedBy)),
                        .td(.text(CalendarDay.longText(iso: row.receivedOn))),
                        .td(
                            .text(CalendarDay.longText(iso: row.dueOn)),
                            .if(row.overdue, .group(.br(), .strong(.class("tag tag--red"), .text("Overdue"))))),
                        .td(.text(row.answeredAt.map { _ in "Yes" } ?? "Not yet")),
                        .td(
                            Forms.buttonForm(
                                action: SiteURL.subjectAccessExport(row.id).path, csrf: model.csrf,
                                label: row.answeredAt == nil ? "Produce the export" : "Produce it again"))
                    )
                })
        )
    }

    private static func pager(_ paging: Paging) -> Node<HTML.BodyContext> {
        Pager.render(paging, lead: "\(paging.total) request\(paging.total == 1 ? "" : "s"). ") { page in
            SiteURL.subjectAccess.path + "?page=\(page)"
        }
    }

    static func rules(
        kinds: [String], rules: [String: SubjectAccessExport.Disclosure], csrf: String
    ) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Disclosure rules")),
            .p(
                .text(
                    "For each kind of record where someone else may have written about a person, decide whether "
                        + "their export includes those words or withholds them. Withheld items are still listed "
                        + "in the export, with why. A person's own words are always included.")),
            Forms.form(
                action: SiteURL.subjectAccessRules.path, csrf: csrf,
                .forEach(kinds) { kind in
                    Forms.radios(
                        name: kind, legend: kind.replacingOccurrences(of: "_", with: " ").capitalisedFirst,
                        choices: [
                            .init(value: "include", label: "Include what others wrote"),
                            .init(value: "withhold", label: "Withhold what others wrote, and list it"),
                        ], selected: (rules[kind] ?? .include).rawValue)
                },
                Forms.submit("Save the rules")
            ),
            .p(.a(.attr("href", SiteURL.subjectAccess.path), .text("Back to subject access requests")))
        )
    }
}

extension String {
    fileprivate var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
