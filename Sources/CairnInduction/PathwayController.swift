import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/registration-pathway`: one's own road to GMC registration (route, steps, deadlines, what holds it up), and a
/// supervisor's read-only view of it from an induction, when its owner shared it.
package struct PathwayController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.registrationPathway, action: .keepOwnRegistrationPathway, use: show)
        routes.on(
            .registrationPathway, .POST, action: .keepOwnRegistrationPathway,
            after: .says("route-saved", "Your route is saved."), use: chooseRoute)
        routes.on(
            .registrationPathwayEntries, .POST, action: .keepOwnRegistrationPathway,
            after: .says("pathway-recorded", "It is recorded."), use: record)
        routes.on(
            .registrationPathwaySharing, .POST, action: .keepOwnRegistrationPathway,
            after: .says("pathway-sharing", "Your choice is saved."), use: share)
        routes.on(
            .inductionPathway(nil), action: .readSharedPathway, record: InductionAccess.sharedPathwayLoader(),
            use: shared)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request)
    }

    private func page(
        _ request: Request, draft: PathwayEntryDraft = PathwayEntryDraft(), errors: FormErrors = FormErrors()
    ) async throws -> HTMLPage {
        let service = PathwayService(context: ServiceContext(request))
        let title = "Your road to GMC registration"
        guard let pathway = try await service.mine() else {
            return request.page(
                Forms.title(title, errors: errors), status: errors.pageStatus,
                PathwayPages.chooseRoute(csrf: request.csrfToken, current: nil, version: nil, errors: errors))
        }
        let entries = try await service.entries(of: pathway)
        let status = service.status(of: pathway, entries: entries)
        return request.page(
            Forms.title(title, errors: errors), status: errors.pageStatus,
            PathwayPages.pathway(
                pathway: pathway, status: status, entries: entries, draft: draft, csrf: request.csrfToken,
                errors: errors))
    }

    private struct RouteForm: Content {
        var route: String?
        var version: Int?
    }

    @Sendable package func chooseRoute(request: Request) async throws -> Response {
        let form = try request.content.decode(RouteForm.self)
        switch try await PathwayService(context: ServiceContext(request)).choose(
            route: form.route ?? "", version: form.version)
        {
        case .failure(let errors): return try await page(request, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.registrationPathway.path)
        }
    }

    private struct EntryForm: Content {
        var step: String?
        var outcome: String?
        var day: String?
        var extraLearning: [String]?
        var version: Int?
    }

    @Sendable package func record(request: Request) async throws -> Response {
        let form = try request.content.decode(EntryForm.self)
        let draft = PathwayEntryDraft(
            step: form.step ?? "", outcome: form.outcome ?? "", day: form.day ?? "",
            extraLearning: form.extraLearning?.contains("yes") == true)
        switch try await PathwayService(context: ServiceContext(request)).record(draft, version: form.version) {
        case .failure(let errors):
            return try await page(request, draft: draft, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.registrationPathway.path)
        }
    }

    private struct ShareForm: Content {
        var shared: [String]?
        var version: Int?
    }

    @Sendable package func share(request: Request) async throws -> Response {
        let form = try request.content.decode(ShareForm.self)
        switch try await PathwayService(context: ServiceContext(request)).share(
            form.shared?.contains("yes") == true, version: form.version)
        {
        case .failure(let errors): return try await page(request, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.registrationPathway.path)
        }
    }

    @Sendable package func shared(request: Request) async throws -> HTMLPage {
        let view = try request.authorisedRecord(InductionAccess.SharedPathway.self)
        guard let pathway = view.pathway else { throw Abort(.notFound) }
        let context = ServiceContext(request)
        let service = PathwayService(context: context)
        let entries = try await service.entries(of: pathway)
        let name = try await Person.find(view.induction.inducteeID, on: request.db)?.displayName ?? "New starter"
        try await context.audit(
            InductionAudit.pathwayReadBySupervisor, resourceType: .registrationPathway,
            resourceID: pathway.id?.uuidString, subject: pathway.personID)
        return request.page(
            "\(name)'s road to GMC registration",
            PathwayPages.sharedView(
                name: name, induction: view.induction, status: service.status(of: pathway, entries: entries),
                entries: entries))
    }
}
