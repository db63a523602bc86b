import Foundation

/// The accounts feature's paths: registration, sign-in, recovery, invitations and one's own account.
extension SiteURL {
    static let signOut = SiteURL(segments: [.constant("sign-out")])
    static let register = SiteURL(segments: [.constant("register")])
    static let registered = SiteURL(segments: [.constant("register"), .constant("check-your-email")])
    static func verifyEmail(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("verify-email"), .parameter("token", token)])
    }
    static let forgotPassword = SiteURL(segments: [.constant("forgot-password")])
    static func resetPassword(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("reset-password"), .parameter("token", token)])
    }
    static func acceptInvitation(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("invitation"), .parameter("token", token)])
    }
    static let accountPassword = SiteURL(segments: [.constant("account"), .constant("password")])
    static let accountSecondFactor = SiteURL(segments: [.constant("account"), .constant("second-factor")])
    static func accountSessionEnd(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("account"), .constant("sessions"), .parameter("sessionID", id?.uuidString.lowercased()),
            .constant("end"),
        ])
    }
    static let accountTokens = SiteURL(segments: [.constant("account"), .constant("tokens")])
    static func accountTokenRevoke(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("account"), .constant("tokens"), .parameter("tokenID", id?.uuidString.lowercased()),
            .constant("revoke"),
        ])
    }
}
