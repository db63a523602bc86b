import Fluent

/// One-off moves of a meeting (issue #16 item 2): a meeting may meet somewhere else for once (`place`, empty for the
/// group's usual place), and a moved meeting remembers the day its group's rule gave it (`rule_day`), so planning
/// ahead never plans that day again. Frozen once landed.
struct AddPeerMeetingMoves: AsyncMigration {
    var name: String { "0040_AddPeerMeetingMoves" }

    func prepare(on database: any Database) async throws {
        try await database.schema("peer_meetings").field("place", .string).update()
        try await database.schema("peer_meetings").field("rule_day", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("peer_meetings").deleteField("rule_day").update()
        try await database.schema("peer_meetings").deleteField("place").update()
    }
}
