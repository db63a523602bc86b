import Fluent
import SQLKit

/// Supervision meetings of an induction, their actions, and each side's private notes (issue #17 item 4); each
/// pathway's blocking step kept current, so the figures count who is held up where in SQL (item 7). Frozen once
/// landed.
struct CreateSupervision: AsyncMigration {
    var name: String { "0020_CreateSupervision" }

    func prepare(on database: any Database) async throws {
        try await database.schema("supervision_meetings")
            .id()
            .field("induction_id", .uuid, .required, .references("inductions", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("minutes", .int, .required)
            .field("status", .string, .required)
            .field("topics", .string)
            .field("record", .string)
            .field("held_on", .string)
            .field("version", .int, .required)
            .unique(on: "induction_id", "day")
            .create()
        try await database.schema("supervision_actions")
            .id()
            .field("meeting_id", .uuid, .required, .references("supervision_meetings", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("owner", .string, .required)
            .field("due_on", .string, .required)
            .field("done_on", .string)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("supervision_private_notes")
            .id()
            .field("meeting_id", .uuid, .required, .references("supervision_meetings", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("text", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "meeting_id", "author_id")
            .create()
        try await database.schema("registration_pathways").field("blocking_step", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "supervision_meetings_by_induction").on("supervision_meetings")
            .column("induction_id").column("starts_at").run()
        try await sql.create(index: "supervision_actions_by_meeting").on("supervision_actions").column("meeting_id")
            .run()
    }

    func revert(on database: any Database) async throws {
        for table in ["supervision_private_notes", "supervision_actions", "supervision_meetings"] {
            try await database.schema(table).delete()
        }
        try await database.schema("registration_pathways").deleteField("blocking_step").update()
    }
}
