import Crypto
import Foundation

/// The hash chain: hₙ = SHA-256(hₙ₋₁ ‖ canonical(entryₙ)) (SECURITY.md §22).
package enum AuditChain {
    /// The hash before the first entry.
    package static let genesis = String(repeating: "0", count: 64)

    /// Every field, in a fixed order, unit-separated; times in whole milliseconds so a database round trip
    /// cannot change the text.
    /// `reason` is the stated reason as plain text (the entry stores it sealed).
    package static func canonical(_ entry: AuditEntry, reason: String?) -> String {
        let fields: [String] = [
            String(entry.sequence), String(milliseconds(entry.occurredAt)),
            entry.actorID?.uuidString.lowercased() ?? "", entry.actorRoles, entry.action, entry.resourceType,
            entry.resourceID ?? "", entry.subjectID?.uuidString.lowercased() ?? "", entry.outcome,
            reason ?? "", entry.requestID ?? "", entry.sessionHash ?? "", entry.addressHash ?? "",
        ]
        return fields.joined(separator: "\u{1F}")
    }

    package static func hash(previous: String, entry: AuditEntry, reason: String?) -> String {
        let text = previous + "\u{1E}" + canonical(entry, reason: reason)
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    package static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// Dates are stored at millisecond precision, like the canonical text.
    package static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }
}
