import Fluent
import Foundation
import SQLKit

/// Erasing a person (issue #20 item 2), walked from the personal-data declarations like the subject access export,
/// so a new model is covered the day it declares its personal data.
///
/// The rows that are the person's **as their subject** (a `.person` column names them, a `.through` column names a
/// parent row that is theirs, a `.listedIn` table lists them) are, by their kind's `PersonalData.Erasure`:
/// - **tombstoned**: every sealed field and every plain text field whose reason is not a counted one is replaced
///   (sealed again, bound to its row as before, so every reader opens it); codes, numbers and dates stay, so every
///   figure is the same after an erasure as before it;
/// - **deleted**, for kinds nothing counts (sign-in sessions, tokens, drafts);
/// - **kept**, with the reason (the audit trail: erasure appends to it, never edits it, and its hash chain still
///   verifies).
///
/// A row that is someone else's too (every link naming a person must name this one, or a row that is theirs alone)
/// is left as it is: a pair's session record stays when one of the pair is erased, a group's meeting record when an
/// attendee is; only the rows one side of a pair wrote (`writtenBySide`) go with that side. Rows the person only
/// wrote or did (`.by`) are about someone else and are left alone: they keep the author's id, which now names an
/// erased person. Files sealed on disk for tombstoned or deleted rows are listed for the caller
/// to remove once the transaction has committed.
package struct PersonalDataErasure: Sendable {
    package struct Kind: Sendable, Equatable, Codable {
        package var table: String
        /// "tombstone", "delete" or "keep".
        package var action: String
        package var rows: Int
        /// Rows that are someone else's too (a pair's shared record, a meeting's), left as they are.
        package var shared: Int
        /// The fields a tombstone replaces.
        package var fields: [String]
        package var files: Int
        /// Why a kept kind is kept.
        package var why: String?
    }

    /// What an erasure does, or did: by kind, in table order.
    package struct Plan: Sendable, Codable {
        /// Whose data, when a person is erased; nil when records are (a retention rule).
        package var personID: UUID?
        package var kinds: [Kind]

        package init(personID: UUID?, kinds: [Kind]) {
            self.personID = personID
            self.kinds = kinds
        }

        /// Rows tombstoned or deleted.
        package var changed: Int { kinds.filter { $0.action != "keep" }.reduce(0) { $0 + $1.rows } }
        package func kind(_ table: String) -> Kind? { kinds.first { $0.table == table } }
    }

    /// What a sealed or free-text field says once erased.
    package static let erasedText = "[erased]"
    static let chunk = 500

    package let models: [any DeclaresPersonalData.Type]
    package let cipher: EnvelopeCipher
    package let files: SealedFiles

    package init(models: [any DeclaresPersonalData.Type], cipher: EnvelopeCipher, files: SealedFiles) {
        var seen: Set<String> = []
        self.models = models.filter { !$0.personalData.whose.isEmpty && seen.insert($0.schema).inserted }
        self.cipher = cipher
        self.files = files
    }

    /// The kinds whose rows erasure deletes but that other kinds are reached through: deleting one would orphan its
    /// children (a foreign key refuses it on PostgreSQL). A test keeps this empty.
    package static func deletedParents(_ models: [any DeclaresPersonalData.Type]) -> [String] {
        let parents = PersonalDataMap.parents(models)
        return models.filter { model in
            if case .delete = model.personalData.erasure { return parents.contains(model.schema) }
            return false
        }.map { $0.schema }.sorted()
    }

    /// What erasing `personID` would do; writes nothing (the dry run).
    package func plan(for personID: UUID, on database: any Database) async throws -> Plan {
        var removed: [EnvelopeCipher.Binding] = []
        return try await walk(personID, on: database, write: false, files: &removed)
    }

    /// Erases `personID`; run it inside a transaction. Answers what was done and the sealed files to remove after
    /// the commit (a rollback must not have lost them).
    package func erase(for personID: UUID, on database: any Database) async throws -> (
        plan: Plan, files: [EnvelopeCipher.Binding]
    ) {
        var removed: [EnvelopeCipher.Binding] = []
        let plan = try await walk(personID, on: database, write: true, files: &removed)
        return (plan, removed)
    }

    /// What erasing the records `ids` of `table` would do (a retention rule's dry run): the records and every row
    /// reached from them through `.through` links (a case's notes, messages and plan; a pair's sessions and their
    /// feedback), whoever else they name. Writes nothing.
    package func planRecords(in table: String, ids: [UUID], on database: any Database) async throws -> Plan {
        var removed: [EnvelopeCipher.Binding] = []
        return try await walkRecords(table, ids: ids, on: database, write: false, files: &removed)
    }

    /// Erases the records `ids` of `table` and the rows reached from them; run it inside a transaction. Answers
    /// what was done and the sealed files to remove after the commit.
    package func eraseRecords(in table: String, ids: [UUID], on database: any Database) async throws -> (
        plan: Plan, files: [EnvelopeCipher.Binding]
    ) {
        var removed: [EnvelopeCipher.Binding] = []
        let plan = try await walkRecords(table, ids: ids, on: database, write: true, files: &removed)
        return (plan, removed)
    }

    private func walkRecords(
        _ table: String, ids: [UUID], on database: any Database, write: Bool,
        files removed: inout [EnvelopeCipher.Binding]
    ) async throws -> Plan {
        guard let sql = database as? any SQLDatabase, models.contains(where: { $0.schema == table }) else {
            throw Unsupported()
        }
        var reached: [String: [UUID: Reach]] = [:]
        var kinds: [Kind] = []
        for model in PersonalDataMap.walkOrder(models) {
            var rows: [UUID: Reach] = [:]
            if model.schema == table {
                for id in ids { rows[id] = Reach(sole: true, capacities: []) }
            } else {
                let subjects = reached.mapValues { Array($0.keys).sorted() }
                var through = model.personalData
                through.whose = through.whose.filter { link in
                    if case .through(_, let parent) = link { return subjects[parent]?.isEmpty == false }
                    return false
                }
                if !through.whose.isEmpty {
                    let found = try await Self.subjectIDs(
                        model.schema, through, personID: UUID(), subjects: subjects, on: sql)
                    for id in found { rows[id] = Reach(sole: true, capacities: []) }
                }
            }
            if !rows.isEmpty {
                reached[model.schema] = rows
                kinds.append(try await apply(model, rows: rows, write: write, on: sql, files: &removed))
            }
        }
        kinds.sort { $0.table < $1.table }
        return Plan(personID: nil, kinds: kinds)
    }

    // MARK: The walk

    struct Unsupported: Error {}

    /// How a row is the person's: only theirs (every link that names someone names them), or shared with someone
    /// else (a pair's record reached from one side, a meeting they attended); and the capacities it was reached in
    /// ("mentee", "mentor"), which tell their own words in a shared record by its side.
    struct Reach: Sendable {
        var sole: Bool
        var capacities: Set<String>
    }

    private func walk(
        _ personID: UUID, on database: any Database, write: Bool, files removed: inout [EnvelopeCipher.Binding]
    ) async throws -> Plan {
        guard let sql = database as? any SQLDatabase else { throw Unsupported() }
        let parents = PersonalDataMap.parents(models)
        var reached: [String: [UUID: Reach]] = [:]
        var kinds: [Kind] = []
        for model in PersonalDataMap.walkOrder(models) {
            let declaration = model.personalData
            if case .keep(let why) = declaration.erasure, !parents.contains(model.schema) {
                let rows = try await Self.countKept(model.schema, declaration, personID: personID, on: sql)
                kinds.append(
                    Kind(table: model.schema, action: "keep", rows: rows, shared: 0, fields: [], files: 0, why: why))
            } else {
                let rows = try await Self.subjectRows(
                    model.schema, declaration, personID: personID, reached: reached, on: sql)
                if parents.contains(model.schema) { reached[model.schema] = rows }
                kinds.append(try await apply(model, rows: rows, write: write, on: sql, files: &removed))
            }
        }
        kinds.sort { $0.table < $1.table }
        return Plan(personID: personID, kinds: kinds)
    }

    /// The rows of `table` that are the person's as their subject, each with how (`Reach`).
    static func subjectRows(
        _ table: String, _ declaration: PersonalData, personID: UUID, reached: [String: [UUID: Reach]],
        on sql: any SQLDatabase
    ) async throws -> [UUID: Reach] {
        let subjects = reached.mapValues { Array($0.keys).sorted() }
        let ids = try await subjectIDs(table, declaration, personID: personID, subjects: subjects, on: sql)
        guard !ids.isEmpty else { return [:] }
        var columns: [String] = []
        for link in declaration.whose {
            switch link {
            case .person(let key), .through(let key, _): columns.append(key.description)
            case .by, .listedIn, .participant: continue
            }
        }
        if let side = declaration.writtenBySide { columns.append(side.description) }
        let listed = declaration.whose.contains { if case .listedIn = $0 { true } else { false } }
        var result: [UUID: Reach] = [:]
        for start in stride(from: 0, to: ids.count, by: chunk) {
            let part = Array(ids[start..<min(start + chunk, ids.count)])
            var query = sql.select().column("id").from(table).where(SQLColumn("id"), .in, SQLBind.group(part))
            for column in Set(columns).sorted() { query = query.column(SQLColumn(column)) }
            for row in try await query.all() {
                let id = try row.decode(column: "id", as: UUID.self)
                var reach = Reach(sole: !listed, capacities: listed ? ["attendee"] : [])
                for link in declaration.whose {
                    switch link {
                    case .person(let key):
                        guard let value = try row.decode(column: key.description, as: UUID?.self) else { continue }
                        if value == personID { reach.capacities.insert("person") } else { reach.sole = false }
                    case .through(let key, let parent):
                        guard let value = try row.decode(column: key.description, as: UUID?.self) else { continue }
                        if let parentReach = reached[parent]?[value] {
                            reach.capacities.formUnion(parentReach.capacities)
                            reach.capacities.insert(SubjectAccessExport.capacity(key))
                            if !parentReach.sole { reach.sole = false }
                        } else {
                            reach.sole = false
                        }
                    case .by, .listedIn, .participant:
                        continue
                    }
                }
                // A shared record's row one side wrote: theirs alone when they are that side.
                if !reach.sole, let side = declaration.writtenBySide,
                    let written = try row.decode(column: side.description, as: String?.self),
                    reach.capacities.contains(written)
                {
                    reach.sole = true
                }
                result[id] = reach
            }
        }
        return result
    }

    /// The ids of the rows of `table` that name the person as their subject, in id order.
    static func subjectIDs(
        _ table: String, _ declaration: PersonalData, personID: UUID, subjects: [String: [UUID]],
        on sql: any SQLDatabase
    ) async throws -> [UUID] {
        var ids: Set<UUID> = []
        for link in declaration.whose {
            switch link {
            case .person(let key):
                let rows = try await sql.select().column("id").from(table)
                    .where(SQLColumn(key.description), .equal, SQLBind(personID)).all()
                for row in rows { ids.insert(try row.decode(column: "id", as: UUID.self)) }
            case .through(let key, let parent):
                let parentIDs = subjects[parent] ?? []
                for start in stride(from: 0, to: parentIDs.count, by: chunk) {
                    let part = Array(parentIDs[start..<min(start + chunk, parentIDs.count)])
                    let rows = try await sql.select().column("id").from(table)
                        .where(SQLColumn(key.description), .in, SQLBind.group(part)).all()
                    for row in rows { ids.insert(try row.decode(column: "id", as: UUID.self)) }
                }
            case .listedIn(let listing, let parent, let person, let condition):
                var query = sql.select().distinct().column(SQLColumn(parent.description), as: "listed")
                    .from(listing).where(SQLColumn(person.description), .equal, SQLBind(personID))
                if let condition {
                    query = query.where(SQLColumn(condition.column.description), .equal, SQLBind(condition.value))
                }
                for row in try await query.all() { ids.insert(try row.decode(column: "listed", as: UUID.self)) }
            case .by, .participant:
                continue
            }
        }
        return ids.sorted()
    }

    /// How many rows of a kept kind name the person (counted in SQL: the audit trail may hold 100,000 of theirs).
    static func countKept(_ table: String, _ declaration: PersonalData, personID: UUID, on sql: any SQLDatabase)
        async throws -> Int
    {
        let columns = declaration.whose.compactMap { link -> String? in
            if case .person(let key) = link { key.description } else { nil }
        }
        guard !columns.isEmpty else { return 0 }
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
        query = query.where { group in
            var group = group
            for column in columns { group = group.orWhere(SQLColumn(column), .equal, SQLBind(personID)) }
            return group
        }
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func apply(
        _ model: any DeclaresPersonalData.Type, rows: [UUID: Reach], write: Bool, on sql: any SQLDatabase,
        files removed: inout [EnvelopeCipher.Binding]
    ) async throws -> Kind {
        let declaration = model.personalData
        let table = model.schema
        // A row someone else shares stays as it is: their record too.
        let ids = rows.filter(\.value.sole).keys.sorted()
        let shared = rows.count - ids.count
        var fileCount = 0
        if let field = declaration.sealedFile {
            for id in ids {
                let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: field)
                if files.stored(for: binding) != nil {
                    fileCount += 1
                    removed.append(binding)
                }
            }
        }
        switch declaration.erasure {
        case .keep(let why):
            return Kind(table: table, action: "keep", rows: ids.count, shared: shared, fields: [], files: 0, why: why)
        case .delete:
            if write {
                for start in stride(from: 0, to: ids.count, by: Self.chunk) {
                    let part = Array(ids[start..<min(start + Self.chunk, ids.count)])
                    try await sql.delete(from: table).where(SQLColumn("id"), .in, SQLBind.group(part)).run()
                }
            }
            return Kind(
                table: table, action: "delete", rows: ids.count, shared: shared, fields: [], files: fileCount, why: nil)
        case .tombstone:
            let fields = Self.erasedFields(model)
            if write && !fields.isEmpty {
                try await tombstone(table, declaration, fields: fields, ids: ids, on: sql)
            }
            return Kind(
                table: table, action: "tombstone", rows: ids.count, shared: shared, fields: fields.map(\.key).sorted(),
                files: fileCount, why: nil)
        }
    }

    /// The fields a tombstone of `model` replaces, each with whether it is sealed and may be NULL.
    static func erasedFields(_ model: any DeclaresPersonalData.Type) -> [(key: String, sealed: Bool, optional: Bool)] {
        let declaration = model.personalData
        let optional = optionalFields(model)
        var keys = declaration.sealed.union(declaration.erasedPlainFields).union(declaration.erasedAs.keys)
        keys.formUnion(declaration.secrets)
        return keys.map { key in
            (key.description, declaration.sealed.contains(key), optional.contains(key))
        }.sorted { $0.key < $1.key }
    }

    private static func optionalFields<M: DeclaresPersonalData>(_ model: M.Type) -> Set<FieldKey> {
        PersonalDataMap.optionalTextFields(of: model)
    }

    /// What a field becomes: the same for every row (a text, or NULL), or its own for each (a sealed value is bound
    /// to its row; an address names it).
    private func tombstone(of key: FieldKey, optional: Bool, in declaration: PersonalData) -> (
        text: String?, perRow: Bool
    ) {
        switch declaration.erasedAs[key] {
        case .text(let text): (text, declaration.sealed.contains(key))
        case .address: ("", true)
        case .null: (nil, false)
        case nil:
            declaration.secrets.contains(key) && optional
                ? (nil, false) : (Self.erasedText, declaration.sealed.contains(key))
        }
    }

    static let rowsAStatement = 200

    /// Replaces the fields of the rows, a NULL staying NULL: a field the same for every row in one `UPDATE` a chunk;
    /// the fields each row has its own of (sealed values, addresses) in one `UPDATE … FROM` a chunk of 200 rows, the
    /// values read as a `UNION ALL` (the same SQL on SQLite and PostgreSQL), so a person with 5,000 notes costs 25
    /// statements, not 5,000.
    private func tombstone(
        _ table: String, _ declaration: PersonalData, fields: [(key: String, sealed: Bool, optional: Bool)],
        ids: [UUID], on sql: any SQLDatabase
    ) async throws {
        var same: [(key: String, text: String?)] = []
        var own: [(key: String, sealed: Bool, text: String?)] = []
        for field in fields {
            let key = FieldKey(stringLiteral: field.key)
            let tombstone = tombstone(of: key, optional: field.optional, in: declaration)
            if tombstone.perRow {
                own.append((field.key, field.sealed, declaration.erasedAs[key] == .address ? nil : tombstone.text))
            } else {
                same.append((field.key, tombstone.text))
            }
        }
        for start in stride(from: 0, to: ids.count, by: Self.chunk) {
            let part = Array(ids[start..<min(start + Self.chunk, ids.count)])
            if !same.isEmpty {
                var update = sql.update(table).where(SQLColumn("id"), .in, SQLBind.group(part))
                for field in same {
                    if let text = field.text {
                        let value: SQLQueryString =
                            "CASE WHEN \(ident: field.key) IS NULL THEN NULL ELSE \(bind: text) END"
                        update = update.set(SQLColumn(field.key), to: value)
                    } else {
                        update = update.set(SQLColumn(field.key), to: SQLLiteral.null)
                    }
                }
                try await update.run()
            }
            guard !own.isEmpty else { continue }
            var query = sql.select().column("id").from(table).where(SQLColumn("id"), .in, SQLBind.group(part))
            for field in own { query = query.column(SQLColumn(field.key)) }
            let rows = try await query.all()
            for first in stride(from: 0, to: rows.count, by: Self.rowsAStatement) {
                var values: [SQLQueryString] = []
                for row in rows[first..<min(first + Self.rowsAStatement, rows.count)] {
                    let id = try row.decode(column: "id", as: UUID.self)
                    var line: SQLQueryString = "SELECT \(bind: id) AS \(ident: "id")"
                    for (index, field) in own.enumerated() {
                        if try row.decodeNil(column: field.key) {
                            line += ", NULL AS \(ident: "c\(index)")"
                            continue
                        }
                        let text = field.text ?? "erased-\(id.uuidString.lowercased())@erased.invalid"
                        let stored =
                            field.sealed
                            ? try cipher.seal(text, for: .init(table: table, recordID: id, field: field.key)) : text
                        line += ", \(bind: stored) AS \(ident: "c\(index)")"
                    }
                    values.append(line)
                }
                var update: SQLQueryString = "UPDATE \(ident: table) SET "
                update += own.enumerated().map { index, field -> SQLQueryString in
                    "\(ident: field.key) = COALESCE(\(ident: "v").\(ident: "c\(index)"), \(ident: table).\(ident: field.key))"
                }.joined(separator: ", ")
                update += " FROM (" + values.joined(separator: " UNION ALL ") + ") AS \(ident: "v")"
                update += " WHERE \(ident: table).\(ident: "id") = \(ident: "v").\(ident: "id")"
                try await sql.raw(update).run()
            }
        }
    }
}
