import Fluent
import SQLKit

/// Learning events: sessions, organisers, bookings with a waiting list, attendance and anonymous feedback (issue
/// #19). Frozen once landed.
struct CreateLearningEvents: AsyncMigration {
    var name: String { "0025_CreateLearningEvents" }

    func prepare(on database: any Database) async throws {
        try await database.schema("learning_events")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("professions", .string, .required)
            .field("grades", .string, .required)
            .field("staff_only", .bool, .required)
            .field("visibility", .string, .required)
            .field("format", .string, .required)
            .field("place", .string)
            .field("video_link", .string)
            .field("capacity", .int, .required)
            .field("taken", .int, .required)
            .field("booking_opens_at", .datetime, .required)
            .field("booking_closes_at", .datetime, .required)
            .field("cpd_minutes", .int, .required)
            .field("status", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema("learning_event_sessions")
            .id()
            .field("event_id", .uuid, .required, .references("learning_events", "id", onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("reminded_at", .datetime)
            .create()
        try await database.schema("learning_event_organisers")
            .id()
            .field("event_id", .uuid, .required, .references("learning_events", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .unique(on: "event_id", "person_id")
            .create()
        try await database.schema("learning_event_bookings")
            .id()
            .field("event_id", .uuid, .required, .references("learning_events", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("status", .string, .required)
            .field("asked_at", .datetime, .required)
            .field("attended", .bool, .required)
            .field("feedback_given", .bool, .required)
            .unique(on: "event_id", "person_id")
            .create()
        // Feedback carries no person and no time: organisers see aggregates, and a row must not be matched to the
        // audit entry that says who gave feedback when.
        try await database.schema("learning_event_feedback")
            .id()
            .field("event_id", .uuid, .required, .references("learning_events", "id", onDelete: .cascade))
            .field("rating", .int, .required)
            .field("usefulness", .int, .required)
            .field("comment", .string)
            // Which group of five answers it belongs to (its arrival order divided by five, nothing finer): figures
            // and comments are read from complete groups only.
            .field("batch", .int, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "learning_events_by_start").on("learning_events")
            .column("organisation_id").column("status").column("starts_at").run()
        try await sql.create(index: "learning_events_public_by_start").on("learning_events")
            .column("visibility").column("status").column("starts_at").run()
        try await sql.create(index: "learning_event_sessions_by_event").on("learning_event_sessions")
            .column("event_id").column("starts_at").run()
        try await sql.create(index: "learning_event_sessions_by_start").on("learning_event_sessions")
            .column("starts_at").run()
        try await sql.create(index: "learning_event_bookings_by_person").on("learning_event_bookings")
            .column("person_id").column("status").run()
        try await sql.create(index: "learning_event_bookings_queue").on("learning_event_bookings")
            .column("event_id").column("status").column("asked_at").run()
        try await sql.create(index: "learning_event_organisers_by_person").on("learning_event_organisers")
            .column("person_id").run()
        try await sql.create(index: "learning_event_feedback_by_event").on("learning_event_feedback")
            .column("event_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "learning_event_feedback", "learning_event_bookings", "learning_event_organisers",
            "learning_event_sessions",
            "learning_events",
        ] {
            try await database.schema(table).delete()
        }
    }
}
