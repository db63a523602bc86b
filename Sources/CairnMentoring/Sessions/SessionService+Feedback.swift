import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Feedback on a session, dual-blind: each side's answers are hidden from the other until both have answered or the window closes.
extension SessionService {
    // MARK: Feedback, dual-blind

    package struct FeedbackForm: Content {
        package var feltSafe: String?
        package var useful: String?
        package var actionsAgreed: String?
        package var recommend: String?
        package var comment: String?
    }

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

    package func giveFeedback(_ form: FeedbackForm, on session: MentoringSession, as side: DualBlindFeedback.Side)
        async throws -> FormErrors
    {
        var errors = FormErrors()
        guard session.status == .held, try await rule(for: session).mayAnswer(as: side, now: now) else {
            errors.addConflict("feltSafe", Self.feedbackClosed)
            return errors
        }
        func scale(_ value: String?, _ range: ClosedRange<Int>, field: String, message: String) -> Int {
            guard let number = value.flatMap({ Int($0) }), range.contains(number) else {
                errors.add(field, message)
                return 0
            }
            return number
        }
        let safe = scale(form.feltSafe, 1...5, field: "feltSafe", message: "Choose how safe you felt, from 1 to 5")
        let useful = scale(form.useful, 1...5, field: "useful", message: "Choose how useful it was, from 1 to 5")
        let actions = form.actionsAgreed
        if actions != "yes" && actions != "no" { errors.add("actionsAgreed", "Say whether you agreed actions") }
        let recommend = scale(
            form.recommend, 0...10, field: "recommend", message: "Choose how likely you are to recommend it, 0 to 10")
        let comment = (form.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > 2_000 { errors.add("comment", "Keep your comment to 2,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        let row = SessionFeedback()
        row.id = state.collaborators.newID()
        row.sessionID = try session.requireID()
        row.side = side.rawValue
        row.answeredAt = now
        row.feltSafe = safe
        row.useful = useful
        row.actionsAgreed = actions == "yes"
        row.recommend = recommend
        row.comment =
            comment.isEmpty ? nil : try state.cipher.seal(comment, for: SessionFeedback.commentBinding(row.id!))
        do {
            try await row.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("feltSafe", Self.feedbackClosed)
            return errors
        }
        try await audit(MentoringAudit.mentoringFeedbackGiven, .mentoringSession, session.id)
        return errors
    }
}
