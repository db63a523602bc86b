import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
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
    /// `singleSignOn`: it came through the organisation's provider (its sign-out goes on to the provider's).
    package func start(for personID: UUID, secondFactorDone: Bool, singleSignOn: Bool = false, response: Response)
        async throws -> SignInSession
    {
        if let current = request.signInSession { try await current.delete(on: request.db) }
        let token = Secrets.token()
        let session = SignInSession(
            id: UUID(), personID: personID, tokenHash: Secrets.hash(token), csrfToken: Secrets.token(),
            secondFactorDone: secondFactorDone, now: now,
            expiresAt: now.addingTimeInterval(configuration.security.absolute),
            addressHash: request.addressPseudonym,
            userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(200)) },
            singleSignOn: singleSignOn)
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
    /// `touch`: false for the time-out warning's own question (asking how long is left must not reset the clock).
    /// `idleLimit` hears the session's person (nil when no longer active) and roles, read with it in one query.
    package func find(
        touch: Bool = true, idleLimit: (SignInSession, SignedInIdentity?) async throws -> TimeInterval
    ) async throws
        -> SignInSession?
    {
        guard let token = request.cookies[Self.cookieName(for: configuration)]?.string, !token.isEmpty else {
            return nil
        }
        let tokenHash = Secrets.hash(token)
        guard
            let (session, identity) = try await Accounts.credentialWithIdentity(
                SignInSession.self, tokenHash: tokenHash, request: request)
        else {
            // A session that lapsed in the last hour: a form it sends now is kept for its person (`HeldForms`).
            if let lapsed = try await LapsedSignIn.query(on: request.db).filter(\.$tokenHash == tokenHash)
                .filter(\.$expiresAt > now).first()
            {
                request.lapsedSession = LapsedSession(personID: lapsed.personID, csrfHash: lapsed.csrfHash)
            }
            return nil
        }
        let limit = try await idleLimit(session, identity)
        // Between password and code, a session lives a few minutes at most: a stolen password alone cannot keep
        // a half-signed-in session open to guess codes at leisure.
        let halfSignedInTooLong =
            !session.secondFactorDone
            && now.timeIntervalSince(session.createdAt) > SecondFactorThrottling.halfSignedInLifetime
        guard now < session.expiresAt, now.timeIntervalSince(session.lastSeenAt) <= limit, !halfSignedInTooLong else {
            // A fully signed-in session that lapsed (not one whose account was closed): remembered by hashes only
            // for an hour from the moment it lapsed, so a form it sends in that time is kept for its person
            // (`HeldForms`). Written before the session goes, and once however many requests race to do it.
            let lapsedAt = min(session.lastSeenAt.addingTimeInterval(max(0, limit)), session.expiresAt)
            let keptUntil = lapsedAt.addingTimeInterval(HeldForms.lifetime)
            if session.secondFactorDone, limit >= 0, keptUntil > now {
                let csrfHash = Secrets.hash(session.csrfToken)
                try await (request.db as! any SQLDatabase).insert(into: LapsedSignIn.schema)
                    .columns("id", "token_hash", "person_id", "csrf_hash", "expires_at")
                    .values(
                        SQLBind(request.application.cairn.collaborators.newID()), SQLBind(tokenHash),
                        SQLBind(session.personID), SQLBind(csrfHash), SQLBind(keptUntil)
                    )
                    .ignoringConflicts(with: ["token_hash"]).run()
                request.lapsedSession = LapsedSession(personID: session.personID, csrfHash: csrfHash)
            }
            try await session.delete(on: request.db)
            return nil
        }
        request.sessionIdleLimit = limit
        // Touch at most once a minute: a write per request would cost more than it tells.
        if touch, now.timeIntervalSince(session.lastSeenAt) > 60 {
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
    /// Sessions past their absolute end go an hour after it: until then a request may still find one, and a form it
    /// sends is kept (`HeldForms`), not lost to a purge that happened to run first.
    package static func purgeExpired(now: Date, on database: any Database) async throws {
        try await SignInSession.query(on: database).filter(\.$expiresAt < now.addingTimeInterval(-HeldForms.lifetime))
            .delete()
    }
}

/// A session that lapsed in the last hour, behind this request's cookie: whose it was and its form token's hash.
package struct LapsedSession: Sendable, Equatable {
    package var personID: UUID
    package var csrfHash: String
}

/// A session that lapsed, remembered for an hour by its cookie's and form token's hashes only.
package final class LapsedSignIn: Model, @unchecked Sendable {
    package static let schema = "lapsed_sign_ins"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "csrf_hash") package var csrfHash: String
    @Field(key: "expires_at") package var expiresAt: Date

    package init() {}
}

extension LapsedSignIn: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["token_hash": PlainBecause.hash, "csrf_hash": PlainBecause.hash],
        secrets: ["token_hash", "csrf_hash"])
}

extension SessionStore {
    /// Seconds until the request's session ends if nothing more is done: the idle limit from its last touch, or
    /// its absolute end, whichever is sooner; 0 without one.
    package func remainingSeconds() -> Int {
        guard let session = request.signInSession, let limit = request.sessionIdleLimit else { return 0 }
        let idleEnd = session.lastSeenAt.addingTimeInterval(limit)
        return max(0, Int(min(idleEnd, session.expiresAt).timeIntervalSince(now).rounded(.down)))
    }

    /// Whether staying active can keep the session: false when its absolute end comes before the idle one.
    package func isRenewable() -> Bool {
        guard let session = request.signInSession, let limit = request.sessionIdleLimit else { return false }
        return session.lastSeenAt.addingTimeInterval(limit) < session.expiresAt
    }

    /// Marks the session used now, whenever it was last touched (the warning's "Stay signed in").
    package func keepAlive() async throws {
        guard let session = request.signInSession else { return }
        session.lastSeenAt = now
        try await session.update(on: request.db)
    }
}

extension Request {
    private struct LapsedSessionKey: StorageKey {
        package typealias Value = LapsedSession
    }
    private struct IdleLimitKey: StorageKey {
        package typealias Value = TimeInterval
    }

    package var lapsedSession: LapsedSession? {
        get { storage[LapsedSessionKey.self] }
        set { storage[LapsedSessionKey.self] = newValue }
    }

    /// The idle limit that applies to the request's session (staff have a shorter one).
    package var sessionIdleLimit: TimeInterval? {
        get { storage[IdleLimitKey.self] }
        set { storage[IdleLimitKey.self] = newValue }
    }

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
