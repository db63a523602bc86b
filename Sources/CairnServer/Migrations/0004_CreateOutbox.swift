import Fluent

/// Email waits here until the delivery worker has handed it to a transport. Frozen once landed.
struct CreateOutbox: AsyncMigration {
    var name: String { "0004_CreateOutbox" }

    func prepare(on database: any Database) async throws {
        try await database.schema("outbox")
            .id()
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("lease_until", .datetime)
            .field("sent_at", .datetime)
            .field("failed_at", .datetime)
            .field("last_error", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
    }
}
