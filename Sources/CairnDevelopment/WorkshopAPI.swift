import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// A practice's workshops, their rankings and the objectives proposed from a development, through the API: the
/// plan's, workshop's and development's forms, with the same services and rules.
extension APIHandler {
    package func addPracticeWorkshop(_ input: Operations.AddPracticeWorkshop.Input) async throws
        -> Operations.AddPracticeWorkshop.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard (body.notes ?? "").unicodeScalars.count <= 8_000 else {
            throw Abort(.badRequest, reason: "notes: at most 8,000 characters.")
        }
        let attendees = body.attendeeIds.compactMap(UUID.init(uuidString:))
        guard attendees.count == body.attendeeIds.count, Set(attendees).count == attendees.count else {
            throw Abort(.badRequest, reason: "attendeeIds: each a person's id, once.")
        }
        let draft = WorkshopDraft(day: body.heldOn, notes: body.notes ?? "")
        let pointers = ["workshopDay": "/heldOn", "attendees": "/attendeeIds"]
        switch try await PracticeService(context: ServiceContext(request)).addWorkshop(
            to: practice, draft, attendees: attendees)
        {
        case .failure(let errors): throw errors.refusal(jsonPointer: { pointers[$0] ?? "/\($0)" }) ?? Abort(.badRequest)
        case .success: return .created(.init(body: .json(try await Self.plan(practice, request: request))))
        }
    }

    package func recordWorkshopRanking(_ input: Operations.RecordWorkshopRanking.Input) async throws
        -> Operations.RecordWorkshopRanking.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(DevelopmentAccess.WorkshopView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var ranks: [String: String] = [:]
        for entry in body.ranks {
            guard let need = UUID(uuidString: entry.needId), (1...500).contains(entry.rank) else {
                throw Abort(.badRequest, reason: "ranks: a need's id and a rank from 1 to 500 each.")
            }
            guard ranks.updateValue(String(entry.rank), forKey: need.uuidString.lowercased()) == nil else {
                throw Abort(.badRequest, reason: "ranks: each need once.")
            }
        }
        let result = try await PracticeService(context: ServiceContext(request)).recordRanking(
            at: view, attendee: UUID(uuidString: body.attendeeId), ranks: ranks)
        if case .failure(let errors) = result {
            throw errors.refusal(jsonPointer: { $0 == "attendee" ? "/attendeeId" : "/ranks" }) ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.plan(view.practice, request: request))))
    }

    package func proposePracticeObjective(_ input: Operations.ProposePracticeObjective.Input) async throws
        -> Operations.ProposePracticeObjective.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await PracticeService(context: ServiceContext(request)).proposeObjective(
            view, memberID: body.memberId, targetOn: body.targetOn, domain: body.domain.rawValue)
        switch result {
        case .failure(let errors):
            let pointers = ["member": "/memberId", "targetOn": "/targetOn", "domain": "/domain"]
            throw errors.refusal(jsonPointer: { pointers[$0] ?? "/" }) ?? Abort(.badRequest)
        case .success(let item):
            return .created(
                .init(
                    body: .json(
                        .init(
                            id: try item.requireID().uuidString.lowercased(),
                            memberId: item.personID.uuidString.lowercased()))))
        }
    }
}
