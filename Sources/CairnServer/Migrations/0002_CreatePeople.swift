import Fluent

/// People and the roles they hold per organisation. Frozen once landed.
struct CreatePeople: AsyncMigration {
    var name: String { "0002_CreatePeople" }

    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .id()
            .field("email", .string, .required)
            .field("email_normalised", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string)
            .field("status", .string, .required)
            .field("email_verified_at", .datetime)
            .field("totp_secret", .string)
            .field("totp_last_step", .int64)
            .field("password_changed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email_normalised")
            .create()
        try await database.schema("role_grants")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("granted_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "person_id", "organisation_id", "role")
            .create()
        try await database.schema("recovery_codes")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("recovery_codes").delete()
        try await database.schema("role_grants").delete()
        try await database.schema("people").delete()
    }
}
