import Fluent
import Foundation
import Vapor

/// Counts sign-in failures by account and by address, in the database so every process shares them
/// (SECURITY.md §3). The account key is a keyed hash of the email as typed, so an unknown email is throttled
/// exactly like a known one and the answers cannot tell them apart.
struct SignInThrottling {
    let database: any Database
    let settings: SecuritySettings
    let now: Date

    enum Verdict: Equatable {
        case open(failuresSoFar: Int)
        case locked
    }

    static func accountKey(email: String, request: Request) -> String {
        "account:" + Secrets.pseudonym(Person.normalise(email: email), pepper: request.application.cairn.keyRing.pepper)
    }

    static func addressKey(request: Request) -> String {
        "address:" + request.addressPseudonym
    }

    /// Whether either key is locked now; the larger failure count decides the slow-down.
    func check(account: String, address: String) async throws -> Verdict {
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
    func recordFailure(account: String, address: String) async throws -> Bool {
        let lockedAccount = try await bump(account, lockAfter: settings.lockAfterFailures)
        _ = try await bump(address, lockAfter: settings.addressLockAfterFailures)
        return lockedAccount
    }

    /// A success clears the account's count (not the address's: one good password does not excuse a spray).
    func recordSuccess(account: String) async throws {
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

    /// After the third failure each attempt waits a little longer, up to five seconds.
    static func slowDown(afterFailures failures: Int) -> Duration {
        failures < 3 ? .zero : .seconds(min(failures - 2, 5))
    }
}
