import Fluent

/// Secure messages, support plan items and the clinician's closing feedback. Frozen once landed.
struct CreateCaseMessagesAndPlans: AsyncMigration {
    var name: String { "0008_CreateCaseMessagesAndPlans" }

    func prepare(on database: any Database) async throws {
        try await database.schema("case_messages")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("sender_id", .uuid, .required, .references("people", "id"))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("plan_items")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("intervention", .string, .required)
            .field("status", .string, .required)
            .field("provider", .string)
            .field("starts_on", .string)
            .field("ends_on", .string)
            .field("cost_pence", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("case_feedback")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("answered_at", .datetime, .required)
            .field("felt_safe", .int, .required)
            .field("was_useful", .int, .required)
            .field("would_recommend", .int, .required)
            .field("comment", .string)
            .unique(on: "case_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["case_feedback", "plan_items", "case_messages"] {
            try await database.schema(table).delete()
        }
    }
}
