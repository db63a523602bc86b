import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Key rotation while the server runs (issue #20 item 4): `cairn keys rotate` adds a new master key and makes it
/// current (the file says which keys are retiring), re-seals every sealed field and sealed file under it in batches,
/// then retires the old keys. Every step can be interrupted, `kill -9` included, and run again: it resumes from what
/// is still under a retiring key, and retires only after a whole pass, begun after the servers have taken up the
/// new key, finds nothing left.
public enum KeyRotation {
    public struct Summary: Sendable, Equatable {
        public var newKey: String
        public var retired: [String]
        public var fieldsResealed: Int
        public var filesResealed: Int
    }

    /// How long running servers take to notice the new key: they look at the file at most once a second.
    public static let defaultGrace: Duration = .seconds(3)

    /// Rotates the ring in the key file at `keyFile`. `progress` hears one line per batch; `pause` (tests) runs
    /// between batches.
    public static func run(
        configuration: CairnConfiguration, batch: Int = 500, grace: Duration = defaultGrace,
        progress: @escaping @Sendable (String) -> Void = { _ in },
        pause: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> Summary {
        guard let keyFile = configuration.keyFile else { throw Backup.Failure("There is no key file to rotate.") }
        guard let data = FileManager.default.contents(atPath: keyFile),
            var ring = KeyRing.parse(String(decoding: data, as: UTF8.self))
        else { throw Backup.Failure("\(keyFile) is not a Cairn key file.") }
        if ring.retiring.isEmpty {
            ring = ring.startingRotation()
            try ring.replace(at: keyFile)
            progress(
                "New key \(ring.currentKeyID) is current; retiring \(ring.retiring.sorted().joined(separator: ", ")).")
        } else {
            progress(
                "Resuming: key \(ring.currentKeyID) is current; retiring \(ring.retiring.sorted().joined(separator: ", "))."
            )
        }
        let started = ContinuousClock.now
        let app = try await CairnApp.build(configuration)
        var fields = 0
        var files = 0
        do {
            let cipher = EnvelopeCipher(ring: ring)
            while true {
                let passStarted = ContinuousClock.now
                let (passFields, passFiles) = try await pass(
                    app: app, cipher: cipher, retiring: ring.retiring, batch: batch, progress: progress, pause: pause)
                fields += passFields
                files += passFiles
                // Done when a whole pass that began after the grace finds nothing under a retiring key.
                if passFields == 0 && passFiles == 0 && passStarted - started >= grace { break }
                if passFields == 0 && passFiles == 0 { try await Task.sleep(for: grace - (passStarted - started)) }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        let retired = ring.retiring.sorted()
        try ring.retiringKeysRemoved().replace(at: keyFile)
        progress("Retired \(retired.joined(separator: ", ")): every sealed value is under \(ring.currentKeyID).")
        return Summary(newKey: ring.currentKeyID, retired: retired, fieldsResealed: fields, filesResealed: files)
    }

    /// One pass over every declared sealed field and sealed file: re-seals what is under a retiring key.
    static func pass(
        app: Application, cipher: EnvelopeCipher, retiring: Set<String>, batch: Int,
        progress: @Sendable (String) -> Void, pause: @Sendable () async throws -> Void
    ) async throws -> (fields: Int, files: Int) {
        let sql = app.db as! any SQLDatabase
        var fields = 0
        var files = 0
        for (table, sealedFields, sealedFile) in Backup.sealedStorage(app) {
            for field in sealedFields {
                while true {
                    let prefixes = retiring.sorted().map { SQLBind("v1.\($0).%") as any SQLExpression }
                    var query = sql.select().column("id").column(SQLColumn(field)).from(table)
                    query = query.where { group in
                        for prefix in prefixes { group.orWhere(SQLColumn(field), .like, prefix) }
                        return group
                    }
                    let rows = try await query.orderBy("id").limit(batch).all()
                    if rows.isEmpty { break }
                    var work: [(id: UUID, old: String, new: String)] = []
                    for row in rows {
                        let id = try row.decode(column: "id", as: UUID.self)
                        guard let old = try row.decode(column: field, as: String?.self) else { continue }
                        let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: field)
                        work.append((id, old, try cipher.seal(try cipher.open(old, for: binding), for: binding)))
                    }
                    let batchWork = work
                    let changed = try await app.db.transaction { database -> Int in
                        let sql = database as! any SQLDatabase
                        // The audit trail refuses every change; its triggers are lifted inside this transaction
                        // only (no other session sees them gone: PostgreSQL's DDL locks the table until commit,
                        // and SQLite has one writer), and its chain hashes the opened reason, so it still verifies.
                        let appendOnly = AppendOnly.tables.contains(table)
                        if appendOnly { try await AppendOnly.unprotect(table: table, on: sql) }
                        var changed = 0
                        for item in batchWork {
                            // Conditional: a value a server changed meanwhile is already under the new key.
                            let updated = try await sql.update(table).set(SQLColumn(field), to: SQLBind(item.new))
                                .where("id", .equal, SQLBind(item.id)).where(
                                    SQLColumn(field), .equal, SQLBind(item.old)
                                )
                                .returning("id").all()
                            changed += updated.count
                        }
                        if appendOnly { try await AppendOnly.protect(table: table, on: sql) }
                        return changed
                    }
                    fields += changed
                    progress("\(table).\(field): \(changed) re-sealed.")
                    try await pause()
                }
            }
            if let fileField = sealedFile {
                files += try await resealFiles(
                    table: table, field: fileField, app: app, cipher: cipher, retiring: retiring, batch: batch)
            }
        }
        return (fields, files)
    }

    /// Re-seals the files of `table`'s rows that are under a retiring key (each written whole, atomically).
    static func resealFiles(
        table: String, field: String, app: Application, cipher: EnvelopeCipher, retiring: Set<String>, batch: Int
    ) async throws -> Int {
        let sql = app.db as! any SQLDatabase
        let directory = URL(fileURLWithPath: app.cairn.configuration.dataDirectory).appendingPathComponent("files")
        var count = 0
        var after: UUID?
        while true {
            var query = sql.select().column("id").from(table)
            if let after { query = query.where(SQLColumn("id"), .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy("id").limit(batch).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                after = id
                let file = directory.appendingPathComponent(id.uuidString.lowercased())
                guard let stored = FileManager.default.contents(atPath: file.path) else { continue }
                let envelope = String(decoding: stored, as: UTF8.self)
                let keyID = envelope.split(separator: ".").dropFirst().first.map(String.init) ?? ""
                guard retiring.contains(keyID) else { continue }
                let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: field)
                let resealed = try cipher.seal(try cipher.open(envelope, for: binding), for: binding)
                try Data(resealed.utf8).write(to: file, options: [.atomic])
                count += 1
            }
            if rows.count < batch { break }
        }
        return count
    }
}

extension AppendOnly {
    /// The tables whose triggers refuse every change (their rows' sealed values are re-sealed by lifting them in the
    /// same transaction).
    static let tables: Set<String> = ["audit_entries"]
}
