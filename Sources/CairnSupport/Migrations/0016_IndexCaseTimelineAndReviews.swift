import Fluent
import SQLKit

/// Indexes for a case's timeline (its events, notes and feedback by case) and for the caseload's next review (a
/// case's plan items by review date): each page reads one case's rows, never the whole table. The support
/// feature's first own migration (`SupportFeature.migrations`). Frozen once landed.
struct IndexCaseTimelineAndReviews: AsyncMigration {
    var name: String { "0016_IndexCaseTimelineAndReviews" }

    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("case_events_by_case", "case_events", ["case_id", "occurred_at"]),
        ("case_notes_by_case", "case_notes", ["case_id", "created_at"]),
        ("plan_items_by_case", "plan_items", ["case_id", "review_on"]),
        ("case_feedback_by_case", "case_feedback", ["case_id"]),
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
