import Fluent
import SQLKit

/// A pair brought in from a programme's earlier records keeps that record's reference (issue #14 item 3): each is
/// imported once, however often the file is sent. Unique within the programme; empty for every pair made in Cairn.
/// Frozen once landed.
struct AddPairExternalReference: AsyncMigration {
    var name: String { "0038_AddPairExternalReference" }

    func prepare(on database: any Database) async throws {
        try await database.schema("mentoring_pairs").field("external_reference", .string).update()
        try await (database as! any SQLDatabase).create(index: "mentoring_pairs_by_external_reference")
            .on("mentoring_pairs").column("programme_id").column("external_reference").unique().run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "mentoring_pairs_by_external_reference").run()
        try await database.schema("mentoring_pairs").deleteField("external_reference").update()
    }
}
