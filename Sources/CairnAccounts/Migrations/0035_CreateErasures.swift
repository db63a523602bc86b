import Fluent
import SQLKit

/// The record of each erasure of a person's data (issue #20 item 2): whose, why, by whom, when, and what it
/// changed; the organisation's retention rules, and the records a rule has erased. Frozen once landed.
struct CreateErasures: AsyncMigration {
    var name: String { "0035_CreateErasures" }

    func prepare(on database: any Database) async throws {
        try await database.schema("erasures")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("reason", .string, .required)
            .field("erased_by", .uuid, .required, .references("people", "id"))
            .field("erased_at", .datetime, .required)
            .field("summary", .string, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "erasures_by_time")
            .on("erasures").column("erased_at").column("id").run()
        try await database.schema("retention_rules")
            .id()
            .field("kind", .string, .required)
            .field("years", .int, .required)
            .field("automatic", .bool, .required)
            .field("updated_by", .uuid, .required, .references("people", "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "kind")
            .create()
        try await database.schema("erased_records")
            .id()
            .field("table_name", .string, .required)
            .field("record_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("erased_at", .datetime, .required)
            .unique(on: "table_name", "record_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("erased_records").delete()
        try await database.schema("retention_rules").delete()
        try await database.schema("erasures").delete()
    }
}
