import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Counts sign-in failures by account and by address, in the database so every process shares them
/// (SECURITY.md §3). The account key is a keyed hash of the email as typed, so an unknown email is throttled
/// exactly like a known one and the answers cannot tell them apart.
package struct SignInThrottling {
    package let database: any Database
    package let settings: SecuritySettings
    package let now: Date

    package enum Verdict: Equatable {
        case open(failuresSoFar: Int)
        case locked
    }

    package static func accountKey(email: String, pepper: SymmetricKey) -> String {
        "account:" + Secrets.pseudonym(Person.normalise(email: email), pepper: pepper)
    }

    /// `pseudonym` is the request's keyed address hash (`ServiceContext.origin`).
    package static func addressKey(pseudonym: String?) -> String {
        "address:" + (pseudonym ?? "unknown")
    }

    /// Whether either key is locked now; the larger failure count decides the slow-down.
    package func check(account: String, address: String) async throws -> Verdict {
        let rows = try await SignInThrottle.query(on: database).filter(\.$id ~~ [account, address]).all()
        var failures = 0
        for row in rows {
            if let until = row.lockedUntil, until > now { return .locked }
            if now.timeIntervalSince(row.windowStartedAt) <= settings.lockDuration, row.id == account {
                failures = max(failures, row.failures)
            }
        }
        return .open(failuresSoFar: failures)
    }

    /// Records a failure; returns true when this failure locked the account.
    package func recordFailure(account: String, address: String) async throws -> Bool {
        let lockedAccount = try await bump(account, lockAfter: settings.lockAfterFailures)
        _ = try await bump(address, lockAfter: settings.addressLockAfterFailures)
        return lockedAccount
    }

    /// A success clears the account's count (not the address's: one good password does not excuse a spray).
    package func recordSuccess(account: String) async throws {
        try await SignInThrottle.query(on: database).filter(\.$id == account).delete()
    }

    private func bump(_ key: String, lockAfter: Int) async throws -> Bool {
        let row = try await SignInThrottle.find(key, on: database) ?? SignInThrottle(key: key, now: now)
        if now.timeIntervalSince(row.windowStartedAt) > settings.lockDuration {
            row.failures = 0
            row.windowStartedAt = now
            row.lockedUntil = nil
        }
        row.failures += 1
        let locks = row.failures >= lockAfter
        if locks { row.lockedUntil = now.addingTimeInterval(settings.lockDuration) }
        try await row.save(on: database)
        return locks
    }

    /// Whether `key` is locked now, and how many failures it has in the current window.
    package func standing(of key: String) async throws -> (locked: Bool, failures: Int) {
        guard let row = try await SignInThrottle.find(key, on: database) else { return (false, 0) }
        if let until = row.lockedUntil, until > now { return (true, row.failures) }
        guard now.timeIntervalSince(row.windowStartedAt) <= settings.lockDuration else { return (false, 0) }
        return (false, row.failures)
    }

    /// Records one failure of `key`; true when it locks.
    package func recordFailure(of key: String, lockAfter: Int) async throws -> Bool {
        try await bump(key, lockAfter: lockAfter)
    }

    package func clear(_ key: String) async throws {
        try await SignInThrottle.query(on: database).filter(\.$id == key).delete()
    }

    /// After the third failure each attempt waits a little longer, up to five seconds.
    package static func slowDown(afterFailures failures: Int) -> Duration {
        failures < 3 ? .zero : .seconds(min(failures - 2, 5))
    }
}

/// The second step of signing in has its own counts, apart from the password's (a right password clears the
/// password's count, so sharing it would give each password success a fresh set of guesses at the code):
/// - per account, kept across sign-ins: the `lockAfterFailures`-th wrong code locks the second step for the lock
///   period, and while it is locked even the right code is refused;
/// - per half-signed-in session: a few wrong codes end that session, so the password must be given again.
/// Each attempt after the third failure waits longer, and a half-signed-in session lasts `halfSignedInLifetime`.
package struct SecondFactorThrottling {
    package let throttling: SignInThrottling

    package static let wrongCodesPerSession = 5
    package static let halfSignedInLifetime: TimeInterval = 5 * 60

    package static func accountKey(_ personID: UUID) -> String {
        "second-factor:account:" + personID.uuidString.lowercased()
    }
    package static func sessionKey(_ sessionID: UUID) -> String {
        "second-factor:session:" + sessionID.uuidString.lowercased()
    }

    package enum Verdict: Equatable {
        case open(failuresSoFar: Int)
        case locked
    }

    package func check(personID: UUID, sessionID: UUID) async throws -> Verdict {
        let account = try await throttling.standing(of: Self.accountKey(personID))
        let session = try await throttling.standing(of: Self.sessionKey(sessionID))
        if account.locked || session.locked || session.failures >= Self.wrongCodesPerSession { return .locked }
        return .open(failuresSoFar: max(account.failures, session.failures))
    }

    /// Records a wrong code; true when the account's second step is now locked or this session has used its tries.
    package func recordFailure(personID: UUID, sessionID: UUID) async throws -> Bool {
        let account = try await throttling.recordFailure(
            of: Self.accountKey(personID), lockAfter: throttling.settings.lockAfterFailures)
        let session = try await throttling.recordFailure(
            of: Self.sessionKey(sessionID), lockAfter: Self.wrongCodesPerSession)
        return account || session
    }

    package func recordSuccess(personID: UUID, sessionID: UUID) async throws {
        try await throttling.clear(Self.accountKey(personID))
        try await throttling.clear(Self.sessionKey(sessionID))
    }
}
