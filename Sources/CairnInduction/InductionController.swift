import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/induction`: the inductions one follows, starting one (a lead), an induction's items, marking an item done and
/// signing it off.
package struct InductionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let induction = InductionAccess.inductionLoader()
        let item = InductionAccess.itemLoader()
        routes.on(.inductions, action: .followInduction, use: list)
        routes.on(.newInduction, action: .runInductions, use: newInduction)
        routes.on(
            .inductions, .POST, action: .runInductions,
            after: .says(
                "induction-started",
                "The induction has started. The new starter and their supervisor have been told by email."),
            use: start)
        routes.on(.induction(nil), action: .followInduction, record: induction, use: show)
        routes.on(.inductionItem(nil, nil), action: .completeInductionItem, record: item, use: itemPage)
        routes.on(
            .inductionItemComplete(nil, nil), .POST, action: .completeInductionItem, record: item,
            after: .says("item-done", "The item is marked as done."), use: complete)
        routes.on(
            .inductionItemSignOff(nil, nil), .POST, action: .signOffInductionItem, record: item,
            after: .says("item-signed-off", "The item is signed off."), use: signOff)
        routes.on(.inductionEvidenceFile(nil, nil), action: .followInduction, record: item, use: evidenceFile)
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let search = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(100))
        let service = InductionService(context: ServiceContext(request))
        let (rows, paging) = try await service.list(page: page, search: search)
        let isLead = actor.roles.contains(.programmeLead)
        return request.page(
            "Induction",
            InductionPages.list(
                rows: rows, paging: paging, search: search, cohorts: isLead ? try await service.cohorts() : nil,
                isLead: isLead,
                keepsPathway: Policy.decide(actor, .keepOwnRegistrationPathway) == .allow))
    }

    @Sendable package func newInduction(request: Request) async throws -> HTMLPage {
        let service = InductionService(context: ServiceContext(request))
        var draft = InductionStartDraft()
        draft.startsOn = request.application.cairn.today.description
        return InductionPages.startForm(
            request: request, draft: draft, templates: try await service.templates().map(\.template),
            errors: FormErrors())
    }

    @Sendable package func start(request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let draft = InductionStartDraft.fromForm { form[$0] }
        let service = InductionService(context: ServiceContext(request))
        switch try await service.start(draft) {
        case .failure(let errors):
            return try await InductionPages.startForm(
                request: request, draft: draft, templates: try await service.templates().map(\.template),
                errors: errors
            ).encodeResponse(for: request)
        case .success(let induction):
            return request.redirect(to: SiteURL.induction(induction.id).path)
        }
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request, induction: try request.authorisedRecord(Induction.self))
    }

    private func page(
        _ request: Request, induction: Induction, errors: FormErrors = FormErrors()
    ) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let service = InductionService(context: ServiceContext(request))
        let items = try await service.items(of: induction)
        let people = Set(
            [induction.inducteeID, induction.supervisorID] + items.compactMap(\.completedBy)
                + items.compactMap(\.signedOffBy))
        let names = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: request.db).filter(\.$id ~~ people).all()
                .compactMap { person in person.id.map { ($0, person.displayName) } })
        var evidence: [UUID: String] = [:]
        for item in items where item.evidence != nil {
            if let id = item.id, let text = try service.evidence(of: item) { evidence[id] = text }
        }
        var files: [UUID: String] = [:]
        for (itemID, file) in try await service.evidenceFiles(of: items) {
            files[itemID] =
                try file.opened(\.$fileName, with: request.application.cairn.cipher)
                + " (\(max(1, file.byteCount / 1024)) KB)"
        }
        let shared =
            try await RegistrationPathwayRecord.query(on: request.db).filter(\.$personID == induction.inducteeID)
            .first()?.sharedWithSupervisor == true
        let inductee = names[induction.inducteeID] ?? "New starter"
        let meetings = try await SupervisionService(context: ServiceContext(request)).meetings(of: induction)
        let roles = RoleDescriptionService(context: ServiceContext(request))
        let description = try await roles.applying(to: induction)
        let acknowledged =
            try await description.asyncMap { try await roles.acknowledgedVersion(of: $0, by: induction.inducteeID) }
            ?? nil
        let supervisionStanding = Policy.SupervisionStanding(
            induction: InductionAccess.standing(of: actor, to: induction))
        return request.page(
            Forms.title("Induction: \(inductee)", errors: errors), status: errors.pageStatus,
            InductionPages.induction(
                induction: induction, inductee: inductee, supervisor: names[induction.supervisorID] ?? "",
                items: items, names: names, evidence: evidence, files: files, actor: actor,
                mayReadPathway: Policy.decide(
                    actor, .readSharedPathway,
                    on: .record(
                        Policy.PathwayStanding(
                            isSameOrganisation: induction.organisationID == actor.organisationID,
                            isSupervisorOfOwner: induction.supervisorID == actor.personID, isShared: shared)))
                    == .allow,
                csrf: request.csrfToken, errors: errors, today: request.application.cairn.today,
                supervision: SupervisionPages.list(
                    meetings,
                    mayOpen: Policy.decide(actor, .keepSupervisionLog, on: .record(supervisionStanding)) == .allow,
                    zone: request.application.cairn.configuration.timeZone),
                role: RoleDescriptionPages.onInduction(
                    description, acknowledged: acknowledged,
                    isNewStarter: Policy.decide(
                        actor, .acknowledgeRoleDescription,
                        on: .record(InductionAccess.standing(of: actor, to: induction)))
                        == .allow, inductionID: induction.id, csrf: request.csrfToken)))
    }

    @Sendable package func itemPage(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.ItemView.self)
        guard view.item.completedOn == nil else {
            return request.redirect(to: SiteURL.induction(view.induction.id).path)
        }
        return try await InductionPages.itemForm(
            request: request, induction: view.induction, item: view.item, evidence: "", errors: FormErrors()
        ).encodeResponse(for: request)
    }

    private struct CompleteForm: Content {
        var evidence: String?
        var version: Int?
        var evidenceFile: File?
    }

    @Sendable package func complete(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.ItemView.self)
        let form = try request.content.decode(CompleteForm.self)
        let service = InductionService(context: ServiceContext(request))
        let upload = SealedFiles.Upload(form.evidenceFile)
        switch try await service.complete(
            view.item, evidence: form.evidence ?? "", file: upload, version: form.version)
        {
        case .failure(let errors):
            return try await InductionPages.itemForm(
                request: request, induction: view.induction, item: view.item, evidence: form.evidence ?? "",
                errors: errors
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.induction(view.induction.id).path)
        }
    }

    /// The item's evidence file, as a download, for those who follow the induction.
    @Sendable package func evidenceFile(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.ItemView.self)
        let context = ServiceContext(request)
        let service = InductionService(context: context)
        guard let file = try await service.evidenceFiles(of: [view.item]).values.first,
            let opened = try service.open(file)
        else { throw Abort(.notFound) }
        try await context.audit(
            InductionAudit.evidenceFileRead, resourceType: .inductionItem, resourceID: view.item.id?.uuidString,
            subject: view.induction.inducteeID)
        return .file(opened.data, type: file.kind.mediaType, filename: opened.name)
    }

    private struct SignOffForm: Content {
        var version: Int?
    }

    @Sendable package func signOff(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.ItemView.self)
        let form = try request.content.decode(SignOffForm.self)
        switch try await InductionService(context: ServiceContext(request)).signOff(view.item, version: form.version) {
        case .failure(let errors):
            return try await page(request, induction: view.induction, errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.induction(view.induction.id).path)
        }
    }
}
