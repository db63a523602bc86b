import Fluent

/// Updates for the educator who referred, each shown to them only once the clinician agrees. Frozen once landed.
struct CreateEducatorUpdates: AsyncMigration {
    var name: String { "0011_CreateEducatorUpdates" }

    func prepare(on database: any Database) async throws {
        try await database.schema("educator_updates")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("stage", .string, .required)
            .field("body", .string, .required)
            .field("written_by", .uuid, .required, .references("people", "id"))
            .field("written_at", .datetime, .required)
            .field("status", .string, .required)
            .field("decided_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("educator_updates").delete()
    }
}
