import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Refuses a state-changing form post that does not carry this session's token or comes from another site
/// (SECURITY.md §15). SameSite cookies are only the backstop. The JSON API is exempt: it takes bearer tokens,
/// never cookies, so a browser cannot be tricked into sending its credentials.
package struct CSRFGuard: AsyncMiddleware {
    package init() {}

    package static let fieldName = Forms.csrfFieldName
    package static let anonymousCookie = "cairn_csrf"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.changesState(request.method), !request.url.path.hasPrefix("/api/") {
            // A form from this site carrying the token of a session that lapsed in the last hour: kept for its
            // person through signing in again (issue #20 item 6), not refused. Also when they have signed in again
            // in another tab before sending it (the token is then the lapsed session's, the cookie the new one's).
            if Self.isSameOrigin(request) {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
                let sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
                if !sent.isEmpty {
                    if request.signInSession == nil, let lapsed = request.lapsedSession,
                        constantTimeEqual(Secrets.hash(sent), lapsed.csrfHash)
                    {
                        return try await HeldForms.hold(request, lapsed: lapsed, signedIn: false)
                    }
                    if let session = request.signInSession, session.secondFactorDone,
                        !constantTimeEqual(sent, session.csrfToken),
                        let lapsed = try await LapsedSignIn.query(on: request.db)
                            .filter(\.$csrfHash == Secrets.hash(sent)).filter(\.$personID == session.personID)
                            .filter(\.$expiresAt > request.application.cairn.collaborators.now()).first()
                    {
                        return try await HeldForms.hold(
                            request, lapsed: LapsedSession(personID: lapsed.personID, csrfHash: lapsed.csrfHash),
                            signedIn: true)
                    }
                }
            }
            try await Self.check(request)
        }
        let response = try await next.respond(to: request)
        if let pending = request.storage[PendingAnonymousToken.self] {
            response.cookies[Self.anonymousCookie] = HTTPCookies.Value(
                string: pending, path: "/", isSecure: request.application.cairn.configuration.baseURL.scheme == "https",
                isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    package static func changesState(_ method: HTTPMethod) -> Bool {
        ![.GET, .HEAD, .OPTIONS].contains(method)
    }

    package static func check(_ request: Request) async throws {
        guard isSameOrigin(request) else { throw refusal }
        _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        let sent = (try? request.content.get(String.self, at: fieldName)) ?? ""
        guard let expected = expectedToken(request), !sent.isEmpty, constantTimeEqual(sent, expected) else {
            request.logger.notice("form refused: missing or wrong CSRF token")
            throw refusal
        }
    }

    package static let refusal = Abort(
        .forbidden,
        reason: "This form has expired or did not come from this site. Go back, refresh the page and try again.")

    /// Browsers say where a request comes from; anything other than this site (or a typed URL) is refused.
    package static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers.first(name: "Sec-Fetch-Site"), !["same-origin", "none"].contains(site) {
            return false
        }
        guard let origin = request.headers.first(name: .origin), origin != "null" else { return true }
        let base = request.application.cairn.configuration.baseURL
        let expected = "\(base.scheme ?? "http")://\(base.host ?? "")" + (base.port.map { ":\($0)" } ?? "")
        if origin == expected { return true }
        // Direct access on the configured host and port, when the base URL names a proxy in front.
        if let host = request.headers.first(name: .host), origin == "http://\(host)" || origin == "https://\(host)" {
            return true
        }
        return false
    }

    /// The session's token when signed in; otherwise the anonymous cookie's.
    package static func expectedToken(_ request: Request) -> String? {
        if let session = request.signInSession { return session.csrfToken }
        return request.cookies[anonymousCookie]?.string
    }
}

private struct PendingAnonymousToken: StorageKey {
    package typealias Value = String
}

extension Request {
    /// The token a form on this page must carry. For a visitor it is created on first use and set as a cookie.
    package var csrfToken: String {
        if let expected = CSRFGuard.expectedToken(self), !expected.isEmpty { return expected }
        if let pending = storage[PendingAnonymousToken.self] { return pending }
        let token = Secrets.token()
        storage[PendingAnonymousToken.self] = token
        return token
    }
}
