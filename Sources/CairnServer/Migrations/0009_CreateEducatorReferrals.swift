import Fluent

/// An educator's suggestion that a clinician ask for support: nothing opens until the clinician confirms.
/// Frozen once landed.
struct CreateEducatorReferrals: AsyncMigration {
    var name: String { "0009_CreateEducatorReferrals" }

    func prepare(on database: any Database) async throws {
        try await database.schema("educator_referrals")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("educator_id", .uuid, .required, .references("people", "id"))
            .field("clinician_email", .string, .required)
            .field("clinician_name", .string, .required)
            .field("reasons", .string, .required)
            .field("note", .string)
            .field("status", .string, .required)
            .field("case_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("educator_referrals").delete()
    }
}
