import Fluent
import SQLKit

/// A case imported from a unit's earlier records keeps that system's reference (issue #14 item 3): each is imported
/// once, however often the file is sent. Unique within the organisation; empty for every case made in Cairn.
/// Frozen once landed.
struct AddCaseExternalReference: AsyncMigration {
    var name: String { "0033_AddCaseExternalReference" }

    func prepare(on database: any Database) async throws {
        try await database.schema("cases").field("external_reference", .string).update()
        try await (database as! any SQLDatabase).create(index: "cases_by_external_reference").on("cases")
            .column("organisation_id").column("external_reference").unique().run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "cases_by_external_reference").run()
        try await database.schema("cases").deleteField("external_reference").update()
    }
}
