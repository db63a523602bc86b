import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Figures through the API are the pages' figures (issue #14 item 2): the same protected tables as JSON, and with
/// `Accept: text/csv` the very CSV the page offers.
@Suite("Figures through the API")
struct FiguresAPITests {
    static func get(_ app: Application, _ path: String, token: String, accept: String) async throws
        -> TestingHTTPResponse
    {
        try await app.testing().sendRequest(
            .GET, path, headers: ["Authorization": "Bearer \(token)", "Accept": accept])
    }

    static func tables(_ response: TestingHTTPResponse) throws -> [String: [[String]]] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
        let tables = try #require(object["tables"] as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: tables.map { ($0["title"] as? String ?? "", $0["rows"] as? [[String]] ?? []) })
    }

    @Test func theUnitsFiguresAreThePagesFiguresAsJSONAndAsItsCSV() async throws {
        try await withCairn { app in
            for index in 0..<6 {
                let clinician = TestBrowser(app)
                try await clinician.signIn(
                    try await app.makePerson([.clinician], email: "clinician\(index)@example.org"))
                let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
                if index == 5 {
                    record.profession = Profession.nurse.rawValue
                    try await record.update(on: app.db)
                }
            }
            let leadPerson = try await app.makePerson([.unitLead])
            let lead = TestBrowser(app)
            try await lead.signIn(leadPerson)
            let token = try await CaseAPITests.token(for: leadPerson, on: app)

            let json = try await Self.get(app, "/api/v1/figures/support", token: token, accept: "application/json")
            #expect(json.status == .ok)
            let tables = try Self.tables(json)
            // The doctors' 5 is the total's 6 less the nurse's 1: both hidden, in the API as on the page.
            let byProfession = try #require(tables.first { $0.value.contains(["Nurse", "*"]) }?.value)
            #expect(byProfession.contains(["Doctor", "*"]))
            #expect(tables.values.contains { $0.contains(["Exam difficulty or failure", "6"]) })
            #expect(!json.body.string.contains("MRCP"))

            let pageCSV = try await lead.get("/figures/support.csv")
            let apiCSV = try await Self.get(app, "/api/v1/figures/support", token: token, accept: "text/csv")
            #expect(apiCSV.status == .ok)
            #expect(apiCSV.headers.contentType?.subType == "csv")
            #expect(apiCSV.body.string == pageCSV.body)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "figures_exported").count() == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "figures_viewed").count() == 1)

            // Where the client ranks CSV first it gets CSV; anything else gets JSON.
            let preferred = try await Self.get(
                app, "/api/v1/figures/support", token: token, accept: "application/json;q=0.5, text/csv")
            #expect(preferred.headers.contentType?.subType == "csv")
            #expect(
                try await Self.get(app, "/api/v1/figures/support", token: token, accept: "*/*").headers
                    .contentType?.subType == "json")

            let clinician = try await app.makePerson([.clinician])
            let theirs = try await CaseAPITests.token(for: clinician, on: app)
            #expect(
                try await Self.get(app, "/api/v1/figures/support", token: theirs, accept: "application/json").status
                    == .forbidden)
        }
    }

    @Test func aProgrammesFiguresAreItsDashboardsCSVAsJSON() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let leadPerson = try await app.makePerson([.programmeLead])
            let lead = TestBrowser(app)
            try await lead.signIn(leadPerson)
            let token = try await CaseAPITests.token(for: leadPerson, on: app)
            let path = "/api/v1/mentoring/programmes/\(fixture.programmeID)/figures"

            let json = try await Self.get(app, path, token: token, accept: "application/json")
            #expect(json.status == .ok, "\(json.body.string)")
            let tables = try Self.tables(json)
            let pageCSV = try await lead.get(fixture.programmePath + "/dashboard.csv")
            #expect(!tables.isEmpty)
            for title in tables.keys { #expect(pageCSV.body.contains(title)) }
            let apiCSV = try await Self.get(app, path, token: token, accept: "text/csv")
            #expect(apiCSV.body.string == pageCSV.body)

            #expect(
                try await Self.get(
                    app, "/api/v1/mentoring/programmes/\(UUID())/figures", token: token, accept: "application/json"
                ).status == .notFound)
            let mentor = try await CaseAPITests.token(for: fixture.james, on: app)
            #expect(try await Self.get(app, path, token: mentor, accept: "application/json").status == .forbidden)
        }
    }
}
