import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnDevelopment
@testable import CairnPlatform
@testable import CairnServer

/// Issue #20 item 3: a backup taken while writes go on restores to an identical database that verifies (integrity,
/// migration level, audit chain, every sealed field opening with the key file); the wrong key does not verify; the
/// key file is kept apart from backups. On PostgreSQL (CI's second run) through pg_dump and pg_restore.
@Suite("Backups that are proven", .serialized)
struct BackupTests {
    static func scratch() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-backup-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `count` pieces of evidence, each with a sealed title and an audit entry, one after another.
    static func write(_ count: Int, app: Application, personID: UUID) async throws {
        let context = ServiceContext(application: app)
        for number in 0..<count {
            let evidence = DevelopmentEvidence()
            evidence.id = UUID()
            evidence.personID = personID
            evidence.kind = .cpd
            evidence.day = "2026-11-01"
            try evidence.seal("Course \(number)", into: \.$title, with: app.cairn.cipher)
            evidence.minutes = 60
            evidence.participatory = false
            evidence.source = "own"
            evidence.createdAt = Date()
            try await context.transaction { context in
                try await evidence.create(on: context.database)
                try await context.audit(
                    DevelopmentAudit.evidenceAdded, resourceType: .developmentPortfolio,
                    resourceID: evidence.id?.uuidString, subject: personID)
            }
        }
    }

    static func count(_ database: any Database) async throws -> Int {
        try await DevelopmentEvidence.query(on: database).count()
    }

    @Test func aBackupTakenDuringWritesRestoresIdenticallyAndVerifies() async throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let keyFile = root + "/keys/cairn.keys"
        let backup = root + "/backup"
        let postgresScratch: TestDatabase? =
            TestDatabase.isPostgres ? try await TestDatabase.make(migrated: false) : nil
        let restoredPostgres: TestDatabase? =
            TestDatabase.isPostgres ? try await TestDatabase.make(migrated: false) : nil
        try await withCairn(configure: { configuration in
            configuration.dataDirectory = root + "/data"
            configuration.keyFile = keyFile
            if !TestDatabase.isPostgres { configuration.database = .sqliteFile(path: root + "/data/cairn.sqlite") }
        }) { app in
            let person = try await app.makePerson([.clinician])
            try await Self.write(20, app: app, personID: person.id)
            let withFile = try #require(try await DevelopmentEvidence.query(on: app.db).first())
            withFile.fileKind = .pdf
            try await withFile.save(on: app.db)
            try app.cairn.files.write(Data("%PDF-1.4 certificate".utf8), for: try #require(withFile.binding))
            // The backup is taken while another 200 writes go on.
            async let writes: Void = Self.write(200, app: app, personID: person.id)
            let manifest = try await Backup.take(app: app, to: backup)
            try await writes
            #expect(manifest.migrations == CairnMigrations.names())
            #expect(FileManager.default.fileExists(atPath: backup + "/manifest.json"))
            #expect(!FileManager.default.fileExists(atPath: backup + "/cairn.keys"))
            let permissions = try FileManager.default.attributesOfItem(atPath: backup + "/manifest.json")[
                .posixPermissions]
            #expect(permissions as? Int == 0o600)
            // Verifying with no key file there is refused, and makes none.
            await #expect(throws: Backup.Failure.self) {
                try await Backup.verify(backup, keyFile: root + "/nothing.keys", template: app.cairn.configuration)
            }
            #expect(!FileManager.default.fileExists(atPath: root + "/nothing.keys"))
            // A second backup into the same directory is refused.
            await #expect(throws: Backup.Failure.self) { try await Backup.take(app: app, to: backup) }

            // The key is saved apart; into the backup's directory only when forced.
            #expect(throws: Backup.Failure.self) {
                try Backup.saveKey(configuration: app.cairn.configuration, to: backup, force: false)
            }
            let savedKey = try Backup.saveKey(
                configuration: app.cairn.configuration, to: root + "/key-copy", force: false)

            // Verified with the right key: sound, every sealed field opened.
            let report = try await Backup.verify(
                backup, keyFile: savedKey, template: app.cairn.configuration,
                scratchURL: postgresScratch.flatMap {
                    if case .postgres(let url) = $0.configuration { url } else { nil }
                })
            #expect(report.sound, "\(report.lines)")
            #expect(report.lines.contains { $0.hasPrefix("Audit trail: intact") })
            #expect(report.lines.contains { $0.hasPrefix("Sealed fields:") && $0.hasSuffix(" 0 did not.") })
            #expect(report.lines.contains("Sealed files: 1 opened with the key file, 0 did not."))
            #expect(manifest.files == 1)

            // Restored into an empty place: the same bytes (SQLite), the same rows, a consistent point in the writes.
            var target = app.cairn.configuration
            target.dataDirectory = root + "/restored"
            if let restoredPostgres {
                target.database = restoredPostgres.configuration
            } else {
                target.database = .sqliteFile(path: root + "/restored/cairn.sqlite")
            }
            _ = try await Backup.restore(from: backup, into: target)
            await #expect(throws: Backup.Failure.self) { try await Backup.restore(from: backup, into: target) }
            if case .sqliteFile(let path) = target.database {
                #expect(try Backup.sha256(of: path) == manifest.sha256)
            }
            let restored = try await CairnApp.build(target)
            do {
                let inBackup = try await Self.count(restored.db)
                #expect(inBackup >= 20 && inBackup <= 220)
                let audit = try await AuditLog.verify(on: restored.db, cipher: app.cairn.cipher)
                #expect(audit.firstProblem == nil)
            } catch {
                try? await restored.asyncShutdown()
                throw error
            }
            try await restored.asyncShutdown()
            #expect(try await Self.count(app.db) == 220)

            // The wrong key does not verify.
            let otherRoot = Self.scratch()
            defer { try? FileManager.default.removeItem(atPath: otherRoot) }
            let otherKey = otherRoot + "/other.keys"
            var other = app.cairn.configuration
            other.keyFile = otherKey
            other.database = .sqliteMemory(identifier: UUID().uuidString)
            try await (try await CairnApp.build(other)).asyncShutdown()
            if let postgresScratch { try await postgresScratch.drop() }
            let second: TestDatabase? = TestDatabase.isPostgres ? try await TestDatabase.make(migrated: false) : nil
            let wrong = try await Backup.verify(
                backup, keyFile: otherKey, template: app.cairn.configuration,
                scratchURL: second.flatMap { if case .postgres(let url) = $0.configuration { url } else { nil } })
            #expect(!wrong.sound)
            #expect(wrong.lines.contains { $0.hasPrefix("Key:") })
            #expect(wrong.lines.contains("Sealed files: 0 opened with the key file, 1 did not."))
            if let second { try await second.drop() }
        }
        if let restoredPostgres { try await restoredPostgres.drop() }
    }
}
