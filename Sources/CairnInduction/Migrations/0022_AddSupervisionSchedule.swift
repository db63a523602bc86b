import Fluent
import SQLKit

/// Each template says how often supervision meets (weekly meetings first, then monthly ones); an induction's
/// meetings are planned from it when the induction starts. Frozen once landed.
struct AddSupervisionSchedule: AsyncMigration {
    var name: String { "0022_AddSupervisionSchedule" }

    func prepare(on database: any Database) async throws {
        try await database.schema("induction_templates")
            .field("supervision_weekly", .int, .required, .sql(.default(4)))
            .update()
        try await database.schema("induction_templates")
            .field("supervision_monthly", .int, .required, .sql(.default(5)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("induction_templates").deleteField("supervision_monthly").update()
        try await database.schema("induction_templates").deleteField("supervision_weekly").update()
    }
}
