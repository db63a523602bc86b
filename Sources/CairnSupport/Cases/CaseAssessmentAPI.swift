import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// A case's assessment and the updates for the educator who suggested support, through the API: the case page's
/// services and rules, for its assigned case managers; the clinician's decision on each update, for the clinician.
extension APIHandler {
    private static func assessment(_ record: SupportCase, request: Request) throws -> Components.Schemas.CaseAssessment
    {
        .init(
            version: record.version,
            confirmedReasons: (record.confirmedReasonNames ?? "").split(separator: ",").map(String.init),
            goals: try CaseService(request: request).goals(of: record))
    }

    package func getCaseAssessment(_ input: Operations.GetCaseAssessment.Input) async throws
        -> Operations.GetCaseAssessment.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        return .ok(.init(body: .json(try Self.assessment(record, request: request))))
    }

    package func setCaseAssessment(_ input: Operations.SetCaseAssessment.Input) async throws
        -> Operations.SetCaseAssessment.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard body.goals.unicodeScalars.count <= 5_000 else {
            throw Abort(.badRequest, reason: "goals: at most 5,000 characters.")
        }
        guard Set(body.confirmedReasons).count == body.confirmedReasons.count else {
            throw Abort(.badRequest, reason: "confirmedReasons: each once.")
        }
        let result = try await CaseService(request: request).assess(
            record, reasons: body.confirmedReasons.compactMap { ReferralReason(rawValue: $0.rawValue) },
            goals: body.goals, seenVersion: body.version)
        if case .failure(let errors) = result {
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        }
        let saved = try await SupportCase.find(record.requireID(), on: request.db) ?? record
        return .ok(.init(body: .json(try Self.assessment(saved, request: request))))
    }

    private static func educatorUpdates(_ record: SupportCase, request: Request) async throws
        -> [Components.Schemas.EducatorUpdate]
    {
        let cipher = request.application.cairn.cipher
        return try await EducatorUpdates(request: request).all(for: record).map { update in
            .init(
                id: try update.requireID().uuidString.lowercased(),
                stage: .init(rawValue: update.stage.rawValue) ?? .introduction, text: try update.text(cipher),
                status: .init(rawValue: update.status.rawValue) ?? .awaitingClinician, writtenAt: update.writtenAt)
        }
    }

    package func listCaseEducatorUpdates(_ input: Operations.ListCaseEducatorUpdates.Input) async throws
        -> Operations.ListCaseEducatorUpdates.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        return .ok(.init(body: .json(try await Self.educatorUpdates(record, request: request))))
    }

    package func draftEducatorUpdate(_ input: Operations.DraftEducatorUpdate.Input) async throws
        -> Operations.DraftEducatorUpdate.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard body.update.unicodeScalars.count <= 2_000 else {
            throw Abort(.badRequest, reason: "update: at most 2,000 characters.")
        }
        let errors = try await EducatorUpdates(request: request).draft(
            .init(stage: body.stage.rawValue, update: body.update), for: record)
        if let refusal = errors.refusal(jsonPointer: { "/" + $0 }) { throw refusal }
        return .created(.init(body: .json(try await Self.educatorUpdates(record, request: request))))
    }

    package func listOwnEducatorUpdates(_ input: Operations.ListOwnEducatorUpdates.Input) async throws
        -> Operations.ListOwnEducatorUpdates.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        return .ok(.init(body: .json(try await Self.educatorUpdates(record, request: request))))
    }

    package func decideEducatorUpdate(_ input: Operations.DecideEducatorUpdate.Input) async throws
        -> Operations.DecideEducatorUpdate.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await EducatorUpdates(request: request).decide(
            updateID: UUID(uuidString: input.path.updateId), on: record, approve: body.share)
        return .ok(.init(body: .json(try await Self.educatorUpdates(record, request: request))))
    }
}
