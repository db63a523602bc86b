import Fluent

/// The case manager's needs assessment: the reasons confirmed with the clinician, and their goals (sealed).
/// Frozen once landed.
struct UpdateCasesAddAssessment: AsyncMigration {
    var name: String { "0010_UpdateCasesAddAssessment" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("cases").field("confirmed_reasons", .string).update()
        try await database.schema("cases").field("goals", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").deleteField("goals").update()
        try await database.schema("cases").deleteField("confirmed_reasons").update()
    }
}
