import CairnCore
import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("SQLite's one writer")
struct SingleWriterTests {
    @Test func statementsThatMayWriteAreTold() {
        #expect(!SingleWriterDatabase.writes(sql: "SELECT * FROM people"))
        #expect(!SingleWriterDatabase.writes(sql: "  select 1"))
        #expect(!SingleWriterDatabase.writes(sql: "WITH a AS (SELECT 1) SELECT * FROM a"))
        #expect(SingleWriterDatabase.writes(sql: "WITH a AS (SELECT 1) DELETE FROM b WHERE id IN a"))
        #expect(SingleWriterDatabase.writes(sql: "UPDATE audit_head SET sequence = sequence + 1"))
        #expect(SingleWriterDatabase.writes(sql: "INSERT INTO x VALUES (1)"))
        #expect(SingleWriterDatabase.writes(sql: "PRAGMA journal_mode=WAL"))
        #expect(SingleWriterDatabase.writes(sql: ""))
    }

    /// Twenty transactions each read a number, think, and write it back plus one: with one writer none is lost and
    /// none fails "busy" (Fluent's own deferred BEGIN let two read the same value, then one failed at its write).
    /// Forty, with the whole suite running beside them on two cores, queued past the write gate's 30 s limit, which
    /// is not what this test is about.
    @Test(.enabled(if: !TestDatabase.isPostgres))
    func readDecideWriteTransactionsNeverLoseAnUpdateOrFail() async throws {
        try await withFileDatabase { app in
            let sql = app.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE hammer_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").run()
            try await sql.raw("INSERT INTO hammer_counter (id, n) VALUES (1, 0)").run()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await app.db.transaction { database in
                            let sql = database as! any SQLDatabase
                            let n = try await sql.raw("SELECT n FROM hammer_counter WHERE id = 1").first()!
                                .decode(column: "n", as: Int.self)
                            try await Task.sleep(for: .milliseconds(2))
                            try await sql.raw("UPDATE hammer_counter SET n = \(bind: n + 1) WHERE id = 1").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let total = try await sql.raw("SELECT n FROM hammer_counter WHERE id = 1").first()!
                .decode(column: "n", as: Int.self)
            #expect(total == 20)
        }
    }

    /// Writing through the pool while this task's own transaction holds the gate would wait for itself: refused.
    @Test(.enabled(if: !TestDatabase.isPostgres))
    func aWriteOutsideTheOpenTransactionIsRefusedNotDeadlocked() async throws {
        try await withCairn { app in
            await #expect(throws: WriteGate.Misuse.self) {
                try await app.db.transaction { _ in
                    try await Outbox.enqueue(to: "a@example.org", subject: "s", body: "b", now: Date(), on: app.db)
                }
            }
            // the transaction rolled back and the gate is free again
            try await Outbox.enqueue(to: "a@example.org", subject: "s", body: "b", now: Date(), on: app.db)
            #expect(try await OutboxMessage.query(on: app.db).count() == 1)
        }
    }

    @Test func aWriteThatWaitsTooLongIsABusyAnswerNotAnError() async throws {
        let gate = WriteGate(wait: .milliseconds(100))
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let holding = Task {
            try await gate.exclusively(on: loop) { try await Task.sleep(for: .milliseconds(600)) }
        }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: WriteGate.Busy.self) {
            try await gate.exclusively(on: loop) {}
        }
        try await holding.value
        // after the holder leaves, the next writer goes straight in
        try await gate.exclusively(on: loop) {}
        #expect(WriteGate.Busy().status == .serviceUnavailable)
        #expect(WriteGate.Busy().headers.first(name: "Retry-After") == "5")
    }

    /// Self-referrals through the pages and through the API, a case manager taking cases as they arrive, email going
    /// out, housekeeping and audit entries, all at once against one database file: no answer is a server error,
    /// nothing is lost, and the audit chain is whole.
    @Test func writesFromPagesAPIJobsAndOutboxAtOnceNeverFail() async throws {
        try await withFileDatabase { app in
            let pageClinicians = try await (0..<6).asyncMap { _ in try await app.makePerson([.clinician]) }
            let apiClinicians = try await (0..<6).asyncMap { _ in try await app.makePerson([.clinician]) }
            let managers = [try await app.makePerson([.caseManager]), try await app.makePerson([.caseManager])]
            var tokens: [String] = []
            for clinician in apiClinicians { tokens.append(try await CaseAPITests.token(for: clinician, on: app)) }
            var managerBrowsers: [TestBrowser] = []
            for manager in managers {
                let browser = TestBrowser(app)
                try await browser.signIn(manager)
                managerBrowsers.append(browser)
            }
            let statuses = StatusLog()
            let mailDirectory = NSTemporaryDirectory() + "cairn-hammer-\(UUID())"
            let worker = DeliveryWorker(
                transport: FileMailTransport(directory: mailDirectory), from: "Cairn <no-reply@example.org>")

            try await withThrowingTaskGroup(of: Void.self) { group in
                for clinician in pageClinicians {
                    group.addTask {
                        let browser = TestBrowser(app)
                        try await browser.signIn(clinician)
                        for (step, fields) in ReferralJourneyTests.steps {
                            statuses.add(try await browser.get("/refer/\(step)").status)
                            statuses.add(try await browser.post("/refer/\(step)", fields).status)
                        }
                        statuses.add(try await browser.get("/refer/check-your-answers").status)
                        statuses.add(try await browser.post("/refer/check-your-answers", []).status)
                    }
                }
                for token in tokens {
                    group.addTask {
                        let (status, _, _) = try await CaseAPITests.send(
                            app, .POST, "/api/v1/referrals", token: token, body: CaseAPITests.referral)
                        statuses.add(status)
                    }
                }
                for managerBrowser in managerBrowsers {
                    group.addTask {
                        for _ in 0..<30 {
                            let waiting = try await SupportCase.query(on: app.db).filter(\.$stateName == "referred")
                                .all()
                            for record in waiting {
                                statuses.add(
                                    try await managerBrowser.post("/triage/\(record.requireID())/take", []).status)
                            }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<30 {
                        _ = try await worker.deliverDue(on: app.db, now: { Date() }, logger: app.logger)
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                group.addTask {
                    for feature in app.cairn.features { try await feature.housekeeping(app, now: Date()) }
                }
                for index in 0..<30 {
                    group.addTask {
                        try await AuditLog.append(
                            AuditEvent(
                                action: TestAudit(name: "hammer"), resourceType: .session, resourceID: "\(index)"),
                            at: Date(), cipher: app.cairn.cipher, on: app.db)
                    }
                }
                try await group.waitForAll()
            }

            let failures = statuses.all.filter { $0.code >= 500 }
            #expect(failures.isEmpty, "server errors: \(failures)")
            #expect(try await SupportCase.query(on: app.db).count() == 12)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "hammer").count() == 30)
            let chain = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
            #expect(chain.isIntact)
        }
    }

    /// A database file of its own (on PostgreSQL, the usual clone): the production shape, WAL and all.
    private func withFileDatabase(_ body: (Application) async throws -> Void) async throws {
        guard !TestDatabase.isPostgres else { return try await withCairn(body) }
        let path = NSTemporaryDirectory() + "cairn-single-writer-\(UUID()).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await withCairn(configure: { $0.database = .sqliteFile(path: path) }, body)
    }
}

/// Statuses collected from many tasks.
private final class StatusLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [HTTPStatus] = []

    func add(_ status: HTTPStatus) { lock.withLock { statuses.append(status) } }
    var all: [HTTPStatus] { lock.withLock { statuses } }
}
