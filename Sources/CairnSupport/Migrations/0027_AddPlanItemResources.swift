import Fluent
import SQLKit

/// A plan item may point to a guide in the library or an upcoming learning event (issue #19 item 6): its kind and
/// id only (the feature that owns it describes it each time the plan is shown). Frozen once landed.
struct AddPlanItemResources: AsyncMigration {
    var name: String { "0027_AddPlanItemResources" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("plan_items").field("resource_kind", .string).update()
        try await database.schema("plan_items").field("resource_id", .uuid).update()
        // Which plans point to one item: a withdrawn guide's or a cancelled event's plans, without a scan.
        try await (database as! any SQLDatabase).create(index: "plan_items_by_resource").on("plan_items")
            .column("resource_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "plan_items_by_resource").run()
        try await database.schema("plan_items").deleteField("resource_id").update()
        try await database.schema("plan_items").deleteField("resource_kind").update()
    }
}
