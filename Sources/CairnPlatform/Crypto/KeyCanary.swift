import Fluent
import Foundation

/// A known value sealed with the key ring when the database is first prepared, and opened on every start after.
/// Sealed data that does not open means the key file is not this database's: the process refuses to start, with
/// one sentence naming CAIRN_KEY_FILE, instead of starting "ready" and failing every sign-in and sealed record.
package final class KeyCanary: Model, @unchecked Sendable {
    package static let schema = "key_canary"
    static let expected = "cairn key canary v1"

    @ID(key: .id) package var id: UUID?
    @Field(key: "sealed") package var sealed: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    /// Seals the canary on first use; afterwards opens it, and throws when it does not open to what was sealed.
    package static func check(cipher: EnvelopeCipher, now: Date, on database: any Database) async throws {
        let existing: KeyCanary?
        do {
            existing = try await KeyCanary.query(on: database).first()
        } catch {
            return  // not migrated yet: `cairn migrate` (or serve's own migration) creates the table
        }
        if let existing {
            guard (try? existing.opened(\.$sealed, with: cipher)) == expected else { throw mismatch }
            return
        }
        let canary = KeyCanary()
        canary.id = UUID()
        canary.createdAt = now
        try canary.seal(expected, into: \.$sealed, with: cipher)
        try await canary.create(on: database)
    }

    static var mismatch: ConfigurationError {
        ConfigurationError(
            "CAIRN_KEY_FILE",
            "does not open this database's sealed data: it is not the key file the database was sealed with "
                + "(use the key file backed up with this database).")
    }
}

extension KeyCanary: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [], sealed: ["sealed"])
}
