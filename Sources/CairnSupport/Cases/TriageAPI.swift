import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Taking and allocating requests through the API (issue #14): the same service, locks and policy as Take and
/// Assign on `/triage`.
extension APIHandler {
    package func listCaseManagers(_ input: Operations.ListCaseManagers.Input) async throws
        -> Operations.ListCaseManagers.Output
    {
        let request = try APIRequest.require()
        let managers = try await CaseService(request: request).caseManagers()
        return .ok(.init(body: .json(managers.map { .init(id: $0.id.uuidString.lowercased(), name: $0.name) })))
    }

    package func takeTriageRequest(_ input: Operations.TakeTriageRequest.Input) async throws
        -> Operations.TakeTriageRequest.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        switch try await CaseService(request: request).take(record) {
        case .success:
            guard let taken = try await SupportCase.find(try record.requireID(), on: request.db) else {
                throw Abort(.notFound)
            }
            return .ok(.init(body: .json(try await taken.apiDetail(request: request))))
        case .failure(.alreadyTaken): throw CaseAccess.alreadyTaken
        case .failure: throw Abort(.notFound)
        }
    }

    package func assignTriageRequest(_ input: Operations.AssignTriageRequest.Input) async throws
        -> Operations.AssignTriageRequest.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let caseID = UUID(uuidString: input.path.requestId) else { throw Abort(.notFound) }
        var problems = FormErrors()
        guard let personID = UUID(uuidString: body.caseManagerId) else {
            problems.add("/caseManagerId", "Give the case manager's id, as a UUID.")
            throw ValidationFailure(problems)
        }
        switch try await CaseService(request: request).allocate(caseID: caseID, to: personID) {
        case .success: return .noContent(.init())
        case .failure(.notFound): throw Abort(.notFound)
        case .failure:
            problems.add(
                "/caseManagerId",
                "Choose one of the unit's active case managers (GET /api/v1/case-managers). To read a case yourself, "
                    + "open it and give your reason.")
            throw ValidationFailure(problems)
        }
    }

    package func withdrawReferral(_ input: Operations.WithdrawReferral.Input) async throws
        -> Operations.WithdrawReferral.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        switch try await CaseService(request: request).move(record, to: .withdrawn, seenVersion: body.version) {
        case .done:
            guard let updated = try await SupportCase.find(try record.requireID(), on: request.db) else {
                throw Abort(.notFound)
            }
            return .ok(.init(body: .json(try updated.apiSummary())))
        case .stale:
            throw Abort(
                .conflict, reason: "Your request has changed since version \(body.version); read it again, then retry.")
        case .refused:
            throw Abort(.conflict, reason: "This request has already ended, so there is nothing to withdraw.")
        }
    }

    /// The clinician's feedback once their support has closed, as on /my-support: once a case (409 again, or before
    /// it closes).
    package func giveSupportFeedback(_ input: Operations.GiveSupportFeedback.Input) async throws
        -> Operations.GiveSupportFeedback.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard record.state == .closed else {
            throw Abort(.conflict, reason: "Feedback opens when your support closes.")
        }
        let form = CaseConversation.FeedbackForm(
            feltSafe: String(body.feltSafe), wasUseful: String(body.wasUseful),
            wouldRecommend: String(body.wouldRecommend), comment: body.comment)
        let errors = try await CaseConversation(request: request).giveFeedback(form, on: record)
        if errors.entries.contains(where: { $0.message == CaseConversation.feedbackAlreadyGiven }) {
            throw Abort(.conflict, reason: CaseConversation.feedbackAlreadyGiven)
        }
        if let refusal = errors.refusal(jsonPointer: { "/" + $0 }) { throw refusal }
        return .noContent(.init())
    }
}
