import Fluent
import Foundation
import SQLKit

/// Puts email in the outbox and lets the delivery worker claim and settle it.
package enum Outbox {
    package static func enqueue(
        to recipient: String, subject: String, body: String, now: Date, on database: any Database
    )
        async throws
    {
        try await OutboxMessage(recipient: recipient, subject: subject, body: body, now: now).create(on: database)
    }

    /// Claims up to `limit` due messages for `lease` seconds. The conditional UPDATE makes a claim exclusive
    /// across processes: only one worker's UPDATE matches a message whose lease is free.
    package static func claimDue(now: Date, lease: TimeInterval, limit: Int, on database: any Database) async throws
        -> [OutboxMessage]
    {
        let candidates = try await OutboxMessage.query(on: database)
            .filter(\.$sentAt == nil).filter(\.$failedAt == nil).filter(\.$nextAttemptAt <= now)
            .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
            .sort(\.$nextAttemptAt).limit(limit).all()
        var claimed: [OutboxMessage] = []
        let sql = database as! any SQLDatabase
        for message in candidates {
            let until = now.addingTimeInterval(lease)
            let rows = try await sql.update("outbox")
                .set("lease_until", to: SQLBind(until))
                .where("id", .equal, SQLBind(try message.requireID()))
                // Decided again in the claim itself: another process may have sent it (its lease cleared) since
                // the candidates were read, and it must not go twice.
                .where("sent_at", .is, SQLLiteral.null).where("failed_at", .is, SQLLiteral.null)
                .where { $0.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThan, SQLBind(now)) }
                .returning("id").all()
            if !rows.isEmpty {
                message.leaseUntil = until
                claimed.append(message)
            }
        }
        return claimed
    }

    package static func markSent(_ message: OutboxMessage, now: Date, on database: any Database) async throws {
        message.sentAt = now
        message.attempts += 1
        message.leaseUntil = nil
        message.lastError = nil
        try await message.update(on: database)
    }

    /// Retries with exponential back-off (1, 2, 4 … minutes, at most six hours); gives up after `maxAttempts`.
    package static func markFailed(
        _ message: OutboxMessage, error: String, now: Date, maxAttempts: Int = 12, on database: any Database
    ) async throws {
        message.attempts += 1
        message.leaseUntil = nil
        message.lastError = String(error.prefix(500))
        if message.attempts >= maxAttempts {
            message.failedAt = now
        } else {
            message.nextAttemptAt = now.addingTimeInterval(backOff(afterAttempts: message.attempts))
        }
        try await message.update(on: database)
    }

    package static func backOff(afterAttempts attempts: Int) -> TimeInterval {
        min(60 * pow(2, Double(max(attempts - 1, 0))), 6 * 3600)
    }
}
