import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// A learning event of the organisation: a workshop, a course, a session for the unit's own staff.
package final class LearningEvent: Model, @unchecked Sendable {
    package static let schema = "learning_events"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "title") package var title: String
    /// Markdown, shown through `SafeMarkdown`.
    @Field(key: "description") package var description: String
    /// Comma-separated profession codes the event is for (empty: everyone).
    @Field(key: "professions") package var professionCodes: String
    @Field(key: "grades") package var gradeCodes: String
    @Field(key: "staff_only") package var staffOnly: Bool
    @Enum(key: "visibility") package var visibility: EventVisibility
    @Enum(key: "format") package var format: EventFormat
    @OptionalField(key: "place") package var place: String?
    @OptionalField(key: "video_link") package var videoLink: String?
    @Field(key: "capacity") package var capacity: Int
    /// Places booked (never more than `capacity`): kept with each booking in one transaction.
    @Field(key: "taken") package var taken: Int
    @Field(key: "booking_opens_at") package var bookingOpensAt: Date
    @Field(key: "booking_closes_at") package var bookingClosesAt: Date
    @Field(key: "cpd_minutes") package var cpdMinutes: Int
    @Enum(key: "status") package var status: EventStatus
    /// The first session's start and the last one's end, for lists and the certificate.
    @Field(key: "starts_at") package var startsAt: Date
    @Field(key: "ends_at") package var endsAt: Date
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "version") package var version: Int

    package init() {}

    package var professions: [Profession] {
        professionCodes.split(separator: ",").compactMap { Profession(rawValue: String($0)) }
    }
    package var grades: [Grade] { gradeCodes.split(separator: ",").compactMap { Grade(rawValue: String($0)) } }

    package func window(at now: Date) -> BookingWindow {
        BookingWindow.at(now, status: status, opensAt: bookingOpensAt, closesAt: bookingClosesAt)
    }

    /// "For: doctors and nurses, FY1–FY2", or "Everyone".
    package var audienceText: String {
        if staffOnly { return "The unit's staff" }
        var parts: [String] = []
        if !professions.isEmpty { parts.append(professions.map(\.title).joined(separator: ", ")) }
        if !grades.isEmpty { parts.append(grades.map(\.title).joined(separator: ", ")) }
        return parts.isEmpty ? "Everyone" : parts.joined(separator: "; ")
    }
}

/// One sitting of an event (an event may run over several days).
package final class LearningEventSession: Model, @unchecked Sendable {
    package static let schema = "learning_event_sessions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "event_id") package var eventID: UUID
    @Field(key: "starts_at") package var startsAt: Date
    @Field(key: "ends_at") package var endsAt: Date
    /// When the day-before reminder went (once per session).
    @OptionalField(key: "reminded_at") package var remindedAt: Date?

    package init() {}

    package var minutes: Int { Int(endsAt.timeIntervalSince(startsAt) / 60) }
}

/// Someone who runs an event: its creator and those they add (facilitators and programme leads).
package final class LearningEventOrganiser: Model, @unchecked Sendable {
    package static let schema = "learning_event_organisers"

    @ID(key: .id) package var id: UUID?
    @Field(key: "event_id") package var eventID: UUID
    @Field(key: "person_id") package var personID: UUID

    package init() {}
}

/// A person's place at an event, or their place on its waiting list (ordered by when they asked).
package final class EventBooking: Model, @unchecked Sendable {
    package static let schema = "learning_event_bookings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "event_id") package var eventID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "status") package var status: BookingStatus
    @Field(key: "asked_at") package var askedAt: Date
    @Field(key: "attended") package var attended: Bool
    /// Whether they have given feedback (the feedback itself carries no name).
    @Field(key: "feedback_given") package var feedbackGiven: Bool

    package init() {}
}

/// One attendee's feedback, with no person and no time: read only as aggregates (and comments once five wrote one).
package final class EventFeedback: Model, @unchecked Sendable {
    package static let schema = "learning_event_feedback"

    @ID(key: .id) package var id: UUID?
    @Field(key: "event_id") package var eventID: UUID
    @Field(key: "rating") package var rating: Int
    @Field(key: "usefulness") package var usefulness: Int
    /// Sealed.
    @OptionalField(key: "comment") package var comment: String?
    /// The group of five answers it arrived in (0 for the first five): only complete groups are read, so a new
    /// answer changes nothing an organiser sees until four more have come.
    @Field(key: "batch") package var batch: Int

    package init() {}
}
