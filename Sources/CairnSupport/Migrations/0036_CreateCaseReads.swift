import Fluent
import SQLKit

/// How far each case manager has read a case's messages (issue #13 item 2: unread messages on the caseload): one
/// row per case and reader, moved forward when they open the messages. Frozen once landed.
struct CreateCaseReads: AsyncMigration {
    var name: String { "0036_CreateCaseReads" }

    func prepare(on database: any Database) async throws {
        try await database.schema("case_reads")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("read_up_to", .datetime, .required)
            .unique(on: "case_id", "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_reads").delete()
    }
}
