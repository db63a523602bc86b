import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/admin/erasure`: whose data to erase, what erasing it would do (the dry run), the erasure itself (a reason and
/// the person's address typed to confirm), and the erasures done. The API's `/api/v1/people/{id}/erasure` does the
/// same through `ErasureService`.
package struct ErasureController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.erasure, action: .erasePersonalData, use: show)
        routes.on(
            .erasePerson(nil), .POST, action: .erasePersonalData, after: .says("erased", "The data is erased."),
            use: erase)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let email = (try? request.query.get(String.self, at: "email")) ?? ""
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        return try await render(request, email: email, page: page, typed: .init())
    }

    struct EraseForm: Content {
        var reason: String?
        var confirm: String?
    }

    @Sendable package func erase(request: Request) async throws -> Response {
        guard let personID = request.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        let form = try request.content.decode(EraseForm.self)
        let service = ErasureService(request: request)
        switch try await service.erase(personID: personID, reason: form.reason ?? "", confirm: form.confirm ?? "") {
        case .success:
            return request.redirect(to: SiteURL.erasure.path)
        case .failure(let errors):
            guard let person = try await Person.find(personID, on: request.db) else { throw Abort(.notFound) }
            let typed = ErasurePages.Typed(reason: form.reason ?? "", confirm: form.confirm ?? "", errors: errors)
            return try await render(request, email: person.email, page: 1, typed: typed)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func render(_ request: Request, email: String, page: Int, typed: ErasurePages.Typed)
        async throws -> HTMLPage
    {
        let service = ErasureService(request: request)
        var preview: ErasureService.Preview?
        var lookupError: String?
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty {
            if trimmed.count > 320 {
                lookupError = "An email address is 320 characters or fewer"
            } else if let person = try await service.person(email: trimmed) {
                preview = try await service.preview(personID: try person.requireID())
            } else {
                lookupError = "No one in Cairn has that email address"
            }
        }
        let model = ErasurePages.Model(
            email: trimmed, lookupError: lookupError, preview: preview, typed: typed,
            done: try await service.erasures(page: page), csrf: request.csrfToken,
            zone: request.application.cairn.configuration.timeZone)
        let title =
            typed.errors.isEmpty && lookupError == nil ? "Erase a person's data" : "Error: Erase a person's data"
        return request.page(title, ErasurePages.page(model))
    }
}

package enum ErasurePages {
    package struct Typed: Sendable {
        var reason = ""
        var confirm = ""
        var errors = FormErrors()
    }

    struct Model {
        var email: String
        var lookupError: String?
        var preview: ErasureService.Preview?
        var typed: Typed
        var done: ErasureService.ErasuresPage
        var csrf: String
        var zone: TimeZone
    }

    static func page(_ model: Model) -> Node<HTML.BodyContext> {
        var lookupErrors = FormErrors()
        if let error = model.lookupError { lookupErrors.add("email", error) }
        return .group(
            Forms.errorSummary(model.typed.errors.isEmpty ? lookupErrors : model.typed.errors),
            .h1(.text("Erase a person's data")),
            .p(
                .text(
                    "When a person asks for their data to be erased and no other duty applies, or a retention rule "
                        + "says it is time, erase it here. Their words, name and address are replaced; the codes, "
                        + "dates and numbers that figures count stay, so every figure is the same after as before. "
                        + "A record someone else shares (a mentoring pair's sessions, a group's meeting) stays; "
                        + "their own side's words in it go. They are signed out and cannot sign in again. The audit "
                        + "trail keeps a record of the erasure, as it keeps everything.")),
            .el(
                "form", .attr("method", "get"), .attr("action", SiteURL.erasure.path),
                .attr("novalidate", "novalidate"),
                Forms.text(
                    .init(
                        name: "email", label: "Email address of the person", value: model.email, type: "email",
                        autocomplete: "off", error: lookupErrors["email"], spellcheck: false)),
                Forms.submit("Check what would be erased", secondary: true)
            ),
            .unwrap(model.preview) { preview in previewSection(preview, model) },
            .h2(.text("Erasures done")),
            .if(
                model.done.rows.isEmpty, .p(.text("No erasures yet.")),
                else: .group(
                    doneTable(model.done.rows, zone: model.zone),
                    Pager.render(
                        model.done.paging,
                        lead: "\(model.done.paging.total) erasure\(model.done.paging.total == 1 ? "" : "s"). "
                    ) { page in SiteURL.erasure.path + "?page=\(page)" }))
        )
    }

    static func action(_ kind: PersonalDataErasure.Kind) -> String {
        switch kind.action {
        case "delete": "Removed"
        case "keep": "Kept: " + (kind.why ?? "")
        default:
            kind.fields.isEmpty
                ? "Kept (nothing in it is theirs to erase)" : "Words replaced: " + kind.fields.joined(separator: ", ")
        }
    }

    /// What an erasure does, or did, by kind of record: the erasure and retention pages show the same table.
    static func planTable(_ kinds: [PersonalDataErasure.Kind], caption: String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text(caption)),
            .thead(
                .tr(
                    .th(.attr("scope", "col"), .text("Kind of record")),
                    .th(.attr("scope", "col"), .text("Records")),
                    .th(.attr("scope", "col"), .text("Shared, kept")),
                    .th(.attr("scope", "col"), .text("Files")),
                    .th(.attr("scope", "col"), .text("What happens")))),
            .tbody(
                .forEach(kinds) { kind in
                    .tr(
                        .td(.text(kind.table.replacingOccurrences(of: "_", with: " "))),
                        .td(.text(String(kind.rows))), .td(.text(String(kind.shared))),
                        .td(.text(String(kind.files))), .td(.text(action(kind))))
                }))
    }

    private static func previewSection(_ preview: ErasureService.Preview, _ model: Model) -> Node<HTML.BodyContext> {
        let kinds = preview.plan.kinds.filter { $0.rows > 0 || $0.shared > 0 }
        let errors = model.typed.errors
        return .group(
            .h2(
                .text(preview.erased ? "\(preview.email): already erased" : "What erasing \(preview.name)'s data does")),
            planTable(kinds, caption: "What erasure does, by kind of record"),
            .if(
                !preview.erased,
                Forms.form(
                    action: SiteURL.erasePerson(preview.personID).path, csrf: model.csrf,
                    Forms.textArea(
                        name: "reason", label: "Why the data is erased", value: model.typed.reason,
                        hint: "Who asked and when, or the retention rule that applies", error: errors["reason"], rows: 3
                    ),
                    Forms.text(
                        .init(
                            name: "confirm", label: "Type \(preview.email) to confirm", value: model.typed.confirm,
                            type: "email", autocomplete: "off", hint: "Erasure cannot be undone",
                            error: errors["confirm"], spellcheck: false)),
                    Forms.submit("Erase this person's data")
                ))
        )
    }

    private static func doneTable(_ rows: [ErasureService.ErasureRow], zone: TimeZone) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Erasures done")),
            .thead(
                .tr(
                    .th(.attr("scope", "col"), .text("When")), .th(.attr("scope", "col"), .text("By")),
                    .th(.attr("scope", "col"), .text("Why")), .th(.attr("scope", "col"), .text("Records changed")))),
            .tbody(
                .forEach(rows) { row in
                    .tr(
                        .td(.text(DisplayTime.format(row.erasedAt, in: zone))),
                        .td(.text(row.erasedBy)), .td(.text(row.reason)),
                        .td(.text(String(row.changed.reduce(0) { $0 + $1.rows }))))
                })
        )
    }
}
