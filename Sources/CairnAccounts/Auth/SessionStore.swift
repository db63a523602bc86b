import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Starts, finds and ends server-side sessions (SECURITY.md §5–8).
package struct SessionStore {
    package let request: Request

    package var configuration: CairnConfiguration { request.application.cairn.configuration }
    package var now: Date { request.application.cairn.collaborators.now() }

    /// `__Host-` cookies must be Secure, so plain-http development uses a plain name.
    package static func cookieName(for configuration: CairnConfiguration) -> String {
        configuration.baseURL.scheme == "https" ? "__Host-cairn" : "cairn_session"
    }

    /// A new session with a new id; any session the request came with is ended first (no fixation).
    @discardableResult
    package func start(for personID: UUID, secondFactorDone: Bool, response: Response) async throws -> SignInSession {
        if let current = request.signInSession { try await current.delete(on: request.db) }
        let token = Secrets.token()
        let session = SignInSession(
            id: UUID(), personID: personID, tokenHash: Secrets.hash(token), csrfToken: Secrets.token(),
            secondFactorDone: secondFactorDone, now: now,
            expiresAt: now.addingTimeInterval(configuration.security.absolute),
            addressHash: request.addressPseudonym,
            userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(200)) })
        try await session.create(on: request.db)
        response.cookies[Self.cookieName(for: configuration)] = cookie(token)
        request.signInSession = session
        return session
    }

    /// Ends the request's session on the server and clears the cookie.
    package func end(response: Response) async throws {
        if let session = request.signInSession { try await session.delete(on: request.db) }
        request.signInSession = nil
        request.actor = nil
        response.cookies[Self.cookieName(for: configuration)] = expiredCookie()
    }

    /// Ends every session of a person (password change, account disabled), optionally keeping one.
    package static func endAll(for personID: UUID, except keep: UUID? = nil, on database: any Database) async throws {
        var query = SignInSession.query(on: database).filter(\.$personID == personID)
        if let keep { query = query.filter(\.$id != keep) }
        try await query.delete()
    }

    /// The live session behind the request's cookie, or nil; an idle or expired one is deleted.
    package func find(idleLimit: (SignInSession) async throws -> TimeInterval) async throws -> SignInSession? {
        guard let token = request.cookies[Self.cookieName(for: configuration)]?.string, !token.isEmpty else {
            return nil
        }
        guard
            let session = try await SignInSession.query(on: request.db)
                .filter(\.$tokenHash == Secrets.hash(token)).first()
        else { return nil }
        let limit = try await idleLimit(session)
        // Between password and code, a session lives a few minutes at most: a stolen password alone cannot keep
        // a half-signed-in session open to guess codes at leisure.
        let halfSignedInTooLong =
            !session.secondFactorDone
            && now.timeIntervalSince(session.createdAt) > SecondFactorThrottling.halfSignedInLifetime
        guard now < session.expiresAt, now.timeIntervalSince(session.lastSeenAt) <= limit, !halfSignedInTooLong else {
            try await session.delete(on: request.db)
            return nil
        }
        // Touch at most once a minute: a write per request would cost more than it tells.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
        return session
    }

    private func cookie(_ token: String) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: nil, domain: nil, path: "/",
            isSecure: configuration.baseURL.scheme == "https", isHTTPOnly: true, sameSite: .lax)
    }

    private func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: configuration.baseURL.scheme == "https", isHTTPOnly: true, sameSite: .lax)
    }

    /// Purges sessions past their absolute end (run by the housekeeping loop).
    package static func purgeExpired(now: Date, on database: any Database) async throws {
        try await SignInSession.query(on: database).filter(\.$expiresAt < now).delete()
    }
}

extension Request {
    private struct SessionKey: StorageKey {
        package typealias Value = SignInSession
    }

    /// The request's sign-in session; setting it also sets the pseudonym the audit trail records.
    package var signInSession: SignInSession? {
        get { storage[SessionKey.self] }
        set {
            storage[SessionKey.self] = newValue
            sessionPseudonym = newValue.map {
                Secrets.pseudonym($0.tokenHash, pepper: application.cairn.keyRing.pepper)
            }
        }
    }
}
