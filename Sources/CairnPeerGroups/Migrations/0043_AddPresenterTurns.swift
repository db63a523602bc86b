import Fluent
import SQLKit

/// The presenter rota made swappable (issue #16 item 3): a planned meeting names who is down to bring a case
/// (`presenter_id`, set by its facilitators from the rota), and that person may ask someone else coming to take
/// their turn, who says yes or no (`peer_presenter_swaps`). Frozen once landed.
struct AddPresenterTurns: AsyncMigration {
    var name: String { "0043_AddPresenterTurns" }

    func prepare(on database: any Database) async throws {
        try await database.schema("peer_meetings").field("presenter_id", .uuid, .references("people", "id"))
            .update()
        try await database.schema("peer_presenter_swaps")
            .id()
            .field("meeting_id", .uuid, .required, .references("peer_meetings", "id", onDelete: .cascade))
            .field("from_person", .uuid, .required, .references("people", "id"))
            .field("to_person", .uuid, .required, .references("people", "id"))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).create(index: "peer_presenter_swaps_by_meeting")
            .on("peer_presenter_swaps").column("meeting_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("peer_presenter_swaps").delete()
        try await database.schema("peer_meetings").deleteField("presenter_id").update()
    }
}
