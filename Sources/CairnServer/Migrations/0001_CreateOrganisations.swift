import Fluent

/// Frozen once landed: written with string column names, never with today's models.
struct CreateOrganisations: AsyncMigration {
    var name: String { "0001_CreateOrganisations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("nation", .string, .required)
            .field("time_zone", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}
