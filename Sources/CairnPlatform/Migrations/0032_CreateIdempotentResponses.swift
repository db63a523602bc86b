import Fluent
import SQLKit

/// What a POST sent with an `Idempotency-Key` answered, so a retry gets the same answer instead of doing it twice
/// (issue #14 item 4). One row per person and key; kept a day. Frozen once landed.
package struct CreateIdempotentResponses: AsyncMigration {
    package init() {}

    package var name: String { "0032_CreateIdempotentResponses" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("idempotent_responses")
            .id()
            .field("person_id", .uuid, .required)
            .field("key_hash", .string, .required)
            .field("fingerprint", .string, .required)
            .field("state", .string, .required)
            .field("status", .int)
            .field("headers", .string)
            .field("body", .string)
            .field("created_at", .int64, .required)
            .unique(on: "person_id", "key_hash")
            .create()
        try await (database as! any SQLDatabase).create(index: "idempotent_responses_by_age")
            .on("idempotent_responses").column("created_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("idempotent_responses").delete()
    }
}
