import Fluent
import SQLKit

/// Plan items that move (issue #13 item 4): a version for changes made from an older page, a review date, and when
/// the item last changed. Existing items start at version 1. Frozen once landed.
struct UpdatePlanItemsAddVersionAndReview: AsyncMigration {
    var name: String { "0014_UpdatePlanItemsAddVersionAndReview" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("plan_items").field("version", .int, .required, .sql(.default(1))).update()
        try await database.schema("plan_items").field("review_on", .string).update()
        try await database.schema("plan_items").field("updated_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plan_items").deleteField("updated_at").update()
        try await database.schema("plan_items").deleteField("review_on").update()
        try await database.schema("plan_items").deleteField("version").update()
    }
}
