import CairnCore
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

/// Erasure by retention rule (issue #20 item 2): what a rule would erase is shown before it is, it erases each
/// record once with the rows reached from it, it applies by itself only when set to, and figures keep their counts.
@Suite("Retention rules")
struct RetentionTests {
    /// A case referred through the API, then marked as ended `daysAgo` days ago.
    static func endedCase(_ app: Application, daysAgo: Int) async throws -> UUID {
        let (_, _, id) = try await TriageAPITests.referral(app)
        let caseID = try #require(UUID(uuidString: id))
        let sql = try #require(app.db as? any SQLDatabase)
        try await sql.update(SupportCase.schema).set("state", to: SQLBind("closed"))
            .set("closed_at", to: SQLBind(Date().addingTimeInterval(-Double(daysAgo) * 86_400)))
            .where("id", .equal, SQLBind(caseID)).run()
        return caseID
    }

    static func ownWords(_ app: Application, _ caseID: UUID) async throws -> String {
        let record = try #require(try await SupportCase.find(caseID, on: app.db))
        return try app.cairn.cipher.open(record.ownWords, for: SupportCase.binding(caseID, "own_words"))
    }

    @Test func endedCasesAreErasedOnceWhenTheirYearsAreUp() async throws {
        try await withCairn { app in
            let old = try await Self.endedCase(app, daysAgo: 7 * 366)
            let recent = try await Self.endedCase(app, daysAgo: 400)
            let open = try #require(UUID(uuidString: try await TriageAPITests.referral(app).id))
            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let lead = try await CaseAPITests.token(for: try await app.makePerson([.unitLead]), on: app)
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/retention-rules", token: lead).0 == .forbidden)

            let (listed, rules, listText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/retention-rules", token: admin)
            #expect(listed == .ok, "\(listText)")
            let cases = (rules["rules"] as? [[String: Any]] ?? []).first {
                $0["kind"] as? String == "ended_support_cases"
            }
            #expect(cases?["years"] as? Int == 6)
            #expect(cases?["automatic"] as? Bool == false)
            #expect(cases?["due"] as? Int == 1)
            #expect((rules["rules"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "mentoring_pairs" })

            // The dry run: the one case and what hangs from it; nothing written.
            let (ran, dry, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/retention-rules/ended_support_cases/due", token: admin)
            #expect(ran == .ok)
            #expect(dry["records"] as? Int == 1)
            let kinds = dry["kinds"] as? [[String: Any]] ?? []
            #expect(kinds.first { $0["kind"] as? String == "cases" }?["rows"] as? Int == 1)
            #expect((kinds.first { $0["kind"] as? String == "case_events" }?["rows"] as? Int ?? 0) >= 1)
            #expect(try await Self.ownWords(app, old).contains("API-MARKER"))

            let (applied, done, doneText) = try await CaseAPITests.send(
                app, .POST, "/api/v1/retention-rules/ended_support_cases/erasure", token: admin)
            #expect(applied == .ok, "\(doneText)")
            #expect(done["records"] as? Int == 1)
            // The dry run said what the run did, kind by kind.
            func rows(_ outcome: [String: Any]) -> [String: Int] {
                var rows: [String: Int] = [:]
                for kind in outcome["kinds"] as? [[String: Any]] ?? [] {
                    rows[kind["kind"] as? String ?? ""] = kind["rows"] as? Int
                }
                return rows
            }
            #expect(rows(done) == rows(dry))
            #expect(try await Self.ownWords(app, old) == PersonalDataErasure.erasedText)
            #expect(try await Self.ownWords(app, recent).contains("API-MARKER"))
            #expect(try await Self.ownWords(app, open).contains("API-MARKER"))
            // The case keeps what figures count.
            let erased = try #require(try await SupportCase.find(old, on: app.db))
            #expect(erased.profession == "doctor")
            // Once: the next run passes it by.
            let (_, again, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/retention-rules/ended_support_cases/erasure", token: admin)
            #expect(again["records"] as? Int == 0)

            // A period the rule cannot have; then one year, applied by itself.
            let (refused, problem, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/retention-rules/ended_support_cases", token: admin,
                body: #"{"years": 0, "automatic": true}"#)
            #expect(refused == .unprocessableEntity)
            #expect(PeopleAPITests.fields(problem) == ["/years"])
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/retention-rules/nothing_like_this", token: admin,
                    body: #"{"years": 3, "automatic": false}"#
                ).0 == .notFound)
            let (set, rule, setText) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/retention-rules/ended_support_cases", token: admin,
                body: #"{"years": 1, "automatic": true}"#)
            #expect(set == .ok, "\(setText)")
            #expect(rule["due"] as? Int == 1)
            #expect(rule["set"] as? Bool == true)
            try await DataProtectionFeature().housekeeping(app, now: Date())
            #expect(try await Self.ownWords(app, recent) == PersonalDataErasure.erasedText)
            #expect(try await Self.ownWords(app, open).contains("API-MARKER"), "an open case is never due")

            #expect(try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher).firstProblem == nil)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "retention_applied").count() == 2)
        }
    }

    @Test func twoRunsAtOnceEraseEachRecordOnce() async throws {
        try await withCairn { app in
            var old: [UUID] = []
            for _ in 0..<3 { old.append(try await Self.endedCase(app, daysAgo: 7 * 366)) }
            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let path = "/api/v1/retention-rules/ended_support_cases/erasure"
            async let one = CaseAPITests.send(app, .POST, path, token: admin)
            async let two = CaseAPITests.send(app, .POST, path, token: admin)
            let (first, second) = (try await one, try await two)
            #expect(first.0 == .ok && second.0 == .ok, "\(first.2) \(second.2)")
            #expect((first.1["records"] as? Int ?? 0) + (second.1["records"] as? Int ?? 0) == 3)
            #expect(try await ErasedRecord.query(on: app.db).count() == 3)
            for caseID in old { #expect(try await Self.ownWords(app, caseID) == PersonalDataErasure.erasedText) }
        }
    }

    @Test func aProgrammeLongOverHasItsPairsSessionsErased() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let first = try #require(try await fixture.amirasSessions().first)
            let mentor = try await MentoringSessionTests.signedIn(fixture.james, app)
            try await mentor.get(sessionPath(first))
            try await mentor.post(
                sessionPath(first),
                [("date", "2026-11-20"), ("time", "10:00"), ("status", "held"), ("record", "RECORD-MARKER")])
            let sql = try #require(app.db as? any SQLDatabase)
            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let (_, before, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/retention-rules/mentoring_pairs/due", token: admin)
            #expect(before["records"] as? Int == 0, "the programme is this year's")
            try await sql.update(MentoringProgramme.schema).set("cohort_starts_on", to: SQLBind("2020-01-01"))
                .where("id", .equal, SQLBind(fixture.programmeID)).run()
            let (_, dry, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/retention-rules/mentoring_pairs/due", token: admin)
            #expect(dry["records"] as? Int == 1)
            let kinds = dry["kinds"] as? [[String: Any]] ?? []
            #expect(kinds.first { $0["kind"] as? String == "mentoring_sessions" }?["rows"] as? Int == 4)
            let (applied, _, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/retention-rules/mentoring_pairs/erasure", token: admin)
            #expect(applied == .ok, "\(text)")
            let session = try #require(try await MentoringSession.find(first.id, on: app.db))
            if let record = session.record {
                #expect(
                    try app.cairn.cipher.open(record, for: MentoringSession.recordBinding(try session.requireID()))
                        == PersonalDataErasure.erasedText)
            }
            // The people stay: only the pair's records went.
            #expect(try await Mentee.query(on: app.db).count() == 3)
        }
    }

    @Test func theAdministratorSeesWhatIsDueAndErasesItInTheBrowser() async throws {
        try await withCairn { app in
            let old = try await Self.endedCase(app, daysAgo: 7 * 366)
            let browser = TestBrowser(app)
            _ = try await browser.signIn(try await app.makePerson([.admin]))
            let list = try await browser.get("/admin/retention")
            #expect(list.status == .ok)
            #expect(list.body.contains("Support cases"))
            #expect(list.body.contains("6 years after the case ended"))
            let page = try await browser.get("/admin/retention/ended_support_cases")
            #expect(page.body.contains("Due now: 1 record"))
            let wrong = try await browser.post("/admin/retention/ended_support_cases", [("years", "sixty")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("sixty"))
            #expect(wrong.body.contains("Enter a number of years from 1 to 50"))
            try await browser.get("/admin/retention/ended_support_cases")
            let erased = try await browser.post("/admin/retention/ended_support_cases/erasure", [])
            #expect(erased.location == "/admin/retention/ended_support_cases?notice=due-erased")
            #expect(try await Self.ownWords(app, old) == PersonalDataErasure.erasedText)
            #expect(try await browser.get(erased.location ?? "").body.contains("Nothing is due under this rule today."))
            #expect(try await browser.get("/admin/retention/no_such_kind").status == .notFound)
        }
    }
}
