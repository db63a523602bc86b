import Fluent
import SQLKit

/// The append-only, hash-chained audit trail (SECURITY.md §21–22). Frozen once landed.
///
/// `audit_head` holds one row: the last sequence number and hash. Appending updates it first, which serialises
/// writers on both databases (a row lock on PostgreSQL, the write lock on SQLite). Triggers refuse UPDATE and
/// DELETE on entries.
struct CreateAuditEntries: AsyncMigration {
    var name: String { "0005_CreateAuditEntries" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .id()
            .field("sequence", .int64, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_roles", .string, .required)
            .field("action", .string, .required)
            .field("resource_type", .string, .required)
            .field("resource_id", .string)
            .field("subject_id", .uuid)
            .field("outcome", .string, .required)
            .field("reason", .string)
            .field("request_id", .string)
            .field("session_hash", .string)
            .field("address_hash", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, \(bind: AuditChain.genesis))")
            .run()
        try await AppendOnly.protect(table: "audit_entries", on: sql)
    }

    func revert(on database: any Database) async throws {
        try await AppendOnly.unprotect(table: "audit_entries", on: database as! any SQLDatabase)
        try await database.schema("audit_head").delete()
        try await database.schema("audit_entries").delete()
    }
}

/// Triggers that refuse UPDATE and DELETE: the one dialect-specific piece of the audit trail, in both dialects.
enum AppendOnly {
    static func protect(table: String, on sql: any SQLDatabase) async throws {
        switch sql.dialect.name {
        case "postgresql":
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION cairn_refuse_change() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'append-only table: % refused', TG_OP; END; $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                "CREATE TRIGGER \(unsafeRaw: table)_append_only BEFORE UPDATE OR DELETE ON \(ident: table) FOR EACH ROW EXECUTE FUNCTION cairn_refuse_change()"
            ).run()
        default:
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    "CREATE TRIGGER \(unsafeRaw: table)_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON \(ident: table) BEGIN SELECT RAISE(ABORT, 'append-only table'); END"
                ).run()
            }
        }
    }

    static func unprotect(table: String, on sql: any SQLDatabase) async throws {
        switch sql.dialect.name {
        case "postgresql":
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_append_only ON \(ident: table)").run()
        default:
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_no_update").run()
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_no_delete").run()
        }
    }
}
