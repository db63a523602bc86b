import Foundation

/// The platform's own paths, and the ones the gate sends people to (signing in, the second factor, the account).
extension SiteURL {
    static let home = SiteURL(segments: [])
    static let healthz = SiteURL(segments: [.constant("healthz")])
    static let readyz = SiteURL(segments: [.constant("readyz")])
    static let metrics = SiteURL(segments: [.constant("metrics")])
    static let openAPISpec = SiteURL(segments: [.constant("api"), .constant("openapi.yaml")])
    static let signIn = SiteURL(segments: [.constant("sign-in")])
    static let secondFactor = SiteURL(segments: [.constant("sign-in"), .constant("second-factor")])
    static let account = SiteURL(segments: [.constant("account")])
}
