import Fluent
import SQLKit

/// Peer groups, their members, meetings, places at meetings, and reflections (issue #16). The peer-groups
/// feature's first migration (`PeerGroupsFeature.migrations`). Frozen once landed.
struct CreatePeerGroups: AsyncMigration {
    var name: String { "0017_CreatePeerGroups" }

    func prepare(on database: any Database) async throws {
        try await database.schema("peer_groups")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("audience", .string, .required)
            .field("capacity", .int, .required)
            .field("place", .string, .required)
            .field("agreement", .string, .required)
            .field("agreement_version", .int, .required)
            .field("rule_ordinal", .int, .required)
            .field("rule_weekday", .int, .required)
            .field("rule_start_minute", .int, .required)
            .field("rule_minutes", .int, .required)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        try await database.schema("peer_group_members")
            .id()
            .field("group_id", .uuid, .required, .references("peer_groups", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("agreement_version", .int)
            .field("accepted_at", .datetime)
            .field("joined_at", .datetime, .required)
            .field("left_at", .datetime)
            .unique(on: "group_id", "person_id")
            .create()
        try await database.schema("peer_meetings")
            .id()
            .field("group_id", .uuid, .required, .references("peer_groups", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("minutes", .int, .required)
            .field("status", .string, .required)
            .field("taken", .int, .required)
            .field("record", .string)
            .field("themes", .string, .required)
            .field("version", .int, .required)
            .unique(on: "group_id", "day")
            .create()
        try await database.schema("peer_meeting_places")
            .id()
            .field("meeting_id", .uuid, .required, .references("peer_meetings", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("status", .string, .required)
            .field("asked_at", .datetime, .required)
            .field("presenter", .bool, .required)
            .unique(on: "meeting_id", "person_id")
            .create()
        try await database.schema("reflections")
            .id()
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("model", .string, .required)
            .field("meeting_id", .uuid, .references("peer_meetings", "id", onDelete: .setNull))
            .field("content", .string, .required)
            .field("cpd_minutes", .int, .required)
            .field("written_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "peer_group_members_by_person").on("peer_group_members").column("person_id").run()
        try await sql.create(index: "peer_meetings_by_group_start").on("peer_meetings").column("group_id")
            .column("starts_at").run()
        try await sql.create(index: "peer_meeting_places_by_person").on("peer_meeting_places").column("person_id")
            .run()
        try await sql.create(index: "reflections_by_author").on("reflections").column("author_id")
            .column("written_on").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["reflections", "peer_meeting_places", "peer_meetings", "peer_group_members", "peer_groups"] {
            try await database.schema(table).delete()
        }
    }
}
