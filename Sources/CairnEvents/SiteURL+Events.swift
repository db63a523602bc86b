import CairnPlatform
import Foundation

/// The learning events' paths.
extension SiteURL {
    private static func eventPath(_ id: UUID?, _ rest: String...) -> SiteURL {
        SiteURL(
            segments: [.constant("events"), .parameter("eventID", id?.uuidString.lowercased())]
                + rest.map { .constant($0) })
    }

    package static let events = SiteURL(segments: [.constant("events")])
    package static let newEvent = SiteURL(segments: [.constant("events"), .constant("new")])
    package static func event(_ id: UUID?) -> SiteURL { eventPath(id) }
    package static func eventEdit(_ id: UUID?) -> SiteURL { eventPath(id, "edit") }
    package static func eventPublish(_ id: UUID?) -> SiteURL { eventPath(id, "publish") }
    package static func eventCancel(_ id: UUID?) -> SiteURL { eventPath(id, "cancel") }
    package static func eventOrganisers(_ id: UUID?) -> SiteURL { eventPath(id, "organisers") }
    package static func eventBooking(_ id: UUID?) -> SiteURL { eventPath(id, "booking") }
    package static func eventBookingCancel(_ id: UUID?) -> SiteURL { eventPath(id, "booking", "cancel") }
    package static func eventAttendance(_ id: UUID?) -> SiteURL { eventPath(id, "attendance") }
    package static func eventAttendanceImport(_ id: UUID?) -> SiteURL { eventPath(id, "attendance", "import") }
    package static func eventCertificate(_ id: UUID?) -> SiteURL { eventPath(id, "certificate") }
    package static func eventFeedback(_ id: UUID?) -> SiteURL { eventPath(id, "feedback") }
    package static func eventInvite(_ id: UUID?) -> SiteURL { eventPath(id, "invite.ics") }
}
