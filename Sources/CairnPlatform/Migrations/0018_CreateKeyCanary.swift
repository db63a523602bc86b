import Fluent

/// A one-row table holding a value sealed with the installation's key: opened at every start, so a key file that
/// does not belong to the database stops the process at once (issue #21 item 3). Frozen once landed.
package struct CreateKeyCanary: AsyncMigration {
    package init() {}

    package var name: String { "0018_CreateKeyCanary" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("key_canary")
            .id()
            .field("sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("key_canary").delete()
    }
}
