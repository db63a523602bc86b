import CairnPlatform
import Foundation

/// The administration feature's paths: people, their roles and their status.
extension SiteURL {
    package static let adminPeople = SiteURL(segments: [.constant("admin"), .constant("people")])
    package static let adminInvite = SiteURL(segments: [.constant("admin"), .constant("people"), .constant("invite")])
    package static let auditTrail = SiteURL(segments: [.constant("admin"), .constant("audit")])
    package static func adminPerson(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
        ])
    }
    package static func adminPersonRoles(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
            .constant("roles"),
        ])
    }
    package static func adminPersonStatus(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
            .constant("status"),
        ])
    }
}
