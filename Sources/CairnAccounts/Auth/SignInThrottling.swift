import CairnPlatform
import Fluent
import Foundation
import SQLKit
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

    /// One statement, so failures sent at once (several tabs, several processes) are each counted: a read-then-save
    /// lost counts under parallel guessing, and two first failures clashed on the key.
    private func bump(_ key: String, lockAfter: Int) async throws -> Bool {
        let windowOpened = now.addingTimeInterval(-settings.lockDuration)
        let lockUntil = now.addingTimeInterval(settings.lockDuration)
        let stale = SQLRaw("sign_in_throttles.window_started_at < ")
        let rows = try await (database as! any SQLDatabase).raw(
            """
            INSERT INTO sign_in_throttles (key, failures, window_started_at, locked_until)
            VALUES (\(bind: key), 1, \(bind: now), \(bind: 1 >= lockAfter ? lockUntil : nil))
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN \(stale)\(bind: windowOpened) THEN 1 ELSE sign_in_throttles.failures + 1 END,
              window_started_at = CASE WHEN \(stale)\(bind: windowOpened) THEN \(bind: now)
                ELSE sign_in_throttles.window_started_at END,
              locked_until = CASE
                WHEN (CASE WHEN \(stale)\(bind: windowOpened) THEN 1 ELSE sign_in_throttles.failures + 1 END)
                  >= \(bind: lockAfter) THEN \(bind: lockUntil)
                WHEN \(stale)\(bind: windowOpened) THEN NULL
                ELSE sign_in_throttles.locked_until END
            RETURNING failures
            """
        ).first()
        let failures = try rows?.decode(column: "failures", as: Int.self) ?? 0
        return failures >= lockAfter
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
