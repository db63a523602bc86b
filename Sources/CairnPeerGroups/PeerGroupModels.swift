import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// A peer-support and case-discussion group ("clinical café"): who it is for, when it meets, how many fit in the
/// room, and the confidentiality agreement every member accepts before they first come.
package final class PeerGroup: Model, @unchecked Sendable {
    package static let schema = "peer_groups"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "name") package var name: String
    @Field(key: "audience") package var audience: String
    @Field(key: "capacity") package var capacity: Int
    @Field(key: "place") package var place: String
    /// The agreement's wording and version: changing the wording makes a new version members accept again.
    @Field(key: "agreement") package var agreement: String
    @Field(key: "agreement_version") package var agreementVersion: Int
    @Field(key: "rule_ordinal") package var ruleOrdinal: Int
    @Field(key: "rule_weekday") package var ruleWeekday: Int
    @Field(key: "rule_start_minute") package var ruleStartMinute: Int
    @Field(key: "rule_minutes") package var ruleMinutes: Int
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date
    /// When the group stopped meeting; no meetings are planned after it.
    @OptionalField(key: "ended_at") package var endedAt: Date?
    /// Who may join: anyone in the organisation who accepts the agreement, or only those invited or let in.
    @Enum(key: "joining") package var joining: Joining

    package enum Joining: String, Codable, Sendable, CaseIterable {
        case open
        case invitation
    }

    package init() {}

    package var rule: MeetingRule {
        MeetingRule(ordinal: ruleOrdinal, weekday: ruleWeekday, startMinute: ruleStartMinute, minutes: ruleMinutes)
    }
}

/// A person's place in a group: a facilitator runs it; a member comes to it once they accepted the agreement.
package final class PeerGroupMember: Model, @unchecked Sendable {
    package static let schema = "peer_group_members"

    package enum Kind: String, Codable, Sendable {
        case facilitator
        case member
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "group_id") package var groupID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "kind") package var kind: Kind
    /// The agreement version accepted, and when; nil until accepted (a facilitator accepts when creating).
    @OptionalField(key: "agreement_version") package var agreementVersion: Int?
    @OptionalField(key: "accepted_at") package var acceptedAt: Date?
    @Field(key: "joined_at") package var joinedAt: Date
    @OptionalField(key: "left_at") package var leftAt: Date?

    package init() {}

    package var isCurrent: Bool { leftAt == nil }
}

/// One meeting of a group, on the day its rule gives (or moved, or cancelled), with the facilitator's record.
package final class PeerMeeting: Model, @unchecked Sendable {
    package static let schema = "peer_meetings"

    package enum Status: String, Codable, Sendable {
        case planned
        case cancelled
        case held
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "group_id") package var groupID: UUID
    @Field(key: "day") package var day: String
    @Field(key: "starts_at") package var startsAt: Date
    @Field(key: "minutes") package var minutes: Int
    @Enum(key: "status") package var status: Status
    /// How many have a place ("coming" or "attended"): kept in the same transaction as the places, so the
    /// capacity check is one conditional update.
    @Field(key: "taken") package var taken: Int
    /// The facilitator's short record of the discussion, sealed; readable by the meeting's attendees and the group's
    /// facilitators only.
    @OptionalField(key: "record") package var record: String?
    /// Themes, comma-separated codes from `DiscussionTheme`: counted in figures, never next to a name.
    @Field(key: "themes") package var themes: String
    @Field(key: "version") package var version: Int
    /// Where this one meeting is held when it is not the group's usual place (a one-off move).
    @OptionalField(key: "place") package var place: String?
    /// The day the group's rule gave this meeting, once it has been moved from it (planning never plans it again).
    @OptionalField(key: "rule_day") package var ruleDay: String?
    /// Who is down to bring a case to this planned meeting (set by its facilitators from the rota; swappable).
    @OptionalField(key: "presenter_id") package var presenterID: UUID?

    package init() {}

    /// The day the rule gave it, while it is on another day (nil when it was never moved, or moved back).
    package var movedFrom: String? { ruleDay == day ? nil : ruleDay }

    /// Where it is held: its own place after a one-off move, else the group's.
    package func place(in group: PeerGroup) -> String { place ?? group.place }

    package var themeList: [DiscussionTheme] {
        themes.split(separator: ",").compactMap { DiscussionTheme(rawValue: String($0)) }
    }
}

/// A member's place at a meeting: coming, waiting (in order), withdrawn, or attended (a walk-in too).
package final class MeetingPlace: Model, @unchecked Sendable {
    package static let schema = "peer_meeting_places"

    package enum Status: String, Codable, Sendable {
        case coming
        case waiting
        case withdrawn
        case attended
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "meeting_id") package var meetingID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "status") package var status: Status
    /// When they asked (the waiting list's order).
    @Field(key: "asked_at") package var askedAt: Date
    @Field(key: "presenter") package var presenter: Bool

    package init() {}
}

/// A structured reflection, the author's alone: the model and each stage's answer, sealed together.
package final class Reflection: Model, @unchecked Sendable {
    package static let schema = "reflections"

    @ID(key: .id) package var id: UUID?
    @Field(key: "author_id") package var authorID: UUID
    @Field(key: "model") package var model: String
    /// Optional: the meeting it followed (one the author attended).
    @OptionalField(key: "meeting_id") package var meetingID: UUID?
    /// Sealed JSON: title, answers by stage id, Code themes.
    @Field(key: "content") package var content: String
    /// Minutes of CPD the author claims (a meeting's length by default).
    @Field(key: "cpd_minutes") package var cpdMinutes: Int
    @Field(key: "written_on") package var writtenOn: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date
    @Field(key: "version") package var version: Int

    package init() {}
}

/// What a reflection holds, sealed as one JSON document.
package struct ReflectionContent: Codable, Sendable, Equatable {
    package var title: String
    package var answers: [String: String]
    package var codeThemes: [CodeTheme]

    package init(title: String, answers: [String: String], codeThemes: [CodeTheme]) {
        self.title = title
        self.answers = answers
        self.codeThemes = codeThemes
    }
}

/// An organisation's own reflective model (issue #16 item 5), offered beside the four Cairn ships. Its stages are
/// stored as JSON; a reflection names the template by its id.
package final class ReflectionTemplate: Model, @unchecked Sendable {
    package static let schema = "reflection_templates"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "title") package var title: String
    @Field(key: "citation") package var citation: String
    /// `[{id, title, prompt}]`, ids `stage_1`…
    @Field(key: "stages") package var stages: String
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    /// The template as a model the reflection pages, the API and the export use.
    package var model: ReflectiveModel {
        let decoded = (try? JSONDecoder().decode([ReflectiveModel.Stage].self, from: Data(stages.utf8))) ?? []
        return ReflectiveModel(
            id: id?.uuidString.lowercased() ?? "", title: title,
            citation: citation.isEmpty ? "Your organisation's own model" : citation, stages: decoded)
    }
}

/// Where one person stands to joining one group: invited by a facilitator, or asked to join; then let in, declined
/// or joined (issue #16 item 1). One row per person and group; a new invitation or request reopens it.
package final class PeerGroupInvitation: Model, @unchecked Sendable {
    package static let schema = "peer_group_invitations"

    package enum Kind: String, Codable, Sendable {
        /// A facilitator invited them.
        case invited
        /// They asked to join a group that is by invitation.
        case asked
    }

    package enum Status: String, Codable, Sendable {
        /// Waiting: an invitation not yet taken up, or a request not yet answered.
        case open
        /// A request a facilitator said yes to: they may now join by accepting the agreement.
        case letIn = "let_in"
        case declined
        /// They joined.
        case joined
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "group_id") package var groupID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "kind") package var kind: Kind
    @Enum(key: "status") package var status: Status
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}

    /// Whether it lets its person join a group that is by invitation.
    package var admits: Bool { (kind == .invited && status == .open) || status == .letIn }
}

/// A request from the member down to bring a case at a meeting to someone else coming: take my turn (issue #16
/// item 3). Answered once by the person asked; the turn moves only while the asker still holds it.
package final class PresenterSwap: Model, @unchecked Sendable {
    package static let schema = "peer_presenter_swaps"

    package enum Status: String, Codable, Sendable {
        case open
        case accepted
        case declined
        /// The asker's turn moved on before an answer (they gave up their place, asked someone else, or the
        /// facilitators named another presenter).
        case withdrawn
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "meeting_id") package var meetingID: UUID
    @Field(key: "from_person") package var fromPerson: UUID
    @Field(key: "to_person") package var toPerson: UUID
    @Enum(key: "status") package var status: Status
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}
}
