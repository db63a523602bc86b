import Fluent

/// Self-referrals and the support episodes they open. Frozen once landed.
///
/// Free text a clinician writes (their own words, what would help, contact details, notes, messages) is stored
/// sealed (`EnvelopeCipher`); structured answers (profession, grade, reasons) stay plain for figures.
struct CreateCases: AsyncMigration {
    var name: String { "0007_CreateCases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("referral_drafts")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("answers", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
        try await database.schema("cases")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("clinician_id", .uuid, .required, .references("people", "id"))
            .field("reference", .string, .required)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("profession", .string, .required)
            .field("grade", .string, .required)
            .field("specialty", .string)
            .field("employer", .string)
            .field("region", .string)
            .field("registration_number", .string)
            .field("qualification_country", .string)
            .field("is_international_graduate", .bool, .required)
            .field("reasons", .string, .required)
            .field("transition", .string)
            .field("own_words", .string, .required)
            .field("what_would_help", .string)
            .field("contact", .string, .required)
            .field("consent_to_hold", .bool, .required)
            .field("consent_wording", .string, .required)
            .field("consented_at", .datetime, .required)
            .field("share_with_educator", .bool, .required)
            .field("said_at_risk", .bool, .required)
            .field("received_at", .datetime, .required)
            .field("first_contact_at", .datetime)
            .field("closed_at", .datetime)
            .field("decline_reason", .string)
            .field("outcomes", .string)
            .unique(on: "reference")
            .create()
        try await database.schema("case_assignments")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("assigned_at", .datetime, .required)
            .unique(on: "case_id", "person_id")
            .create()
        try await database.schema("case_events")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("occurred_at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("kind", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string)
            .field("detail", .string)
            .create()
        try await database.schema("case_notes")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("body", .string, .required)
            .field("shared_with_clinician", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["case_notes", "case_events", "case_assignments", "cases", "referral_drafts"] {
            try await database.schema(table).delete()
        }
    }
}
