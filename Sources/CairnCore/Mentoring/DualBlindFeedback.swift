public import Foundation

/// After a mentoring session both sides answer a few questions; neither sees the other's answers until both have
/// answered or a week has passed since the session (issue #7). Pure: give it the facts, get the rule's answer.
public struct DualBlindFeedback: Sendable, Equatable {
    public enum Side: String, Sendable, Codable {
        case mentor
        case mentee
    }

    public var sessionHeldAt: Date
    public var mentorAnsweredAt: Date?
    public var menteeAnsweredAt: Date?

    public init(sessionHeldAt: Date, mentorAnsweredAt: Date?, menteeAnsweredAt: Date?) {
        self.sessionHeldAt = sessionHeldAt
        self.mentorAnsweredAt = mentorAnsweredAt
        self.menteeAnsweredAt = menteeAnsweredAt
    }

    public static let releaseAfter: TimeInterval = 7 * 86_400

    /// When the answers open to both sides, if they have.
    public func releasedAt() -> Date? {
        if let mentor = mentorAnsweredAt, let mentee = menteeAnsweredAt { return max(mentor, mentee) }
        return nil
    }

    /// Whether `side` may now read the other side's answers.
    public func mayRead(otherSideAs side: Side, now: Date) -> Bool {
        if releasedAt().map({ $0 <= now }) == true { return true }
        return now.timeIntervalSince(sessionHeldAt) >= Self.releaseAfter
    }

    /// Whether `side` may still answer: once, and not before the session was held.
    public func mayAnswer(as side: Side, now: Date) -> Bool {
        guard now >= sessionHeldAt else { return false }
        switch side {
        case .mentor: return mentorAnsweredAt == nil
        case .mentee: return menteeAnsweredAt == nil
        }
    }
}
