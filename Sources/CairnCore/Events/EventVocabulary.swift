public import Foundation

/// How an event is held.
public enum EventFormat: String, CaseIterable, Codable, Sendable {
    case inPerson = "in_person"
    case video
    case hybrid

    public var title: String {
        switch self {
        case .inPerson: "In person"
        case .video: "By video"
        case .hybrid: "In person and by video"
        }
    }

    public var needsPlace: Bool { self != .video }
    public var needsLink: Bool { self != .inPerson }
}

/// Who may see an event (and, once published, book it).
public enum EventVisibility: String, CaseIterable, Codable, Sendable {
    /// The wider network: anyone may read it without an account; booking needs one.
    case `public`
    /// Signed-in members of the organisation.
    case members

    public var title: String {
        switch self {
        case .public: "Public: anyone may read it, booking needs an account"
        case .members: "Members: people signed in to this service"
        }
    }
}

/// Where an event is in its life.
public enum EventStatus: String, CaseIterable, Codable, Sendable {
    /// Seen by its organisers only.
    case draft
    case published
    /// Called off: bookers are told, nobody books.
    case cancelled

    public var title: String {
        switch self {
        case .draft: "Draft"
        case .published: "Published"
        case .cancelled: "Cancelled"
        }
    }
}

/// A person's place at an event.
public enum BookingStatus: String, CaseIterable, Codable, Sendable {
    case booked
    case waiting
    case cancelled

    public var title: String {
        switch self {
        case .booked: "Booked"
        case .waiting: "On the waiting list"
        case .cancelled: "Cancelled"
        }
    }
}

/// Whether booking is open now, and if not, why: the one reading of an event's window, status and first session.
public enum BookingWindow: Equatable, Sendable {
    case open
    case notYetOpen(opens: Date)
    case closed
    case notPublished
    case cancelled

    public static func at(
        _ now: Date, status: EventStatus, opensAt: Date, closesAt: Date
    ) -> BookingWindow {
        switch status {
        case .draft: return .notPublished
        case .cancelled: return .cancelled
        case .published:
            if now < opensAt { return .notYetOpen(opens: opensAt) }
            if now >= closesAt { return .closed }
            return .open
        }
    }

    /// Why a booking or a change to one was refused, in a sentence.
    public var refusal: String? {
        switch self {
        case .open: nil
        case .notYetOpen: "Booking has not opened yet"
        case .closed: "Booking for this event has closed"
        case .notPublished: "This event is not published yet"
        case .cancelled: "This event was cancelled"
        }
    }
}
