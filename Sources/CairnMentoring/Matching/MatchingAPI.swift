import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// The programme lead's API for matching runs.
extension APIHandler {
    // MARK: Matching runs

    package func startMatchingRun(_ input: Operations.StartMatchingRun.Input) async throws
        -> Operations.StartMatchingRun.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        let service = try MatchingService(request: request)
        let run = try await service.start(programme, app: request.application)
        return .accepted(.init(body: .json(try await run.api(service: service))))
    }

    private func requireRun(programmeId: String, runId: String, request: Request) async throws
        -> (MentoringProgramme, MatchingRun)
    {
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard let id = UUID(uuidString: runId), let run = try await MatchingRun.find(id, on: request.db),
            run.programmeID == (try programme.requireID())
        else { throw Abort(.notFound) }
        return (programme, run)
    }

    package func getMatchingRun(_ input: Operations.GetMatchingRun.Input) async throws
        -> Operations.GetMatchingRun.Output
    {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        return .ok(.init(body: .json(try await run.api(service: try MatchingService(request: request)))))
    }

    package func publishMatchingRun(_ input: Operations.PublishMatchingRun.Input) async throws
        -> Operations.PublishMatchingRun.Output
    {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        let outcome = try await MatchingService(request: request).publish(
            run)
        return .ok(.init(body: .json(.init(published: outcome.published, skipped: outcome.skipped))))
    }

    package func changeMatchProposal(_ input: Operations.ChangeMatchProposal.Input) async throws
        -> Operations.ChangeMatchProposal.Output
    {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard run.status == .proposed else {
            throw Abort(.conflict, reason: "This run is no longer open to changes; start a new run.")
        }
        if let given = body.mentorId, UUID(uuidString: given) == nil {
            var errors = FormErrors()
            errors.add("/mentorId", "Give a mentor's id, or leave it out for no mentor")
            throw ValidationFailure(errors)
        }
        let service = try MatchingService(request: request)
        let errors = try await service.override(
            run: run, menteeID: UUID(uuidString: body.menteeId),
            mentorID: body.mentorId.flatMap(UUID.init(uuidString:)),
            reason: body.reason)
        // The service names the page's fields; the API's are the ids it was sent.
        let pointers = ["mentee": "/menteeId", "mentor": "/mentorId", "reason": "/reason"]
        if let refusal = errors.refusal(jsonPointer: { pointers[$0] ?? "/" + $0 }) { throw refusal }
        return .ok(.init(body: .json(try await run.api(service: service))))
    }

    package func swapMatchProposals(_ input: Operations.SwapMatchProposals.Input) async throws
        -> Operations.SwapMatchProposals.Output
    {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard run.status == .proposed else {
            throw Abort(.conflict, reason: "This run is no longer open to changes; start a new run.")
        }
        let service = try MatchingService(request: request)
        let errors = try await service.swap(
            run: run, first: UUID(uuidString: body.firstMenteeId), second: UUID(uuidString: body.secondMenteeId),
            reason: body.reason)
        let pointers = ["mentee": "/firstMenteeId", "reason": "/reason"]
        if let refusal = errors.refusal(jsonPointer: { pointers[$0] ?? "/" + $0 }) { throw refusal }
        return .ok(.init(body: .json(try await run.api(service: service))))
    }
}

extension MatchingRun {
    package func api(service: MatchingService) async throws -> Components.Schemas.MatchingRun {
        let proposals = status == .running ? [] : try await service.proposals(of: self)
        return .init(
            id: try requireID().uuidString.lowercased(), status: .init(rawValue: status.rawValue) ?? .failed,
            progress: progress, stage: stage, menteeCount: menteeCount, mentorCount: mentorCount,
            matchedCount: matchedCount, totalScore: totalScore, startedAt: startedAt, finishedAt: finishedAt,
            proposals: proposals.map { row in
                .init(
                    menteeId: row.menteeID.uuidString.lowercased(), menteeName: row.menteeName,
                    mentorId: row.mentorID?.uuidString.lowercased(), mentorName: row.mentorName, score: row.score,
                    factors: row.contributions.map { .init(factor: $0.factor.rawValue, points: $0.points) },
                    unmatchedReason: row.unmatchedReason, overrideReason: row.overrideReason)
            })
    }
}
