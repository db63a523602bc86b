import Fluent
import SQLKit

/// Practices and their development plans, personal development plans, evidence, appraisal and revalidation dates,
/// and facilitators' challenge logs (issue #18). Frozen once landed.
struct CreatePracticeDevelopment: AsyncMigration {
    var name: String { "0024_CreatePracticeDevelopment" }

    func prepare(on database: any Database) async throws {
        try await database.schema("practices")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("vision", .string, .required)
            .field("facilitator_id", .uuid, .required, .references("people", "id"))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "name")
            .create()
        try await database.schema("practice_members")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("staff_group", .string, .required)
            .field("joined_at", .datetime, .required)
            .unique(on: "practice_id", "person_id")
            .create()
        try await database.schema("practice_workshops")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id", onDelete: .cascade))
            .field("held_on", .string, .required)
            .field("notes", .string)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("workshop_attendees")
            .id()
            .field("workshop_id", .uuid, .required, .references("practice_workshops", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .unique(on: "workshop_id", "person_id")
            .create()
        try await database.schema("practice_needs")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("source", .string, .required)
            .field("finding", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("need_rankings")
            .id()
            .field("workshop_id", .uuid, .required, .references("practice_workshops", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("need_id", .uuid, .required, .references("practice_needs", "id", onDelete: .cascade))
            .field("rank", .int, .required)
            // Named: Fluent's default names for these two share their first 63 characters, PostgreSQL's limit.
            .unique(on: "workshop_id", "person_id", "need_id", name: "need_rankings_one_rank_per_need")
            .unique(on: "workshop_id", "person_id", "rank", name: "need_rankings_each_rank_once")
            .create()
        try await database.schema("practice_developments")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id", onDelete: .cascade))
            .field("need_id", .uuid, .references("practice_needs", "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("aim", .string, .required)
            .field("objective", .string, .required)
            .field("owner_id", .uuid, .references("people", "id"))
            .field("starts_on", .string, .required)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("before_evidence", .string, .required)
            .field("after_evidence", .string, .required)
            .field("conclusion", .string, .required)
            .field("change_made", .string, .required)
            .field("realised", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("pdp_items")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("learning_need", .string, .required)
            .field("objective", .string, .required)
            .field("activity", .string, .required)
            .field("target_on", .string, .required)
            .field("domain", .string, .required)
            .field("status", .string, .required)
            .field("evidence", .string)
            .field("review_note", .string)
            .field("development_id", .uuid, .references("practice_developments", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("development_evidence")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("day", .string, .required)
            .field("title", .string, .required)
            .field("minutes", .int, .required)
            .field("participatory", .bool, .required)
            .field("pdp_item_id", .uuid, .references("pdp_items", "id", onDelete: .setNull))
            .field("source", .string, .required)
            .field("source_ref", .string)
            .field("file_name", .string)
            .field("file_kind", .string)
            .field("file_bytes", .int)
            .field("file_sha256", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("development_profiles")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("register", .string, .required)
            .field("revalidation_due_on", .string, .required)
            .field("notice_sent_for", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
        try await database.schema("appraisals")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("held_on", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_id", "held_on")
            .create()
        try await database.schema("senge_entries")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("challenge", .string, .required)
            .field("phase", .string, .required)
            .field("day", .string, .required)
            .field("happened", .string, .required)
            .field("negotiated", .string, .required)
            .field("outcome", .string)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        for (table, columns) in [
            ("practices", ["facilitator_id"]), ("practice_members", ["person_id"]),
            ("practice_workshops", ["practice_id", "held_on"]), ("practice_needs", ["practice_id"]),
            ("practice_developments", ["practice_id", "status"]), ("pdp_items", ["person_id", "target_on"]),
            ("pdp_items", ["development_id"]), ("development_evidence", ["person_id", "day"]),
            ("development_evidence", ["pdp_item_id"]), ("development_profiles", ["revalidation_due_on"]),
            ("appraisals", ["held_on"]), ("senge_entries", ["practice_id", "day"]),
        ] {
            var index = sql.create(index: "\(table)_by_\(columns.joined(separator: "_"))").on(table)
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "senge_entries", "appraisals", "development_profiles", "development_evidence", "pdp_items",
            "practice_developments", "need_rankings", "practice_needs", "workshop_attendees", "practice_workshops",
            "practice_members", "practices",
        ] {
            try await database.schema(table).delete()
        }
    }
}
