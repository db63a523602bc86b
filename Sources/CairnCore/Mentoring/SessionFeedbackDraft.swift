import Foundation

/// A field of a session's feedback: the same name on the page and in the API's JSON.
public enum SessionFeedbackField: String, CaseIterable, Sendable {
    case feltSafe, useful, actionsAgreed, recommend, comment

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// One side's feedback on a held session, as typed or sent, before it is checked (issue #12 item 4).
public struct SessionFeedbackDraft: Sendable, Equatable {
    public var feltSafe: Int?
    public var useful: Int?
    public var actionsAgreed: Bool?
    public var recommend: Int?
    public var comment: String?

    public init(
        feltSafe: Int? = nil, useful: Int? = nil, actionsAgreed: Bool? = nil, recommend: Int? = nil,
        comment: String? = nil
    ) {
        self.feltSafe = feltSafe
        self.useful = useful
        self.actionsAgreed = actionsAgreed
        self.recommend = recommend
        self.comment = comment
    }

    /// Reads a form: numbers as typed, "yes"/"no" for the agreed actions.
    public static func fromForm(_ value: (String) -> String?) -> SessionFeedbackDraft {
        func number(_ field: SessionFeedbackField) -> Int? { value(field.formName).flatMap { Int($0.trimmed) } }
        let agreed: Bool? =
            switch value(SessionFeedbackField.actionsAgreed.formName) {
            case "yes": true
            case "no": false
            default: nil
            }
        return SessionFeedbackDraft(
            feltSafe: number(.feltSafe), useful: number(.useful), actionsAgreed: agreed, recommend: number(.recommend),
            comment: value(SessionFeedbackField.comment.formName))
    }

    public struct Answers: Sendable, Equatable {
        public var feltSafe: Int
        public var useful: Int
        public var actionsAgreed: Bool
        public var recommend: Int
        public var comment: String?
    }

    public func validate() -> Result<Answers, DraftRefusal<SessionFeedbackField>> {
        var problems: [DraftProblem<SessionFeedbackField>] = []
        func scale(_ value: Int?, _ range: ClosedRange<Int>, _ field: SessionFeedbackField, _ message: String) -> Int {
            guard let value, range.contains(value) else {
                problems.append(.init(field, message))
                return 0
            }
            return value
        }
        let safe = scale(feltSafe, 1...5, .feltSafe, "Choose how safe you felt, from 1 to 5")
        let useful = scale(self.useful, 1...5, .useful, "Choose how useful it was, from 1 to 5")
        if actionsAgreed == nil { problems.append(.init(.actionsAgreed, "Say whether you agreed actions")) }
        let recommend = scale(self.recommend, 0...10, .recommend, "Choose how likely you are to recommend it, 0 to 10")
        let comment = (self.comment ?? "").trimmed
        if comment.count > 2_000 { problems.append(.init(.comment, "Keep your comment to 2,000 characters or fewer")) }
        guard problems.isEmpty, let actionsAgreed else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Answers(
                feltSafe: safe, useful: useful, actionsAgreed: actionsAgreed, recommend: recommend,
                comment: comment.isEmpty ? nil : comment))
    }
}
