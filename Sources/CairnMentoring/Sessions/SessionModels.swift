import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// One planned session of a pair. The record is the pair's alone: sealed at rest, read and written only by them.
package final class MentoringSession: Model, @unchecked Sendable {
    package static let schema = "mentoring_sessions"

    package enum Status: String, Codable, Sendable, CaseIterable {
        case planned, held, cancelled, missed

        package var title: String {
            switch self {
            case .planned: "Planned"
            case .held: "Held"
            case .cancelled: "Cancelled"
            case .missed: "Missed"
            }
        }
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "pair_id") package var pairID: UUID
    @Field(key: "number") package var number: Int
    @Field(key: "due_on") package var dueOn: String
    @OptionalField(key: "starts_at") package var startsAt: Date?
    @Field(key: "minutes") package var minutes: Int
    @Field(key: "mode") package var mode: String
    @OptionalField(key: "video_link") package var videoLink: String?
    @Enum(key: "status") package var status: Status
    /// The iCalendar SEQUENCE: raised on every change a calendar should see.
    @Field(key: "sequence") package var sequence: Int
    /// Sealed.
    @OptionalField(key: "record") package var record: String?
    @OptionalField(key: "record_updated_at") package var recordUpdatedAt: Date?
    /// When it was logged as held (server time, set once): the dual-blind week runs from here.
    @OptionalField(key: "held_at") package var heldAt: Date?
    @OptionalField(key: "reminded_at") package var remindedAt: Date?
    @OptionalField(key: "nudged_at") package var nudgedAt: Date?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package static func recordBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "record")
    }
}

/// One side's answers after a held session (DOMAIN.md §6: Cairn's own questions).
package final class SessionFeedback: Model, @unchecked Sendable {
    package static let schema = "session_feedback"

    @ID(key: .id) package var id: UUID?
    @Field(key: "session_id") package var sessionID: UUID
    @Field(key: "side") package var side: String
    @Field(key: "answered_at") package var answeredAt: Date
    @Field(key: "felt_safe") package var feltSafe: Int
    @Field(key: "useful") package var useful: Int
    @Field(key: "actions_agreed") package var actionsAgreed: Bool
    @Field(key: "recommend") package var recommend: Int
    /// Sealed.
    @OptionalField(key: "comment") package var comment: String?

    package init() {}

    package static func commentBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "comment")
    }
}

/// A person's private calendar feed: the token in the URL is the key, so only its hash is kept.
package final class CalendarFeed: Model, @unchecked Sendable {
    package static let schema = "calendar_feeds"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

extension MentoringSession {
    /// A pair's session as the programme's template plans it: its number, its due day, the template's length and
    /// mode, not yet held. Every way a pair gets its sessions starts here (a published pair, an imported one).
    package static func planned(
        _ due: SessionPlan.Due, of pair: MentoringPair, in programme: MentoringProgramme, id: UUID, at now: Date
    ) throws -> MentoringSession {
        let session = MentoringSession()
        session.id = id
        session.pairID = try pair.requireID()
        session.number = due.number
        session.dueOn = due.due.description
        session.minutes = programme.sessionMinutes
        session.mode = programme.sessionMode
        session.status = .planned
        session.sequence = 0
        session.updatedAt = now
        return session
    }
}
