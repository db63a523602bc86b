import CairnCore
import Fluent
import Foundation

/// One planned session of a pair. The record is the pair's alone: sealed at rest, read and written only by them.
final class MentoringSession: Model, @unchecked Sendable {
    static let schema = "mentoring_sessions"

    enum Status: String, Codable, Sendable, CaseIterable {
        case planned, held, cancelled, missed

        var title: String {
            switch self {
            case .planned: "Planned"
            case .held: "Held"
            case .cancelled: "Cancelled"
            case .missed: "Missed"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "pair_id") var pairID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "starts_at") var startsAt: Date?
    @Field(key: "minutes") var minutes: Int
    @Field(key: "mode") var mode: String
    @OptionalField(key: "video_link") var videoLink: String?
    @Enum(key: "status") var status: Status
    /// The iCalendar SEQUENCE: raised on every change a calendar should see.
    @Field(key: "sequence") var sequence: Int
    /// Sealed.
    @OptionalField(key: "record") var record: String?
    @OptionalField(key: "record_updated_at") var recordUpdatedAt: Date?
    /// When it was logged as held (server time, set once): the dual-blind week runs from here.
    @OptionalField(key: "held_at") var heldAt: Date?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @OptionalField(key: "nudged_at") var nudgedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static func recordBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "record")
    }
}

/// One side's answers after a held session (DOMAIN.md §6: Cairn's own questions).
final class SessionFeedback: Model, @unchecked Sendable {
    static let schema = "session_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "side") var side: String
    @Field(key: "answered_at") var answeredAt: Date
    @Field(key: "felt_safe") var feltSafe: Int
    @Field(key: "useful") var useful: Int
    @Field(key: "actions_agreed") var actionsAgreed: Bool
    @Field(key: "recommend") var recommend: Int
    /// Sealed.
    @OptionalField(key: "comment") var comment: String?

    init() {}

    static func commentBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "comment")
    }
}

/// A person's private calendar feed: the token in the URL is the key, so only its hash is kept.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
