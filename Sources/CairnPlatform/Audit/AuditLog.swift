import Fluent
import Foundation
import SQLKit

/// Appends to and verifies the audit trail.
package enum AuditLog {
    /// Appends one entry, chained to the last. Safe across processes: the head row is updated first, which
    /// takes a row lock on PostgreSQL and the write lock on SQLite before anything is read.
    ///
    /// A stated reason is free text (a break-glass reason, a change's reason): it is sealed, bound to the entry,
    /// and the chain hashes the reason as stated, so sealing changes nothing a verifier checks.
    package static func append(_ event: AuditEvent, at now: Date, cipher: EnvelopeCipher, on database: any Database)
        async throws
    {
        try await database.transaction { transaction in
            let sql = transaction as! any SQLDatabase
            // One statement takes the lock and reads the head (the row lock is held until commit).
            guard
                let head = try await sql.raw(
                    "UPDATE audit_head SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, hash"
                ).first()
            else {
                throw AuditFailure.missingHead
            }
            let entry = AuditEntry()
            entry.id = UUID()
            entry.sequence = try head.decode(column: "sequence", as: Int64.self)
            entry.occurredAt = AuditChain.truncated(now)
            entry.actorID = event.actorID
            entry.actorRoles = event.actorRoles.sorted().joined(separator: ",")
            entry.action = event.action
            entry.resourceType = event.resourceType
            entry.resourceID = event.resourceID
            entry.subjectID = event.subjectID
            entry.outcome = event.outcome.rawValue
            entry.requestID = event.requestID
            entry.sessionHash = event.sessionHash
            entry.addressHash = event.addressHash
            entry.previousHash = try head.decode(column: "hash", as: String.self)
            entry.hash = AuditChain.hash(previous: entry.previousHash, entry: entry, reason: event.reason)
            try entry.seal(event.reason, into: \.$reason, with: cipher)
            try await entry.create(on: transaction)
            try await sql.raw("UPDATE audit_head SET hash = \(bind: entry.hash) WHERE id = 1").run()
        }
    }

    package enum AuditFailure: Error {
        case missingHead
    }

    /// The result of walking the chain from the first entry.
    package struct Verification: Equatable, Sendable {
        package var checked: Int
        /// The first entry that does not fit, and why; nil when the chain is intact.
        package var firstProblem: (sequence: Int64, problem: String)?

        package var isIntact: Bool { firstProblem == nil }

        package static func == (lhs: Verification, rhs: Verification) -> Bool {
            lhs.checked == rhs.checked && lhs.firstProblem?.sequence == rhs.firstProblem?.sequence
                && lhs.firstProblem?.problem == rhs.firstProblem?.problem
        }
    }

    /// Recomputes every hash in order; catches an edited row, a deleted row and a truncated tail.
    package static func verify(on database: any Database, cipher: EnvelopeCipher, pageSize: Int = 1000) async throws
        -> Verification
    {
        var previousHash = AuditChain.genesis
        var expectedSequence: Int64 = 1
        var checked = 0
        while true {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$sequence >= expectedSequence).sort(\.$sequence).limit(pageSize).all()
            for entry in page {
                if entry.sequence != expectedSequence {
                    return Verification(checked: checked, firstProblem: (expectedSequence, "entry is missing"))
                }
                if entry.previousHash != previousHash {
                    return Verification(
                        checked: checked, firstProblem: (entry.sequence, "previous hash does not match"))
                }
                // A sealed reason that does not open (moved from another entry, or edited) is a changed entry.
                let reason: String??
                do { reason = try entry.opened(\.$reason, with: cipher) } catch { reason = .none }
                guard let reason, AuditChain.hash(previous: previousHash, entry: entry, reason: reason) == entry.hash
                else {
                    return Verification(checked: checked, firstProblem: (entry.sequence, "entry was changed"))
                }
                previousHash = entry.hash
                expectedSequence += 1
                checked += 1
            }
            if page.count < pageSize { break }
        }
        let head = try await (database as! any SQLDatabase).raw("SELECT sequence, hash FROM audit_head WHERE id = 1")
            .first()
        let headSequence = try head?.decode(column: "sequence", as: Int64.self) ?? 0
        let headHash = try head?.decode(column: "hash", as: String.self) ?? ""
        if headSequence != expectedSequence - 1 || headHash != previousHash {
            return Verification(
                checked: checked, firstProblem: (expectedSequence, "entries after this one are missing"))
        }
        return Verification(checked: checked, firstProblem: nil)
    }
}
