import Fluent
import SQLKit

/// Indexes for the pages that read the unit's cases in SQL (triage, caseload, the team's load): a case manager's
/// assignments, a case's messages from the clinician, and the open requests of an organisation. Without them each
/// page load scans every assignment and message ever written. Frozen once landed.
struct IndexCaseloadAndTriage: AsyncMigration {
    var name: String { "0015_IndexCaseloadAndTriage" }

    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("case_assignments_by_person", "case_assignments", ["person_id", "case_id"]),
        ("case_messages_by_case", "case_messages", ["case_id", "sender_id", "created_at"]),
        ("cases_by_organisation_state", "cases", ["organisation_id", "state", "received_at"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes { try await sql.drop(index: index.name).run() }
    }
}
