import CairnPlatform
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Backups that are proven (issue #20 item 3): `cairn backup --to DIR` takes a consistent copy while the server
/// runs (SQLite: `VACUUM INTO`, a transactionally consistent snapshot; PostgreSQL: `pg_dump` in its custom format),
/// with the sealed files and a manifest; `cairn restore --from DIR` puts it into an empty place; `cairn backup verify
/// DIR` restores it into a scratch place and checks it: integrity, the migration level, the audit chain, and that
/// every sealed field opens with the key file given. The key file is never in a backup: `cairn backup --key-to DIR`
/// copies it elsewhere, and refuses the backup's own directory unless forced (whoever holds both holds everything).
public enum Backup {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String

        init(_ description: String) { self.description = description }
    }

    /// What a backup holds, written beside it as `manifest.json`.
    public struct Manifest: Codable, Sendable, Equatable {
        public var format = 1
        public var createdAt: Date
        /// "sqlite" or "postgres".
        public var database: String
        /// The database file in the directory, and its SHA-256.
        public var file: String
        public var sha256: String
        /// The migrations applied, in order: the level the backup is at.
        public var migrations: [String]
        /// How many sealed files were copied.
        public var files: Int
    }

    static let manifestName = "manifest.json"
    static let sqliteName = "cairn.sqlite"
    static let postgresName = "cairn.pgdump"

    // MARK: Taking

    /// Takes a backup of the running application's database and sealed files into `directory` (created if need be;
    /// it must not already hold a backup).
    public static func take(app: Application, to directory: String) async throws -> Manifest {
        let configuration = app.cairn.configuration
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard !manager.fileExists(atPath: path(directory, manifestName)) else {
            throw Failure("\(directory) already holds a backup: choose an empty directory.")
        }
        try refuseKeyInside(configuration: configuration, directory: directory)
        let migrations = try await appliedMigrations(on: app.db)
        let name: String
        let kind: String
        switch configuration.database {
        case .sqliteFile, .sqliteMemory:
            name = sqliteName
            kind = "sqlite"
            // VACUUM INTO writes a consistent copy while others keep writing (it reads in one transaction).
            try await (app.db as! any SQLDatabase).raw("VACUUM INTO \(bind: path(directory, name))").run()
        case .postgres(let url):
            name = postgresName
            kind = "postgres"
            try run(
                "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", "--file", path(directory, name), libpq(url)])
        }
        let files = try copyFiles(from: path(configuration.dataDirectory, "files"), to: path(directory, "files"))
        let manifest = Manifest(
            createdAt: Date(), database: kind, file: name, sha256: try sha256(of: path(directory, name)),
            migrations: migrations, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: path(directory, manifestName)))
        // A backup holds people's data (names and addresses in the clear, the rest sealed): its owner's alone.
        try lockDown(directory)
        return manifest
    }

    /// Copies the key file to `directory`, which must not be (or be inside) a backup's directory unless `force`.
    public static func saveKey(configuration: CairnConfiguration, to directory: String, force: Bool) throws -> String {
        guard let keyFile = configuration.keyFile else { throw Failure("There is no key file to save.") }
        let manager = FileManager.default
        if !force && manager.fileExists(atPath: path(directory, manifestName)) {
            throw Failure(
                "\(directory) holds a backup: keep the key file apart from it (whoever has both can read everything), "
                    + "or pass --force.")
        }
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = path(directory, URL(fileURLWithPath: keyFile).lastPathComponent)
        guard !manager.fileExists(atPath: target) else { throw Failure("\(target) already exists.") }
        try manager.copyItem(atPath: keyFile, toPath: target)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        return target
    }

    static func refuseKeyInside(configuration: CairnConfiguration, directory: String) throws {
        guard let keyFile = configuration.keyFile else { return }
        let key = URL(fileURLWithPath: keyFile).standardizedFileURL.resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let target = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        if key.path == target.path {
            throw Failure("\(directory) holds the key file: put backups somewhere else, away from the key.")
        }
    }

    // MARK: Restoring

    /// Restores the backup in `directory` into the configured place, which must be empty: SQLite, no database file
    /// yet; PostgreSQL, a database with no tables. The sealed files go to the data directory.
    public static func restore(from directory: String, into configuration: CairnConfiguration) async throws
        -> Manifest
    {
        let manifest = try readManifest(directory)
        let source = path(directory, manifest.file)
        guard try sha256(of: source) == manifest.sha256 else {
            throw Failure("\(source) does not match its manifest's checksum: the backup is damaged.")
        }
        let manager = FileManager.default
        switch (configuration.database, manifest.database) {
        case (.sqliteFile(let target), "sqlite"):
            guard !manager.fileExists(atPath: target) else {
                throw Failure("\(target) already exists: restore into an empty data directory.")
            }
            try manager.createDirectory(
                atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path, withIntermediateDirectories: true
            )
            try manager.copyItem(atPath: source, toPath: target)
        case (.postgres(let url), "postgres"):
            if try !postgresIsEmpty(url) {
                throw Failure("The database at DATABASE_URL already has tables: restore into an empty database.")
            }
            try run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", libpq(url), source])
        default:
            throw Failure("This backup is of \(manifest.database): configure that kind of database to restore it.")
        }
        _ = try copyFiles(from: path(directory, "files"), to: path(configuration.dataDirectory, "files"))
        return manifest
    }

    // MARK: Verifying

    public struct Report: Sendable {
        public var lines: [String]
        public var sound: Bool
    }

    /// Restores the backup into a scratch place and checks it with `keyFile`. For PostgreSQL, `scratchURL` names an
    /// empty database to restore into (the caller makes and drops it).
    public static func verify(
        _ directory: String, keyFile: String, template: CairnConfiguration, scratchURL: String? = nil
    ) async throws -> Report {
        let manifest = try readManifest(directory)
        guard FileManager.default.fileExists(atPath: keyFile) else {
            throw Failure("There is no key file at \(keyFile): give the one backed up with --key-to.")
        }
        var lines: [String] = []
        var sound = true
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-verify-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var configuration = template
        configuration.dataDirectory = scratch
        configuration.keyFile = keyFile
        switch manifest.database {
        case "sqlite": configuration.database = .sqliteFile(path: path(scratch, sqliteName))
        default:
            guard let scratchURL else {
                throw Failure("Verifying a PostgreSQL backup needs an empty scratch database.")
            }
            configuration.database = .postgres(url: scratchURL)
        }
        _ = try await restore(from: directory, into: configuration)
        lines.append("Restored \(manifest.database) backup of \(manifest.createdAt) into a scratch place.")
        let app = try await CairnApp.build(configuration)
        do {
            if manifest.database == "sqlite" {
                let result = try await (app.db as! any SQLDatabase).raw("PRAGMA integrity_check").all()
                let answer = try result.first?.decode(column: "integrity_check", as: String.self) ?? "no answer"
                lines.append("Integrity: \(answer).")
                if answer != "ok" { sound = false }
            }
            let applied = try await appliedMigrations(on: app.db)
            let known = CairnMigrations.names()
            // Every applied migration is one this version knows; the order between two features' migrations is
            // not fixed (a feature's new migration sits before a later feature's landed ones), only within one.
            if applied == manifest.migrations && Set(applied).isSubset(of: Set(known)) {
                lines.append(
                    "Migrations: \(applied.count) applied, as the manifest says"
                        + (applied.count < known.count ? " (\(known.count - applied.count) newer to apply)." : "."))
            } else {
                lines.append("Migrations: the database's do not match the manifest's or this version's.")
                sound = false
            }
            do {
                try await KeyCanary.check(cipher: app.cairn.cipher, now: Date(), on: app.db)
            } catch {
                lines.append("Key: the key file does not open this backup's sealed data.")
                sound = false
            }
            let audit = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
            if let problem = audit.firstProblem {
                lines.append("Audit trail: broken at entry \(problem.sequence): \(problem.problem).")
                sound = false
            } else {
                lines.append("Audit trail: intact, \(audit.checked) entries.")
            }
            let sealed = try await openEverySealedField(app)
            lines.append("Sealed fields: \(sealed.opened) opened with the key file, \(sealed.failed) did not.")
            if sealed.failed > 0 { sound = false }
            let files = try await openEverySealedFile(app)
            lines.append("Sealed files: \(files.opened) opened with the key file, \(files.failed) did not.")
            if files.failed > 0 { sound = false }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        lines.append(sound ? "The backup is sound." : "The backup is NOT sound.")
        return Report(lines: lines, sound: sound)
    }

    /// Opens every sealed field of every model that declares one, a thousand rows at a time.
    static func openEverySealedField(_ app: Application, cipher: EnvelopeCipher? = nil) async throws -> (
        opened: Int, failed: Int
    ) {
        let sql = app.db as! any SQLDatabase
        let cipher = cipher ?? app.cairn.cipher
        var opened = 0
        var failed = 0
        for (table, fields, _) in sealedStorage(app) where !fields.isEmpty {
            var after: UUID?
            while true {
                var query = sql.select().column("id").columns(fields.map { SQLColumn($0) }).from(table)
                if let after { query = query.where(SQLColumn("id"), .greaterThan, SQLBind(after)) }
                let rows = try await query.orderBy("id").limit(1_000).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: UUID.self)
                    for field in fields {
                        guard let value = try row.decode(column: field, as: String?.self), !value.isEmpty else {
                            continue
                        }
                        let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: field)
                        if (try? cipher.open(value, for: binding)) != nil { opened += 1 } else { failed += 1 }
                    }
                    after = id
                }
                if rows.count < 1_000 { break }
            }
        }
        return (opened, failed)
    }

    /// Opens every file sealed on disk for a row of a model that declares one (a missing file is a failure).
    static func openEverySealedFile(_ app: Application) async throws -> (opened: Int, failed: Int) {
        let sql = app.db as! any SQLDatabase
        let directory = path(app.cairn.configuration.dataDirectory, "files")
        var opened = 0
        var failed = 0
        for (table, _, file) in sealedStorage(app) {
            guard let field = file else { continue }
            var after: UUID?
            while true {
                var query = sql.select().column("id").from(table)
                if let after { query = query.where(SQLColumn("id"), .greaterThan, SQLBind(after)) }
                let rows = try await query.orderBy("id").limit(1_000).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: UUID.self)
                    after = id
                    guard let stored = FileManager.default.contents(atPath: path(directory, id.uuidString.lowercased()))
                    else { continue }  // a row without a file (most evidence has none)
                    let binding = EnvelopeCipher.Binding(table: table, recordID: id, field: field)
                    if (try? app.cairn.cipher.open(String(decoding: stored, as: UTF8.self), for: binding)) != nil {
                        opened += 1
                    } else {
                        failed += 1
                    }
                }
                if rows.count < 1_000 { break }
            }
        }
        return (opened, failed)
    }

    // MARK: Helpers

    /// Every table that keeps sealed values: its sealed fields and, when its rows may have one, the field its
    /// sealed files are bound to; from the personal-data declarations (and the key canary), each table once.
    static func sealedStorage(_ app: Application) -> [(table: String, fields: [String], file: String?)] {
        var seen: Set<String> = []
        return (PersonalDataMap.models(of: app.cairn.features) + [KeyCanary.self]).compactMap { model in
            let declaration = model.personalData
            guard seen.insert(model.schema).inserted, !declaration.sealed.isEmpty || declaration.sealedFile != nil
            else { return nil }
            return (model.schema, declaration.sealed.map(\.description).sorted(), declaration.sealedFile)
        }
    }

    static func path(_ directory: String, _ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    /// Owner-only permissions on a backup's directory and everything in it.
    static func lockDown(_ directory: String) throws {
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        for name in try manager.subpathsOfDirectory(atPath: directory) {
            let item = path(directory, name)
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: item, isDirectory: &isDirectory)
            try manager.setAttributes([.posixPermissions: isDirectory.boolValue ? 0o700 : 0o600], ofItemAtPath: item)
        }
    }

    static func readManifest(_ directory: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: path(directory, manifestName)) else {
            throw Failure("\(directory) holds no backup (no \(manifestName)).")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Manifest.self, from: data)
        } catch {
            throw Failure("\(path(directory, manifestName)) cannot be read as a backup's manifest.")
        }
    }

    static func appliedMigrations(on database: any Database) async throws -> [String] {
        try await (database as! any SQLDatabase).raw(
            "SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name"
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    static func sha256(of file: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw Failure("\(file) cannot be read.") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Copies the files under `source` (if any) to `target`, skipping those already there; how many there are.
    static func copyFiles(from source: String, to target: String) throws -> Int {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: source) else { return 0 }
        try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in names where !manager.fileExists(atPath: path(target, name)) {
            try manager.copyItem(atPath: path(source, name), toPath: path(target, name))
        }
        return names.count
    }

    /// The URL as PostgreSQL's own programs read it: PostgresKit's `tlsmode` is libpq's `sslmode` (the same values);
    /// other Cairn-only parameters are left out.
    static func libpq(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        let items = (components.queryItems ?? []).compactMap { item -> URLQueryItem? in
            switch item.name {
            case "tlsmode", "sslmode": URLQueryItem(name: "sslmode", value: item.value)
            default: nil
            }
        }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? url
    }

    static func postgresIsEmpty(_ url: String) throws -> Bool {
        let url = libpq(url)
        let output = try run(
            "psql",
            [
                "--no-psqlrc", "--tuples-only", "--no-align", "--dbname", url, "--command",
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
            ])
        return output.trimmingCharacters(in: .whitespacesAndNewlines) == "0"
    }

    /// Runs a PostgreSQL client program found on PATH; its output, or a failure with its last words.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure("\(program) could not be started: install PostgreSQL's client programs.")
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let last = String(decoding: err, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw Failure("\(program) failed (status \(process.terminationStatus)): \(last)")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
