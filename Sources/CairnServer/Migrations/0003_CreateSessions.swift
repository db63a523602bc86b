import Fluent

/// Server-side sessions (the cookie holds a random token; the table holds only its SHA-256), sign-in
/// throttles and single-use links. Frozen once landed.
struct CreateSessions: AsyncMigration {
    var name: String { "0003_CreateSessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("second_factor_done", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("address_hash", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema("sign_in_throttles")
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("window_started_at", .datetime, .required)
            .field("locked_until", .datetime)
            .create()
        try await database.schema("one_time_links")
            .id()
            .field("purpose", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("one_time_links").delete()
        try await database.schema("sign_in_throttles").delete()
        try await database.schema("sessions").delete()
    }
}
