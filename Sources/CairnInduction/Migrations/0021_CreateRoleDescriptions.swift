import Fluent
import SQLKit

/// Role descriptions per role and department, versioned, and who acknowledged which version (issue #17 item 3);
/// an induction's department. Frozen once landed.
struct CreateRoleDescriptions: AsyncMigration {
    var name: String { "0021_CreateRoleDescriptions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("role_descriptions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("role", .string, .required)
            .field("department", .string, .required)
            .field("duties", .string, .required)
            .field("limits", .string, .required)
            .field("who_to_ask", .string, .required)
            .field("version", .int, .required)
            .field("updated_by", .uuid, .required, .references("people", "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "organisation_id", "role", "department")
            .create()
        try await database.schema("role_acknowledgements")
            .id()
            .field("description_id", .uuid, .required, .references("role_descriptions", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("version", .int, .required)
            .field("acknowledged_at", .datetime, .required)
            .unique(on: "description_id", "person_id", "version")
            .create()
        try await database.schema("inductions").field("department", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inductions").deleteField("department").update()
        try await database.schema("role_acknowledgements").delete()
        try await database.schema("role_descriptions").delete()
    }
}
