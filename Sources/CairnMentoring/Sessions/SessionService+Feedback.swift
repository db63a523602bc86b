import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Feedback on a session, dual-blind: each side's answers are hidden from the other until both have answered or the window closes.
extension SessionService {
    // MARK: Feedback, dual-blind

    package struct Answers: Sendable {
        package var feltSafe: Int
        package var useful: Int
        package var actionsAgreed: Bool
        package var recommend: Int
        package var comment: String?
    }

    package func rule(for session: MentoringSession) async throws -> DualBlindFeedback {
        let answers = try await SessionFeedback.query(on: database).filter(\.$sessionID == session.requireID()).all()
        return DualBlindFeedback(
            sessionHeldAt: session.heldAt ?? .distantFuture,
            mentorAnsweredAt: answers.first { $0.side == "mentor" }?.answeredAt,
            menteeAnsweredAt: answers.first { $0.side == "mentee" }?.answeredAt)
    }

    package func answers(on session: MentoringSession, side: DualBlindFeedback.Side) async throws -> Answers? {
        guard
            let row = try await SessionFeedback.query(on: database).filter(\.$sessionID == session.requireID())
                .filter(\.$side == side.rawValue).first()
        else { return nil }
        return Answers(
            feltSafe: row.feltSafe, useful: row.useful, actionsAgreed: row.actionsAgreed, recommend: row.recommend,
            comment: try row.comment.map {
                try state.cipher.open($0, for: SessionFeedback.commentBinding(try row.requireID()))
            })
    }

    /// Keeps one side's feedback on a held session, once, while the dual-blind rule lets that side answer.
    package func giveFeedback(
        _ draft: SessionFeedbackDraft, on session: MentoringSession, as side: DualBlindFeedback.Side
    ) async throws -> Result<Void, Refusal<SessionFeedbackField>> {
        guard session.status == .held, try await rule(for: session).mayAnswer(as: side, now: now) else {
            return .failure(.conflict(.feltSafe, Self.feedbackClosed))
        }
        let answers: SessionFeedbackDraft.Answers
        switch draft.validate() {
        case .failure(let refusal): return .failure(.invalid(refusal.problems))
        case .success(let checked): answers = checked
        }
        let row = SessionFeedback()
        row.id = state.collaborators.newID()
        row.sessionID = try session.requireID()
        row.side = side.rawValue
        row.answeredAt = now
        row.feltSafe = answers.feltSafe
        row.useful = answers.useful
        row.actionsAgreed = answers.actionsAgreed
        row.recommend = answers.recommend
        row.comment = try answers.comment.map {
            try state.cipher.seal($0, for: SessionFeedback.commentBinding(row.id!))
        }
        do {
            try await row.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .failure(.conflict(.feltSafe, Self.feedbackClosed))
        }
        try await audit(MentoringAudit.mentoringFeedbackGiven, .mentoringSession, session.id)
        return .success(())
    }
}
