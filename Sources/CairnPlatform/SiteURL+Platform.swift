import Foundation

/// The platform's own paths, and the ones the gate sends people to (signing in, the second factor, the account).
extension SiteURL {
    package static let home = SiteURL(segments: [])
    package static let privacy = SiteURL(segments: [.constant("privacy")])
    package static let accessibility = SiteURL(segments: [.constant("accessibility")])
    package static let contact = SiteURL(segments: [.constant("contact")])
    package static let healthz = SiteURL(segments: [.constant("healthz")])
    package static let readyz = SiteURL(segments: [.constant("readyz")])
    package static let metrics = SiteURL(segments: [.constant("metrics")])
    package static let openAPISpec = SiteURL(segments: [.constant("api"), .constant("openapi.yaml")])
    package static let signIn = SiteURL(segments: [.constant("sign-in")])
    package static let secondFactor = SiteURL(segments: [.constant("sign-in"), .constant("second-factor")])
    package static let account = SiteURL(segments: [.constant("account")])
}
