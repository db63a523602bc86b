import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/induction/roles`: the organisation's role descriptions, read by its team, written by its leads; a new starter
/// acknowledges the one that applies to their induction from the induction page.
package struct RoleDescriptionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let description = InductionAccess.roleDescriptionLoader()
        routes.on(.roleDescriptions, action: .readRoleDescriptions, use: list)
        routes.on(
            .roleDescriptions, .POST, action: .runInductions,
            after: .says("description-saved", "The description is saved."), use: create)
        routes.on(.roleDescription(nil), action: .readRoleDescriptions, record: description, use: show)
        routes.on(
            .roleDescription(nil), .POST, action: .runInductions, record: description,
            after: .says("description-saved", "The description is saved."), use: change)
        routes.on(
            .roleAcknowledgement(nil), .POST, action: .acknowledgeRoleDescription,
            record: InductionAccess.inductionLoader(), after: .confirms([Self.acknowledged, Self.changedWhileRead]),
            use: acknowledge)
    }

    static let acknowledged = Notice("role-acknowledged", "Thank you: the role description is acknowledged.")
    static let changedWhileRead = Notice(
        "role-changed", "The role description changed while you read it: read it again.")

    static func fields(_ draft: RoleDescriptionDraft, errors: FormErrors) -> Node<HTML.BodyContext> {
        .group(
            Forms.textArea(
                name: "duties", label: "What the role does", value: draft.duties, error: errors["duties"], rows: 5),
            Forms.textArea(
                name: "limits", label: "What the role may not do", value: draft.limits, error: errors["limits"],
                rows: 5),
            Forms.textArea(
                name: "whoToAsk", label: "Who to ask when unsure", value: draft.whoToAsk, error: errors["whoToAsk"],
                rows: 2))
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        try await listPage(request, draft: RoleDescriptionDraft(), errors: FormErrors())
    }

    private func listPage(_ request: Request, draft: RoleDescriptionDraft, errors: FormErrors) async throws -> HTMLPage
    {
        let actor = try request.requireActor()
        let descriptions = try await RoleDescriptionService(context: ServiceContext(request)).all()
        let mayWrite = Policy.decide(actor, .runInductions) == .allow
        return request.page(
            Forms.title("Role descriptions", errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .p(.a(.class("back-link"), .attr("href", SiteURL.inductions.path), .text("Induction"))),
                .h1(.text("Role descriptions")),
                .p(
                    .text(
                        "What each role does, what it may not do, and who to ask: for new starters and for the teams "
                            + "they join.")),
                descriptions.isEmpty
                    ? .p(.text("There are no role descriptions yet."))
                    : .ul(
                        .class("link-list"),
                        .group(
                            descriptions.map { description in
                                .li(
                                    .a(
                                        .attr("href", SiteURL.roleDescription(description.id).path),
                                        .text(description.title)),
                                    .text(" (version \(description.version))"))
                            })),
                .if(
                    mayWrite,
                    .el(
                        "details", .class("details"), .if(!errors.isEmpty, .attr("open", "open")),
                        .el("summary", .text("Add a role description")),
                        Forms.form(
                            action: SiteURL.roleDescriptions.path, csrf: request.csrfToken,
                            Forms.select(
                                name: "role", label: "Role",
                                choices: [Forms.Choice(value: "", label: "Choose a role")]
                                    + InductionRole.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                                selected: draft.role, error: errors["role"]),
                            Forms.text(
                                .init(
                                    name: "department", label: "Department (optional)", value: draft.department,
                                    hint: "Leave empty for the organisation's description of the role",
                                    error: errors["department"])),
                            Self.fields(draft, errors: errors),
                            Forms.submit("Add the description"))))))
    }

    private static func draft(from request: Request) throws -> RoleDescriptionDraft {
        let form = try request.content.decode([String: String].self)
        return RoleDescriptionDraft(
            role: form["role"] ?? "", department: form["department"] ?? "", duties: form["duties"] ?? "",
            limits: form["limits"] ?? "", whoToAsk: form["whoToAsk"] ?? "")
    }

    @Sendable package func create(request: Request) async throws -> Response {
        let draft = try Self.draft(from: request)
        switch try await RoleDescriptionService(context: ServiceContext(request)).create(draft) {
        case .failure(let errors):
            return try await listPage(request, draft: draft, errors: errors).encodeResponse(for: request)
        case .success(let description):
            return request.redirect(to: SiteURL.roleDescription(description.id).path)
        }
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request, typed: nil, errors: FormErrors())
    }

    private func page(_ request: Request, typed: RoleDescriptionDraft?, errors: FormErrors)
        async throws
        -> HTMLPage
    {
        let description = try request.authorisedRecord(RoleDescription.self)
        let actor = try request.requireActor()
        let mayWrite =
            Policy.decide(
                actor, .runInductions,
                on: .record(
                    Policy.RoleDescriptionStanding(
                        isSameOrganisation: description.organisationID == actor.organisationID)
                )) == .allow
        let draft =
            typed
            ?? RoleDescriptionDraft(
                role: description.role.rawValue, department: description.department, duties: description.duties,
                limits: description.limits, whoToAsk: description.whoToAsk)
        return request.page(
            Forms.title(description.title, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .p(.a(.class("back-link"), .attr("href", SiteURL.roleDescriptions.path), .text("Role descriptions"))),
                .h1(.text(description.title)),
                RoleDescriptionPages.body(description),
                .if(
                    mayWrite,
                    .el(
                        "details", .class("details"), .if(!errors.isEmpty, .attr("open", "open")),
                        .el("summary", .text("Change the description")),
                        .p(.text("A change is a new version: new starters in the role are asked to read it again.")),
                        Forms.form(
                            action: SiteURL.roleDescription(description.id).path, csrf: request.csrfToken,
                            .input(.type(.hidden), .name("version"), .attr("value", String(description.version))),
                            Self.fields(draft, errors: errors),
                            Forms.submit("Save a new version"))))))
    }

    @Sendable package func change(request: Request) async throws -> Response {
        let description = try request.authorisedRecord(RoleDescription.self)
        let draft = try Self.draft(from: request)
        let version = try? request.content.get(Int.self, at: "version")
        switch try await RoleDescriptionService(context: ServiceContext(request)).change(
            description, to: draft, version: version)
        {
        case .failure(let errors):
            return try await page(request, typed: draft, errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.roleDescription(description.id).path)
        }
    }

    @Sendable package func acknowledge(request: Request) async throws -> Response {
        let induction = try request.authorisedRecord(Induction.self)
        let service = RoleDescriptionService(context: ServiceContext(request))
        guard let description = try await service.applying(to: induction) else { throw Abort(.notFound) }
        let version = try? request.content.get(Int.self, at: "version")
        if case .failure = try await service.acknowledge(description, version: version) {
            return request.redirect(to: SiteURL.induction(induction.id).path, notice: Self.changedWhileRead)
        }
        return request.redirect(to: SiteURL.induction(induction.id).path, notice: Self.acknowledged)
    }
}

/// How a role description reads, on its page and on an induction.
package enum RoleDescriptionPages {
    static func body(_ description: RoleDescription) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("What the role does")), .p(.text(description.duties)),
            .h2(.text("What the role may not do")), .p(.text(description.limits)),
            .h2(.text("Who to ask when unsure")), .p(.text(description.whoToAsk)),
            .p(.class("hint"), .text("Version \(description.version)")))
    }

    /// The induction page's section: the description that applies, and whether the new starter acknowledged it.
    static func onInduction(
        _ description: RoleDescription?, acknowledged: Int?, isNewStarter: Bool, inductionID: UUID?, csrf: String
    ) -> Node<HTML.BodyContext> {
        guard let description else { return .empty }
        let current = acknowledged == description.version
        return .group(
            .h2(.text("Role description")),
            .p(
                .a(.attr("href", SiteURL.roleDescription(description.id).path), .text(description.title)),
                .text(
                    current
                        ? ": read and acknowledged (version \(description.version))."
                        : acknowledged != nil
                            ? ": changed since it was acknowledged; to be read again."
                            : ": not acknowledged yet.")),
            .if(
                isNewStarter && !current,
                Forms.form(
                    action: SiteURL.roleAcknowledgement(inductionID).path, csrf: csrf,
                    .input(.type(.hidden), .name("version"), .attr("value", String(description.version))),
                    Forms.submit("I have read the role description and understand it", secondary: true))))
    }
}
