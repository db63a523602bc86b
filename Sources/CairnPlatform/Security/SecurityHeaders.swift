import Vapor

/// Adds the security headers to every response, errors and static files included (SECURITY.md §17).
public struct SecurityHeaders: AsyncMiddleware {
    package let strictTransport: Bool
    package let contentSecurityPolicy: String

    /// `formTargets`: origins besides our own that a form's answer may lead to (the single sign-on provider, whose
    /// sign-out follows Cairn's; browsers check `form-action` along a form's redirects).
    public init(strictTransport: Bool, formTargets: [String] = []) {
        self.strictTransport = strictTransport
        self.contentSecurityPolicy = Self.contentSecurityPolicy(formTargets: formTargets)
    }

    package static func contentSecurityPolicy(formTargets: [String] = []) -> String {
        [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
            "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
            "frame-ancestors 'none'", (["form-action 'self'"] + formTargets).joined(separator: " "),
        ].joined(separator: "; ")
    }

    /// Our own static files: the only responses a browser may keep.
    package static let staticPrefixes = ["/css/", "/js/", "/images/", "/favicon.svg"]

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = response.headers
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()")
        if strictTransport {
            response.headers.replaceOrAdd(
                name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        if !headers.contains(name: .cacheControl) {
            let isStatic = Self.staticPrefixes.contains { request.url.path.hasPrefix($0) } && response.status == .ok
            response.headers.replaceOrAdd(name: .cacheControl, value: isStatic ? "public, max-age=3600" : "no-store")
        }
        response.headers.remove(name: .server)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        return response
    }
}
