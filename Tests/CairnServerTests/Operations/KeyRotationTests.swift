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

/// Issue #20 item 4: `cairn keys rotate` survives `kill -9` in the middle and resumes; afterwards every sealed field
/// and file opens with the new key alone, the audit chain still verifies, and a server that ran through it kept
/// reading and took up the new key for what it wrote.
@Suite("Key rotation", .serialized)
struct KeyRotationTests {
    static func keyRing(_ path: String) throws -> KeyRing {
        let data = try #require(FileManager.default.contents(atPath: path))
        return try #require(KeyRing.parse(String(decoding: data, as: UTF8.self)))
    }

    static func underKey(_ id: String, app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).raw(
            "SELECT COUNT(*) AS n FROM development_evidence WHERE title LIKE \(bind: "v1.\(id).%")"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test func aRotationKilledMidwayResumesAndRetiresTheOldKey() async throws {
        try await SharedDatabase.with { shared in
            let (app, root, keyFile, environment) = (shared.app, shared.root, shared.keyFile, shared.environment)
            let person = try await app.makePerson([.clinician])
            try await BackupTests.write(600, app: app, personID: person.id)
            // A stated reason in the audit trail, sealed in an append-only table.
            try await ServiceContext(application: app).audit(
                DevelopmentAudit.appraisalOverviewViewed, resourceType: .developmentPortfolio,
                reason: "a stated reason")
            let oldKey = try Self.keyRing(keyFile).currentKeyID
            // A file sealed on disk for one piece of evidence.
            let evidence = try #require(try await DevelopmentEvidence.query(on: app.db).first())
            evidence.fileKind = .pdf
            try await evidence.save(on: app.db)
            try app.cairn.files.write(Data("%PDF-1.4 certificate".utf8), for: try #require(evidence.binding))
            #expect(try await Self.underKey(oldKey, app: app) == 600)

            // The rotation, slowed down, is killed once it has moved some values but not all.
            let process = try CairnProcess.start(
                ["keys", "rotate", "--batch", "50", "--grace", "0"],
                environment: environment.merging(["CAIRN_KEY_ROTATION_PAUSE_MS": "150"]) { $1 }, dataDirectory: root)
            var newKey = oldKey
            for _ in 0..<300 {
                try await Task.sleep(for: .milliseconds(50))
                newKey = try Self.keyRing(keyFile).currentKeyID
                if newKey != oldKey, try await Self.underKey(newKey, app: app) >= 100 { break }
            }
            kill(process.process.processIdentifier, SIGKILL)
            process.process.waitUntilExit()
            #expect(newKey != oldKey)
            let midway = try Self.keyRing(keyFile)
            #expect(midway.retiring == [oldKey])
            let moved = try await Self.underKey(newKey, app: app)
            #expect(moved >= 100 && moved < 600, "moved \(moved) before the kill")

            // The server that ran all along still reads every value, those under the new key too.
            let mixed = try await DevelopmentEvidence.query(on: app.db).limit(600).all()
            #expect(try mixed.allSatisfy { try $0.opened(\.$title, with: app.cairn.cipher).hasPrefix("Course ") })

            // Run again: it resumes, finishes and retires the old key.
            let again = try await CairnProcess.run(
                ["keys", "rotate", "--grace", "0"], environment: environment, dataDirectory: root)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(again.standardOutput.contains("Resuming"))
            #expect(again.standardOutput.contains("Retired \(oldKey)"))
            let final = try Self.keyRing(keyFile)
            #expect(final.currentKeyID == newKey)
            #expect(final.keys.keys.sorted() == [newKey])
            #expect(final.retiring.isEmpty)
            #expect(try await Self.underKey(newKey, app: app) == 600)

            // With the new key alone: every sealed field and the file open; the audit chain verifies.
            let fresh = EnvelopeCipher(ring: final)
            let sealed = try await Backup.openEverySealedField(app, cipher: fresh)
            #expect(sealed.failed == 0 && sealed.opened >= 600)
            let files = SealedFiles(dataDirectory: root, cipher: fresh)
            #expect(files.read(for: try #require(evidence.binding)) == Data("%PDF-1.4 certificate".utf8))
            #expect(try await AuditLog.verify(on: app.db, cipher: fresh).firstProblem == nil)
            let reasons = try await (app.db as! any SQLDatabase).raw(
                "SELECT reason FROM audit_entries WHERE reason IS NOT NULL"
            ).all().map { try $0.decode(column: "reason", as: String.self) }
            #expect(reasons.count == 1 && reasons.allSatisfy { $0.hasPrefix("v1.\(newKey).") })
            // The audit trail is append-only again.
            await #expect(throws: (any Error).self) {
                try await (app.db as! any SQLDatabase).raw("UPDATE audit_entries SET action = 'x'").run()
            }
            // And the running server seals what it writes now under the new key.
            try await Task.sleep(for: .milliseconds(1_100))
            let binding = EnvelopeCipher.Binding(table: "t", recordID: UUID(), field: "f")
            #expect(try app.cairn.cipher.seal("after", for: binding).hasPrefix("v1.\(newKey)."))
        }
    }
}
