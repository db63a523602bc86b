import Fluent
import SQLKit

/// Forms sent after their session lapsed, kept sealed for their person for an hour, and the lapsed sessions that may
/// send them (issue #20 item 6). Frozen once landed.
struct CreateHeldForms: AsyncMigration {
    var name: String { "0028_CreateHeldForms" }

    func prepare(on database: any Database) async throws {
        try await database.schema("held_forms")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("path", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "held_forms_by_expiry").on("held_forms")
            .column("expires_at").run()
        // Sessions that lapsed in the last hour, by hashes only: what lets a form they send be kept.
        try await database.schema("lapsed_sign_ins")
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("csrf_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("lapsed_sign_ins").delete()
        try await database.schema("held_forms").delete()
    }
}
