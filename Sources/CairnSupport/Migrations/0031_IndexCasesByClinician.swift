import Fluent
import SQLKit

/// A clinician's own requests, newest first (`/my-support`, `GET /api/v1/referrals`), paged in SQL: without this
/// index each page load scans every case of the organisation. Frozen once landed.
struct IndexCasesByClinician: AsyncMigration {
    var name: String { "0031_IndexCasesByClinician" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "cases_by_clinician").on("cases")
            .column("clinician_id").column("received_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "cases_by_clinician").run()
    }
}
