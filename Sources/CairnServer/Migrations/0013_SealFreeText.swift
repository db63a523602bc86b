import Fluent
import Foundation
import SQLKit

/// Seals the free text that earlier migrations left plain (issue #11): a self-referral's transition, decline
/// reasons (the case's and its event's), break-glass and other stated reasons in the audit trail, a mentoring
/// pair's decline reason and a programme lead's reason for changing a proposal. Each value is bound to its table, row and field like every other sealed value.
///
/// The audit trail is append-only: its triggers are lifted for this one statement set and put back in the same
/// transaction. The chain hashes reasons as stated, so sealing them leaves every hash as it was.
/// Frozen once landed.
struct SealFreeText: AsyncMigration {
    var name: String { "0013_SealFreeText" }

    /// Nil only where migrations are listed by name (status checks); running it without a cipher is refused.
    let cipher: EnvelopeCipher?

    static let columns: [(table: String, column: String)] = [
        ("cases", "transition"), ("cases", "decline_reason"), ("case_events", "detail"),
        ("mentoring_pairs", "decline_reason"), ("match_proposals", "override_reason"), ("audit_entries", "reason"),
    ]

    enum Failure: Error {
        case noCipher
    }

    func prepare(on database: any Database) async throws {
        guard let cipher else { throw Failure.noCipher }
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            try await AppendOnly.unprotect(table: "audit_entries", on: sql)
            for (table, column) in Self.columns {
                try await seal(table: table, column: column, cipher: cipher, on: sql)
            }
            try await AppendOnly.protect(table: "audit_entries", on: sql)
        }
    }

    /// Pages through the rows that hold a value, sealing each in place.
    private func seal(table: String, column: String, cipher: EnvelopeCipher, on sql: any SQLDatabase) async throws {
        var after: UUID?
        while true {
            var query = sql.select().column("id").column(column).from(table)
                .where(SQLColumn(column), .isNot, SQLLiteral.null)
            if let after { query = query.where("id", .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy("id").limit(500).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let plain = try row.decode(column: column, as: String.self)
                let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: column)
                try await sql.update(table).set(column, to: SQLBind(try cipher.seal(plain, for: binding)))
                    .where("id", .equal, SQLBind(id)).run()
            }
            guard rows.count == 500, let last = rows.last else { break }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }

    func revert(on database: any Database) async throws {
        guard let cipher else { throw Failure.noCipher }
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            try await AppendOnly.unprotect(table: "audit_entries", on: sql)
            for (table, column) in Self.columns {
                let rows = try await sql.select().column("id").column(column).from(table)
                    .where(SQLColumn(column), .isNot, SQLLiteral.null).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: UUID.self)
                    let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: column)
                    let plain = try cipher.open(try row.decode(column: column, as: String.self), for: binding)
                    try await sql.update(table).set(column, to: SQLBind(plain)).where("id", .equal, SQLBind(id)).run()
                }
            }
            try await AppendOnly.protect(table: "audit_entries", on: sql)
        }
    }
}
