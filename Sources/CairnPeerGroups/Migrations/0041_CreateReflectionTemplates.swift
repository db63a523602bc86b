import Fluent
import SQLKit

/// An organisation's own reflective models (issue #16 item 5: "templates are data, so an organisation can add its
/// own"): a title, where it comes from, and its stages as JSON (`[{id, title, prompt}]`). A reflection names one by
/// its id. Frozen once landed.
struct CreateReflectionTemplates: AsyncMigration {
    var name: String { "0041_CreateReflectionTemplates" }

    func prepare(on database: any Database) async throws {
        try await database.schema("reflection_templates")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("citation", .string, .required)
            .field("stages", .string, .required)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "reflection_templates_by_organisation")
            .on("reflection_templates").column("organisation_id").column("title").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reflection_templates").delete()
    }
}
