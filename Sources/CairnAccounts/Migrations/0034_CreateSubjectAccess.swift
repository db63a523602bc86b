import Fluent
import SQLKit

/// Subject access requests and the organisation's disclosure rules (issue #20 item 1), and the audit trail indexed
/// by whom an entry names, so an export pages through a person's entries without reading the whole trail.
/// Frozen once landed.
struct CreateSubjectAccess: AsyncMigration {
    var name: String { "0034_CreateSubjectAccess" }

    func prepare(on database: any Database) async throws {
        try await database.schema("subject_access_requests")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("asked_by", .string, .required)
            .field("received_on", .string, .required)
            .field("due_on", .string, .required)
            .field("recorded_by", .uuid, .required, .references("people", "id"))
            .field("recorded_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("answered_by", .uuid, .references("people", "id"))
            .create()
        try await (database as! any SQLDatabase).create(index: "subject_access_requests_by_due")
            .on("subject_access_requests").column("due_on").run()
        try await (database as! any SQLDatabase).create(index: "subject_access_requests_by_person")
            .on("subject_access_requests").column("person_id").run()
        try await database.schema("disclosure_rules")
            .id()
            .field("kind", .string, .required)
            .field("rule", .string, .required)
            .field("updated_by", .uuid, .required, .references("people", "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "kind")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_entries_by_actor").on("audit_entries").column("actor_id").column("id").run()
        try await sql.create(index: "audit_entries_by_subject").on("audit_entries").column("subject_id").column("id")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "audit_entries_by_subject").run()
        try await sql.drop(index: "audit_entries_by_actor").run()
        try await database.schema("disclosure_rules").delete()
        try await database.schema("subject_access_requests").delete()
    }
}
