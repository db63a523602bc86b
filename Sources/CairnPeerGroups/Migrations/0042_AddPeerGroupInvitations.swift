import Fluent
import SQLKit

/// Who may join a group (issue #16 item 1: "membership (invite, request to join, leave)"): a group is open to
/// anyone in its organisation who accepts the agreement (every group before this migration), or by invitation, where
/// a facilitator invites someone or lets in someone who asked. One row per person and group holds where that stands.
/// Frozen once landed.
struct AddPeerGroupInvitations: AsyncMigration {
    var name: String { "0042_AddPeerGroupInvitations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("peer_groups")
            .field("joining", .string, .required, .sql(.default("open")))
            .update()
        try await database.schema("peer_group_invitations")
            .id()
            .field("group_id", .uuid, .required, .references("peer_groups", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .unique(on: "group_id", "person_id")
            .create()
        try await (database as! any SQLDatabase).create(index: "peer_group_invitations_by_group_status")
            .on("peer_group_invitations").column("group_id").column("status").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("peer_group_invitations").delete()
        try await database.schema("peer_groups").deleteField("joining").update()
    }
}
