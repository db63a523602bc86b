import Fluent
import SQLKit

/// The resource library (issue #19 item 5): items, views counted per item per month (no reader is recorded), and
/// the full-text index: an FTS5 table on SQLite, a weighted `tsvector` column with a GIN index on PostgreSQL.
/// Frozen once landed.
struct CreateLibrary: AsyncMigration {
    var name: String { "0026_CreateLibrary" }

    func prepare(on database: any Database) async throws {
        try await database.schema("library_items")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("url", .string)
            .field("file_name", .string)
            .field("file_kind", .string)
            .field("file_bytes", .int)
            .field("file_sha256", .string)
            .field("reasons", .string, .required)
            .field("professions", .string, .required)
            .field("visibility", .string, .required)
            .field("status", .string, .required)
            .field("review_on", .string, .required)
            .field("review_notice_for", .string)
            .field("owner_id", .uuid, .required, .references("people", "id"))
            .field("search_text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema("library_views")
            .id()
            .field("item_id", .uuid, .required, .references("library_items", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("views", .int, .required)
            .unique(on: "item_id", "month")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "library_items_by_status").on("library_items")
            .column("organisation_id").column("status").column("updated_at").run()
        try await sql.create(index: "library_items_by_review").on("library_items")
            .column("status").column("review_on").run()
        switch sql.dialect.name {
        case "postgresql":
            try await sql.raw(
                """
                ALTER TABLE library_items ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', title), 'A') ||
                  setweight(to_tsvector('english', summary), 'B') ||
                  setweight(to_tsvector('english', search_text), 'C')) STORED
                """
            ).run()
            // Kept uncompressed: ranking reads every match's vector, and decompressing them cost more than the reads.
            try await sql.raw("ALTER TABLE library_items ALTER COLUMN search_document SET STORAGE EXTERNAL").run()
            try await sql.raw("CREATE INDEX library_items_search ON library_items USING GIN (search_document)").run()
        default:
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE library_search USING fts5(
                  item_id UNINDEXED, title, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2',
                  prefix = '2 3')
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name != "postgresql" { try await sql.raw("DROP TABLE IF EXISTS library_search").run() }
        try await database.schema("library_views").delete()
        try await database.schema("library_items").delete()
    }
}
