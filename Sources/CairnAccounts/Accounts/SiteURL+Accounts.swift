import CairnPlatform
import Foundation

/// The accounts feature's paths: registration, sign-in, recovery, invitations and one's own account.
extension SiteURL {
    /// Signing in through the organisation's OpenID provider: the start, and where the provider sends people back.
    package static let singleSignOn = SiteURL(segments: [.constant("sign-in"), .constant("single-sign-on")])
    package static let singleSignOnCallback = SiteURL(segments: [
        .constant("sign-in"), .constant("single-sign-on"), .constant("callback"),
    ])
    package static let signOut = SiteURL(segments: [.constant("sign-out")])
    /// How long the session has left (asked by the time-out warning; not itself activity), and "Stay signed in".
    package static let sessionRemaining = SiteURL(segments: [.constant("session"), .constant("remaining")])
    package static let sessionKeepAlive = SiteURL(segments: [.constant("session"), .constant("keep-alive")])
    /// A form sent after the session lapsed, kept for its person to send after signing in again.
    package static let heldForm = SiteURL(segments: [.constant("session"), .constant("held-form")])
    package static let heldFormDiscard = SiteURL(segments: [
        .constant("session"), .constant("held-form"), .constant("discard"),
    ])
    package static let register = SiteURL(segments: [.constant("register")])
    package static let registered = SiteURL(segments: [.constant("register"), .constant("check-your-email")])
    package static func verifyEmail(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("verify-email"), .parameter("token", token)])
    }
    package static let forgotPassword = SiteURL(segments: [.constant("forgot-password")])
    package static func resetPassword(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("reset-password"), .parameter("token", token)])
    }
    package static func acceptInvitation(_ token: String?) -> SiteURL {
        SiteURL(segments: [.constant("invitation"), .parameter("token", token)])
    }
    package static let accountPassword = SiteURL(segments: [.constant("account"), .constant("password")])
    package static let accountSecondFactor = SiteURL(segments: [.constant("account"), .constant("second-factor")])
    package static func accountSessionEnd(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("account"), .constant("sessions"), .parameter("sessionID", id?.uuidString.lowercased()),
            .constant("end"),
        ])
    }
    package static let accountTokens = SiteURL(segments: [.constant("account"), .constant("tokens")])
    package static func accountTokenRevoke(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("account"), .constant("tokens"), .parameter("tokenID", id?.uuidString.lowercased()),
            .constant("revoke"),
        ])
    }
}
