import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("The audit trail")
struct AuditTrailTests {
    @Test func signInsAndFailuresAreAuditedWithoutSecrets() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            try await browser.get("/account")
            try await browser.post("/sign-out", [])
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", [("email", person.email), ("password", "a wrong password here")])
            let actions = try await AuditEntry.query(on: app.db).sort(\.$sequence).all().map(\.action)
            #expect(actions == ["sign_in", "sign_out", "sign_in_failed"])
            let everything = try await AuditEntry.query(on: app.db).all().map {
                AuditChain.canonical($0, reason: $0.reason)
            }.joined()
            #expect(!everything.contains(person.password))
            #expect(!everything.contains("a wrong password here"))
            #expect(!everything.contains(person.email))
        }
    }

    @Test func anIntactChainVerifies() async throws {
        try await withCairn { app in
            for index in 0..<25 {
                try await AuditLog.append(
                    AuditEvent(action: TestAudit(name: "test_event"), resourceType: .session, resourceID: "\(index)"),
                    at: Date(),
                    cipher: app.cairn.cipher, on: app.db)
            }
            let result = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher, pageSize: 7)
            #expect(result.isIntact)
            #expect(result.checked == 25)
        }
    }

    /// Twenty writers at once (forty, in the whole suite running beside it on two cores, queued past the write gate's
    /// 30 s limit: the limit is not what this test is about).
    @Test func appendingFromManyTasksAtOnceKeepsOneChain() async throws {
        try await withCairn { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await AuditLog.append(
                            AuditEvent(
                                action: TestAudit(name: "concurrent"), resourceType: .session, resourceID: "\(index)"),
                            at: Date(),
                            cipher: app.cairn.cipher, on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            let result = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
            #expect(result.isIntact)
            #expect(result.checked == 20)
        }
    }

    @Test func theDatabaseRefusesToChangeOrDeleteAnEntry() async throws {
        try await withCairn { app in
            try await AuditLog.append(
                AuditEvent(action: TestAudit(name: "kept"), resourceType: .session), at: Date(),
                cipher: app.cairn.cipher, on: app.db)
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_entries SET action = 'changed'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_entries").run()
            }
        }
    }

    @Test func anEditedRowIsCaughtAndNamed() async throws {
        try await withCairn { app in
            // setup: five entries, then someone with database access edits the third behind the application's back
            let sql = try await Self.fiveEntriesUnprotected(app)
            try await sql.raw("UPDATE audit_entries SET outcome = 'denied' WHERE sequence = 3").run()
            // act
            let result = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
            // check
            #expect(result.firstProblem?.sequence == 3)
            #expect(result.firstProblem?.problem == "entry was changed")
            #expect(result.checked == 2)
            let report = try await AuditVerification.run(app: app)
            #expect(!report.intact)
            #expect(report.message.hasPrefix("Audit trail broken at entry 3"))
        }
    }

    @Test func aDeletedRowIsCaught() async throws {
        try await withCairn { app in
            let sql = try await Self.fiveEntriesUnprotected(app)
            try await sql.raw("DELETE FROM audit_entries WHERE sequence = 2").run()
            let result = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
            #expect(result.firstProblem?.sequence == 2)
            #expect(result.firstProblem?.problem == "entry is missing")
        }
    }

    @Test func aTruncatedTailIsCaught() async throws {
        try await withCairn { app in
            let sql = try await Self.fiveEntriesUnprotected(app)
            try await sql.raw("DELETE FROM audit_entries WHERE sequence >= 4").run()
            let result = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
            #expect(result.firstProblem?.sequence == 4)
        }
    }

    /// Five chained entries, with the triggers dropped, as someone editing the database behind Cairn's back would.
    static func fiveEntriesUnprotected(_ app: Application) async throws -> any SQLDatabase {
        for index in 1...5 {
            try await AuditLog.append(
                AuditEvent(action: TestAudit(name: "event_\(index)"), resourceType: .session), at: Date(),
                cipher: app.cairn.cipher,
                on: app.db)
        }
        let sql = app.db as! any SQLDatabase
        try await AppendOnly.unprotect(table: "audit_entries", on: sql)
        return sql
    }
}

/// An audit action only tests record.
struct TestAudit: AuditAction {
    var name: String
}
