import Fluent

/// One row per background job that must run in one process at a time however many `cairn serve` processes share the
/// database (issue #21 item 6): the process holding an unexpired lease runs the job; another takes it over once the
/// lease has lapsed (its holder stopped). Frozen once landed.
package struct CreateJobLeases: AsyncMigration {
    package init() {}

    package var name: String { "0030_CreateJobLeases" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("lease_until", .datetime, .required)
            .field("runs", .int64, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
