import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// A unit's earlier records brought into Cairn (issue #14 item 3): from the page and the API, all or nothing,
/// each reference once, and the figures count them from the first day.
@Suite("Bringing in a unit's earlier records")
struct EarlierRecordsTests {
    static let header = PastRecord.columns.joined(separator: ",")

    /// Six closed requests received this year, all about exams, each with £300 of coaching.
    static func file(_ prefix: String = "OLD", count: Int = 6) -> String {
        ([header]
            + (1...count).map { index in
                "\(prefix)-\(index),2026-0\(index % 6 + 3)-1\(index),doctor,gpst\(index % 3 + 1),scotland,"
                    + "exam_difficulty,no,no,closed,2026-0\(index % 6 + 3)-1\(index + 1),2026-10-01,goals_met,coaching,300"
            }).joined(separator: "\n")
    }

    static func send(_ app: Application, token: String, csv: String) async throws -> (HTTPStatus, [String: Any], String)
    {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["csv": csv]), as: UTF8.self)
        return try await CaseAPITests.send(app, .POST, "/api/v1/earlier-records", token: token, body: body)
    }

    static func importedCases(_ app: Application) async throws -> Int {
        try await SupportCase.query(on: app.db).filter(\.$externalReference != nil).count()
    }

    @Test func theAPIImportsEachReferenceOnceAndTheFiguresCountThem() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_796_200_000))  // 2 December 2026
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let lead = try await app.makePerson([.unitLead])
            let token = try await CaseAPITests.token(for: lead, on: app)
            let (status, report, text) = try await Self.send(app, token: token, csv: Self.file())
            #expect(status == .ok, "\(text)")
            #expect(report["imported"] as? Int == 6)
            #expect((report["alreadyThere"] as? [String])?.isEmpty == true)

            // The same file again, with two new lines: only those are imported.
            let again = try await Self.send(
                app, token: token,
                csv: Self.file() + "\n"
                    + Self.file("NEW", count: 2).split(separator: "\n")
                    .dropFirst().joined(separator: "\n"))
            #expect(again.0 == .ok, "\(again.2)")
            #expect(again.1["imported"] as? Int == 2)
            #expect((again.1["alreadyThere"] as? [String]) == (1...6).map { "OLD-\($0)" })
            #expect(try await Self.importedCases(app) == 8)

            // Nobody signs in as the holder of the records, and nothing of them is a person's words.
            let holders = try await SupportCase.query(on: app.db).filter(\.$externalReference != nil).all()
                .map(\.clinicianID)
            #expect(Set(holders).count == 1)
            let holder = try #require(try await Person.find(holders[0], on: app.db))
            #expect(holder.status == .disabled)
            #expect(try await Accounts.roles(of: holders[0], in: app.cairn.organisation!.id, on: app.db).isEmpty)

            // The figures count them: eight referrals about exams this year, and their cost.
            let figures = try await FiguresAPITests.get(
                app, "/api/v1/figures/support", token: token, accept: "application/json")
            let tables = try FiguresAPITests.tables(figures)
            #expect(tables.values.contains { $0.contains(["Exam difficulty or failure", "8"]) }, "\(tables)")
            #expect(figures.body.string.contains("£300"), "\(figures.body.string)")
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "past_records_imported").count() == 2)
        }
    }

    @Test func oneBadLineImportsNothingAndEveryLineIsNamed() async throws {
        try await withCairn { app in
            let token = try await CaseAPITests.token(for: try await app.makePerson([.unitLead]), on: app)
            let bad =
                Self.file() + "\nBAD-1,2026-13-01,doctor,,,exam_difficulty,,,closed,,2026-10-01,,,"
                + "\nBAD-2,2026-03-01,doctor,,,exam_difficulty,,,referred,,2026-10-01,,,"
            let (status, problem, text) = try await Self.send(app, token: token, csv: bad)
            #expect(status == .unprocessableEntity, "\(text)")
            let errors = try #require(problem["errors"] as? [[String: String]])
            #expect(errors.allSatisfy { $0["field"] == "/csv" })
            #expect(errors.contains { $0["message"]?.hasPrefix("Line 8: received_on") == true })
            #expect(errors.contains { $0["message"]?.hasPrefix("Line 9: state") == true })
            #expect(try await Self.importedCases(app) == 0)

            let manager = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await Self.send(app, token: manager, csv: Self.file()).0 == .forbidden)
        }
    }

    @Test func theUnitLeadBringsThemInFromThePage() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([.unitLead]))
            let figures = try await browser.get("/figures/support")
            #expect(figures.body.contains("href=\"/earlier-records\""))
            let page = try await browser.get("/earlier-records")
            #expect(page.status == .ok)
            #expect(page.body.contains("Bring in earlier records"))

            let wrong = Self.file() + "\nBAD-1,2026-03-01,doctor,,,exam_difficulty,,,open,,2026-10-01,,,"
            let refused = try await browser.post("/earlier-records", [("records_csv", wrong)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Line 8: state: Only requests that have ended are imported"))
            #expect(refused.body.contains("OLD-6,2026-03-16"), "the typed rows come back")
            #expect(try await Self.importedCases(app) == 0)

            let done = try await browser.post("/earlier-records", [("records_csv", Self.file())])
            #expect(done.status == .ok)
            #expect(done.body.contains("6 records imported."))
            #expect(try await Self.importedCases(app) == 6)
            // A file saved from a spreadsheet (with its byte-order mark) does the same.
            let uploaded = try await browser.postMultipart(
                "/earlier-records", [], file: ("records.csv", "\u{FEFF}" + Self.file("FILE", count: 3)))
            #expect(uploaded.status == .ok)
            #expect(uploaded.body.contains("3 records imported."))
            #expect(try await Self.importedCases(app) == 9)

            let programmeLead = TestBrowser(app)
            try await programmeLead.signIn(try await app.makePerson([.programmeLead]))
            #expect(try await programmeLead.get("/earlier-records").status == .forbidden)
            #expect(!(try await programmeLead.get("/figures/support").body.contains("/earlier-records")))
        }
    }
}
