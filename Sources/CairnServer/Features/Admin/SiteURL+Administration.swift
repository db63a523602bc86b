import Foundation

/// The administration feature's paths: people, their roles and their status.
extension SiteURL {
    static let adminPeople = SiteURL(segments: [.constant("admin"), .constant("people")])
    static let adminInvite = SiteURL(segments: [.constant("admin"), .constant("people"), .constant("invite")])
    static func adminPerson(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
        ])
    }
    static func adminPersonRoles(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
            .constant("roles"),
        ])
    }
    static func adminPersonStatus(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("people"), .parameter("personID", id?.uuidString.lowercased()),
            .constant("status"),
        ])
    }
}
