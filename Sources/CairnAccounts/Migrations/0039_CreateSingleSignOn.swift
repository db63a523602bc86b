import Fluent
import SQLKit

/// Signing in through the organisation's OpenID Connect provider (issue #20 item 5): the sign-ins under way (by
/// hashes only), the provider identities linked to people, and which sessions came that way (their sign-out goes
/// on to the provider's). Frozen once landed.
struct CreateSingleSignOn: AsyncMigration {
    var name: String { "0039_CreateSingleSignOn" }

    func prepare(on database: any Database) async throws {
        try await database.schema("single_sign_on_attempts")
            .id()
            .field("state_hash", .string, .required)
            .field("verifier_hash", .string, .required)
            .field("nonce_hash", .string, .required)
            .field("next_path", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "state_hash")
            .create()
        try await (database as! any SQLDatabase).create(index: "single_sign_on_attempts_by_expiry")
            .on("single_sign_on_attempts").column("expires_at").run()
        try await database.schema("external_identities")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_signed_in_at", .datetime, .required)
            .unique(on: "issuer", "subject")
            .create()
        try await (database as! any SQLDatabase).create(index: "external_identities_by_person")
            .on("external_identities").column("person_id").run()
        try await database.schema("sessions")
            .field("single_sign_on", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").deleteField("single_sign_on").update()
        try await database.schema("external_identities").delete()
        try await database.schema("single_sign_on_attempts").delete()
    }
}
