import Fluent
import SQLKit

/// A programme's settings can change after it is created (issue #13 item 8): each change is checked against the
/// version the lead read, so two leads saving at once make one change and a 409. Frozen once landed.
struct AddProgrammeVersions: AsyncMigration {
    var name: String { "0037_AddProgrammeVersions" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "mentoring_programmes")
            .column("version", type: .int, .notNull, .default(1)).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "mentoring_programmes").dropColumn("version").run()
    }
}
