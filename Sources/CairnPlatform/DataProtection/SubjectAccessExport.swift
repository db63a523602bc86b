import Fluent
import Foundation
import SQLKit
import ZIPFoundation

/// Everything Cairn holds about one person, as a ZIP (issue #20 item 1): one JSON file per kind of record and a
/// readable index, walked from the personal-data declarations (`PersonalDataMap`), never from a hand-kept list, so
/// a new model is in the export the day it declares its personal data.
///
/// The walk, kind by kind (a kind reached `through` another waits for it):
/// - a row is the person's **as its subject** when a `.person` column names them, or a `.through` column names a
///   row that is theirs as its subject; its sealed fields are opened. When someone else wrote it (its `.by` column
///   names another person, or its `writtenBySide` names the other side of the pair), the organisation's rule for
///   that kind decides whether those words are included or withheld, and a withheld item is listed;
/// - a row is theirs **as its author or actor** only (a `.by` column names them, nothing else does): its facts are
///   given, its sealed words are about someone else and are withheld (listed);
/// - credentials (`secrets`) are never exported; sealed files of their own rows are, opened.
///
/// Rows are read in pages of `pageSize` in id order and written as they are read, so a person with 100,000 audit
/// entries costs one page of memory, plus the ids of the kinds others are reached through.
package struct SubjectAccessExport: Sendable {
    /// The organisation's rule for words someone else wrote about the person, by kind (table); a kind not named is
    /// included.
    package enum Disclosure: String, Sendable, CaseIterable, Codable {
        case include
        case withhold
    }

    package struct Kind: Sendable, Equatable, Codable {
        package var table: String
        package var rows: Int
        package var withheld: Int
    }

    package struct Withheld: Sendable, Equatable, Codable {
        package var table: String
        package var id: String
        package var fields: [String]
        package var why: String
    }

    /// What an export held, for its index, its audit entry and the tests.
    package struct Summary: Sendable, Codable {
        package var personID: UUID
        package var producedAt: Date
        package var kinds: [Kind]
        package var withheld: [Withheld]
        package var files: Int

        package func kind(_ table: String) -> Kind? { kinds.first { $0.table == table } }
    }

    package static let pageSize = 500
    static let idChunk = 500

    package let models: [any DeclaresPersonalData.Type]
    package let cipher: EnvelopeCipher
    package let files: SealedFiles
    package let rules: [String: Disclosure]

    package init(
        models: [any DeclaresPersonalData.Type], cipher: EnvelopeCipher, files: SealedFiles,
        rules: [String: Disclosure]
    ) {
        var seen: Set<String> = []
        // Each table once (a model listed twice), and only kinds that can be about someone.
        self.models = models.filter { !$0.personalData.whose.isEmpty && seen.insert($0.schema).inserted }
        self.cipher = cipher
        self.files = files
        self.rules = rules
    }

    /// The kinds the organisation's rule decides for: words that someone other than the person may have written.
    package static func ruledKinds(_ models: [any DeclaresPersonalData.Type]) -> [String] {
        Array(Set(models.filter { $0.personalData.mayHoldOthersWords }.map { $0.schema })).sorted()
    }

    /// Writes the archive for `personID` to `archive` (which must not exist) and says what it holds.
    package func write(
        for personID: UUID, displayName: String, to archive: URL, on database: any Database, now: Date
    ) async throws -> Summary {
        let manager = FileManager.default
        let folder = archive.deletingLastPathComponent().appendingPathComponent(
            "export-\(UUID().uuidString.lowercased())", isDirectory: true)
        try manager.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }

        var walk = Walk(personID: personID)
        var summary = Summary(personID: personID, producedAt: now, kinds: [], withheld: [], files: 0)
        let parents = PersonalDataMap.parents(models)
        for model in PersonalDataMap.walkOrder(models) {
            let kind = try await export(
                model, walk: &walk, keepIDs: parents.contains(model.schema), into: folder, summary: &summary,
                on: database)
            summary.kinds.append(kind)
        }
        summary.kinds.sort { $0.table < $1.table }
        try writeIndex(summary, displayName: displayName, into: folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(summary).write(to: folder.appendingPathComponent("summary.json"))
        try manager.zipItem(at: folder, to: archive, shouldKeepParent: false, compressionMethod: .deflate)
        return summary
    }

    // MARK: The walk

    /// Where the walk stands: the rows of parent kinds that are the person's as their subject, with the links they
    /// were reached by (a pair reached by `mentee_id` is theirs as its mentee).
    struct Walk {
        let personID: UUID
        var subjects: [String: [UUID: Set<String>]] = [:]
    }

    private func export<M: DeclaresPersonalData>(
        _ type: M.Type, walk: inout Walk, keepIDs: Bool, into folder: URL, summary: inout Summary,
        on database: any Database
    ) async throws -> Kind {
        let declaration = M.personalData
        let url = folder.appendingPathComponent("data").appendingPathComponent("\(M.schema).json")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data("[".utf8))
        var kind = Kind(table: M.schema, rows: 0, withheld: 0)
        var written: Set<UUID> = []
        var kept: [UUID: Set<String>] = [:]

        // Subject links first: a row reached both ways is the person's as its subject.
        for link in declaration.whose.sorted(by: { Self.isSubject($0) && !Self.isSubject($1) }) {
            let column: FieldKey
            var parentIDs: [UUID: Set<String>] = [:]
            var chunks: [[UUID]] = [[walk.personID]]
            switch link {
            case .person(let key), .participant(let key), .by(let key): column = key
            case .through(let key, let table):
                column = key
                parentIDs = walk.subjects[table] ?? [:]
                if parentIDs.isEmpty { continue }
                chunks = Array(parentIDs.keys).sorted().chunked(Self.idChunk)
            case .listedIn(let table, let parent, let person, let condition):
                column = "id"
                let ids = try await Self.listed(
                    in: table, parent: parent, person: person, condition: condition, personID: walk.personID,
                    on: database)
                if ids.isEmpty { continue }
                chunks = ids.chunked(Self.idChunk)
            }
            let asSubject = Self.isSubject(link)
            for chunk in chunks {
                var after: UUID?
                while true {
                    var query = M.query(on: database)
                        .filter(
                            .path([column], schema: M.schema), .subset(inverse: false), .array(chunk.map { .bind($0) })
                        )
                        .sort(.path(["id"], schema: M.schema), .ascending)
                        .limit(Self.pageSize)
                    if let after { query = query.filter(.path(["id"], schema: M.schema), .greaterThan, .bind(after)) }
                    let rows = try await query.all()
                    for row in rows {
                        let fields = Self.fields(of: row)
                        guard let id = fields.id else { continue }
                        after = id
                        guard written.insert(id).inserted else { continue }
                        var capacities: Set<String> = ["person"]
                        if case .through(let key, _) = link, case .bind(let value) = fields.values[key],
                            let parent = value as? UUID
                        {
                            capacities = (parentIDs[parent] ?? []).union([Self.capacity(key)])
                        }
                        if asSubject && keepIDs { kept[id] = capacities }
                        let (line, wordsWithheld) = try render(
                            row: fields, id: id, table: M.schema, declaration: declaration, asSubject: asSubject,
                            capacities: capacities, personID: walk.personID, summary: &summary, kind: &kind)
                        try handle.write(contentsOf: Data(((kind.rows == 0 ? "\n" : ",\n") + line).utf8))
                        kind.rows += 1
                        if asSubject, !wordsWithheld, let field = declaration.sealedFile,
                            let bytes = files.read(
                                for: EnvelopeCipher.Binding(table: M.schema, recordID: id, field: field))
                        {
                            let filesFolder = folder.appendingPathComponent("files").appendingPathComponent(M.schema)
                            try FileManager.default.createDirectory(at: filesFolder, withIntermediateDirectories: true)
                            try bytes.write(to: filesFolder.appendingPathComponent(id.uuidString.lowercased()))
                            summary.files += 1
                        }
                    }
                    if rows.count < Self.pageSize { break }
                }
            }
        }
        try handle.write(contentsOf: Data((kind.rows == 0 ? "]\n" : "\n]\n").utf8))
        if keepIDs { walk.subjects[M.schema] = kept }
        return kind
    }

    /// The ids `table` lists in `parent` for the person (and the condition), in SQL.
    private static func listed(
        in table: String, parent: FieldKey, person: FieldKey, condition: PersonalData.Condition?, personID: UUID,
        on database: any Database
    ) async throws -> [UUID] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var query = sql.select().distinct().column(SQLColumn(parent.description), as: "listed").from(table)
            .where(SQLColumn(person.description), .equal, SQLBind(personID))
        if let condition {
            query = query.where(SQLColumn(condition.column.description), .equal, SQLBind(condition.value))
        }
        return try await query.all().map { try $0.decode(column: "listed", as: UUID.self) }.sorted()
    }

    private static func isSubject(_ link: PersonalData.Link) -> Bool {
        if case .by = link { return false }
        return true
    }

    /// The capacity a `through` column gives ("mentee_id" → "mentee").
    static func capacity(_ key: FieldKey) -> String {
        let name = key.description
        return name.hasSuffix("_id") ? String(name.dropLast(3)) : name
    }

    /// One row as a JSON object: column → value; sealed fields opened or withheld, secrets left out.
    private func render(
        row: RowValues, id: UUID, table: String, declaration: PersonalData, asSubject: Bool, capacities: Set<String>,
        personID: UUID, summary: inout Summary, kind: inout Kind
    ) throws -> (line: String, withheld: Bool) {
        // Who wrote it, when the declaration can tell: someone else's words are the organisation's rule to give.
        var writtenByOther = false
        for key in declaration.authors {
            if case .bind(let value) = row.values[key], let author = value as? UUID, author != personID {
                writtenByOther = true
            }
        }
        if let sideKey = declaration.writtenBySide, case .bind(let value) = row.values[sideKey],
            let side = value as? String, !capacities.contains(side)
        {
            writtenByOther = true
        }
        let withhold: String? =
            if !asSubject {
                "about someone else: you wrote or did this, the words are theirs"
            } else if writtenByOther && rules[table] == .withhold {
                "written by someone else; withheld under the organisation's rule for this kind of record"
            } else {
                nil
            }
        var withheldFields: [String] = []
        var members: [String] = []
        for (key, value) in row.values.sorted(by: { $0.key.description < $1.key.description }) {
            if declaration.secrets.contains(key) { continue }
            let name = key.description
            var json: String
            if declaration.sealed.contains(key), case .bind(let sealed) = value, let envelope = sealed as? String {
                if withhold != nil {
                    withheldFields.append(name)
                    json = Self.json(["withheld": true])
                } else {
                    let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: name)
                    json =
                        (try? cipher.open(envelope, for: binding)).map { Self.json($0) }
                        ?? Self.json(["unreadable": true])
                }
            } else {
                json = Self.json(value)
            }
            members.append("\(Self.json(name)):\(json)")
        }
        if let withhold, !withheldFields.isEmpty {
            summary.withheld.append(.init(table: table, id: id.uuidString, fields: withheldFields, why: withhold))
            kind.withheld += 1
        }
        return ("  {" + members.joined(separator: ",") + "}", withhold != nil)
    }

    /// A row's stored values, by column, as Fluent would write them.
    struct RowValues {
        var values: [FieldKey: DatabaseQuery.Value] = [:]
        var id: UUID? {
            if case .bind(let value) = values["id"] { return value as? UUID }
            return nil
        }
    }

    private final class Collector: DatabaseInput {
        var values: [FieldKey: DatabaseQuery.Value] = [:]
        var wantsUnmodifiedKeys: Bool { true }
        func set(_ value: DatabaseQuery.Value, at key: FieldKey) { values[key] = value }
    }

    static func fields(of model: some Model) -> RowValues {
        let collector = Collector()
        model.input(to: collector)
        return RowValues(values: collector.values)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private struct Box: Encodable {
        let value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    static func json(_ value: DatabaseQuery.Value) -> String {
        switch value {
        case .bind(let encodable): json(encodable)
        case .enumCase(let name): json(name)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let values):
            "{"
                + values.sorted { $0.key.description < $1.key.description }
                .map { "\(json($0.key.description)):\(json($0.value))" }.joined(separator: ",") + "}"
        case .null, .default, .custom: "null"
        }
    }

    static func json(_ value: any Encodable) -> String {
        (try? encoder.encode(Box(value: value))).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    // MARK: The index

    private func writeIndex(_ summary: Summary, displayName: String, into folder: URL) throws {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let produced = ISO8601DateFormatter().string(from: summary.producedAt)
        var html = """
            <!doctype html>
            <html lang="en-GB"><head><meta charset="utf-8"><title>Your data held by Cairn</title>
            <style>body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}
            table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:.25rem .5rem;text-align:left}</style>
            </head><body>
            <h1>Everything Cairn holds about \(escape(displayName))</h1>
            <p>Produced \(escape(produced)). Each kind of record is one file in <code>data/</code>, as JSON: one object
            per record, its stored fields by name, private words opened. Files you gave as evidence are in
            <code>files/</code>, named by their record. Passwords, second-factor secrets and sign-in tokens are never
            exported.</p>
            <h2>What is here</h2>
            <table><thead><tr><th scope="col">Kind of record</th><th scope="col">File</th>
            <th scope="col">Records</th><th scope="col">Words withheld</th></tr></thead><tbody>

            """
        for kind in summary.kinds {
            html += "<tr><td>\(escape(kind.table.replacingOccurrences(of: "_", with: " ")))</td>"
            html += "<td><a href=\"data/\(escape(kind.table)).json\">data/\(escape(kind.table)).json</a></td>"
            html += "<td>\(kind.rows)</td><td>\(kind.withheld)</td></tr>\n"
        }
        html += "</tbody></table>\n<h2>What was withheld, and why</h2>\n"
        if summary.withheld.isEmpty {
            html += "<p>Nothing was withheld.</p>\n"
        } else {
            html += """
                <p>These records are listed in full in their file; only the named fields are withheld.</p>
                <table><thead><tr><th scope="col">Kind</th><th scope="col">Record</th><th scope="col">Fields</th>
                <th scope="col">Why</th></tr></thead><tbody>

                """
            for item in summary.withheld {
                html += "<tr><td>\(escape(item.table))</td><td>\(escape(item.id))</td>"
                html += "<td>\(escape(item.fields.joined(separator: ", ")))</td><td>\(escape(item.why))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "</body></html>\n"
        try Data(html.utf8).write(to: folder.appendingPathComponent("index.html"))
    }
}

extension Array {
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
