import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

/// Ending a pair through the API (issue #14), as the mentor or mentee does on `/mentoring/my`.
extension APIHandler {
    package func endMentoringPair(_ input: Operations.EndMentoringPair.Input) async throws
        -> Operations.EndMentoringPair.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard view.pair.status == .active else { throw Self.pairAlreadyEnded }
        let errors = try await PairLifecycle(database: request.db, state: request.application.cairn).decline(
            view, reason: body.reason)
        // Ended by the other side in between: the lifecycle says so under "reason"; it is the pair's state, a 409.
        if !errors.isEmpty, !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            body.reason.count <= 1_000
        {
            throw Self.pairAlreadyEnded
        }
        if let refusal = errors.refusal(jsonPointer: { "/" + $0 }) { throw refusal }
        return .noContent(.init())
    }

    static let pairAlreadyEnded = Abort(.conflict, reason: "This pair has already ended.")
}
