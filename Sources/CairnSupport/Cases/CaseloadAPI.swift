import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Vapor

/// `/api/v1/caseload`, a case manager's holdings for the unit lead, and moving a case (issue #13 item 2): the same
/// service, queries and policy as `/cases` and `/cases/team/{id}`.
extension APIHandler {
    package func listCaseload(_ input: Operations.ListCaseload.Input) async throws -> Operations.ListCaseload.Output {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let service = CaseService(request: request)
        let requested = try Paging.requested(byClient: input.query.page)
        let state = input.query.state.flatMap { CaseState(rawValue: $0.rawValue) }
        guard (input.query.search?.count ?? 0) <= 100 else {
            throw Abort(.badRequest, reason: "search must be 100 characters or fewer.")
        }
        let search = input.query.search?.trimmingCharacters(in: .whitespaces)
        func load(_ page: Int) async throws -> CaseService.Caseload {
            try await service.caseload(
                of: actor.personID, state: state, search: search?.isEmpty == false ? search : nil, page: page,
                pageSize: CaseloadPages.pageSize)
        }
        let (caseload, paging) = try await Self.lastPageIfPast(requested, pageSize: CaseloadPages.pageSize, load)
        return .ok(.init(body: .json(Self.caseload(caseload, paging: paging, asHolder: true))))
    }

    package func listCaseManagerHoldings(_ input: Operations.ListCaseManagerHoldings.Input) async throws
        -> Operations.ListCaseManagerHoldings.Output
    {
        let request = try APIRequest.require()
        let service = CaseService(request: request)
        guard let holderID = UUID(uuidString: input.path.personId), try await service.holder(holderID) != nil else {
            throw Abort(.notFound, reason: "Nobody of the unit who holds cases, or could, has this id.")
        }
        let requested = try Paging.requested(byClient: input.query.page)
        let (caseload, paging) = try await Self.lastPageIfPast(requested, pageSize: TeamHoldingsPage.pageSize) {
            try await service.holdings(of: holderID, page: $0, pageSize: TeamHoldingsPage.pageSize)
        }
        return .ok(.init(body: .json(Self.caseload(caseload, paging: paging, asHolder: false))))
    }

    package func reallocateCase(_ input: Operations.ReallocateCase.Input) async throws
        -> Operations.ReallocateCase.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let caseID = UUID(uuidString: input.path.caseId) else { throw Abort(.notFound) }
        // The ids' form is checked for every operation before this (`RequestInjection`): 422 naming the field.
        guard let from = UUID(uuidString: body.fromId), let to = UUID(uuidString: body.toId) else {
            throw Abort(.unprocessableEntity)
        }
        switch try await CaseService(request: request).reallocate(caseID: caseID, from: from, to: to) {
        case .success: return .noContent(.init())
        case .failure(.notFound): throw Abort(.notFound)
        case .failure(.notAnAssignee):
            var problems = FormErrors()
            problems.add(
                "/toId", "Choose one of the unit's active case managers (GET /api/v1/case-managers), not yourself.")
            throw ValidationFailure(problems)
        case .failure(.notHeldByThem):
            throw Abort(.conflict, reason: "This case is no longer with fromId: it has already moved. Read it again.")
        case .failure(.alreadyHeld):
            throw Abort(.conflict, reason: "toId already holds this case.")
        }
    }

    /// A page of a caseload; a page past the last answers the last (as the other lists do).
    private static func lastPageIfPast(
        _ requested: Int, pageSize: Int, _ load: (Int) async throws -> CaseService.Caseload
    ) async throws -> (CaseService.Caseload, Paging) {
        var caseload = try await load(requested)
        let paging = Paging(total: caseload.total, pageSize: pageSize, requested: requested)
        if paging.page != requested { caseload = try await load(paging.page) }
        return (caseload, paging)
    }

    /// `asHolder`: the caller's own cases, with who the clinician is, when they wrote, the plan's next review and
    /// what is unread; otherwise (the lead looking at someone's holdings) the structured columns only.
    private static func caseload(_ caseload: CaseService.Caseload, paging: Paging, asHolder: Bool)
        -> Components.Schemas.Caseload
    {
        .init(
            total: paging.total, page: paging.page, pageCount: paging.pageCount,
            cases: caseload.rows.map { row in
                .init(
                    id: row.id.uuidString.lowercased(), reference: row.reference,
                    clinician: asHolder ? row.clinician : nil,
                    state: .init(rawValue: row.state.rawValue) ?? .active, receivedAt: row.received,
                    firstContactDue: row.due.description,
                    standing: .init(rawValue: row.standing.rawValue) ?? .onTrack, saidAtRisk: row.saidAtRisk,
                    lastFromClinicianAt: asHolder ? row.lastFromClinician : nil,
                    unreadMessages: asHolder ? row.unread : nil,
                    nextReviewOn: asHolder ? row.nextReview?.description : nil)
            })
    }
}
