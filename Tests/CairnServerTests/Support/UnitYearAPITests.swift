import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #14, "Done when": a unit's year run by a client through the API alone. Last year's referrals come in with
/// their dates; this year's clinicians ask for support; the unit lead reads the queue and gives requests to case
/// managers; the case managers take, assess, plan, close and decline; and the unit's figures count both years, as an
/// independent count of what was sent says. (Each person's token is made as its owner makes it in the browser: the
/// one step the API leaves to a person, by design.)
@Suite("A unit's year through the API alone")
struct UnitYearAPITests {
    @Test func aUnitsYearFromLastYearsImportToTheFigures() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_796_200_000))  // 2 December 2026
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let lead = try await CaseAPITests.token(for: try await app.makePerson([.unitLead]), on: app)
            let sam = try await app.makePerson([.caseManager], name: "Sam Taylor")
            let kim = try await app.makePerson([.caseManager], name: "Kim Lee")
            let samToken = try await CaseAPITests.token(for: sam, on: app)
            let kimToken = try await CaseAPITests.token(for: kim, on: app)
            func send(_ method: HTTPMethod, _ path: String, _ token: String, _ body: String? = nil) async throws
                -> (HTTPStatus, [String: Any], String)
            {
                try await CaseAPITests.send(app, method, path, token: token, body: body)
            }

            // Last year: six closed requests about exams, with their dates, outcomes and costs.
            var (status, body, text) = try await EarlierRecordsTests.send(
                app, token: lead, csv: EarlierRecordsTests.file())
            #expect(status == .ok, "\(text)")
            #expect(body["imported"] as? Int == 6)

            // This year: five clinicians ask for support.
            var requests: [String] = []
            for index in 0..<5 {
                let clinician = try await CaseAPITests.token(
                    for: try await app.makePerson([.clinician], name: "Dr Clinician \(index)"), on: app)
                (status, body, text) = try await send(.POST, "/api/v1/referrals", clinician, CaseAPITests.referral)
                #expect(status == .created, "\(text)")
                requests.append(try #require(body["id"] as? String))
            }

            // The unit lead reads the queue (the imported, ended requests are not in it) and gives out the work.
            (status, body, text) = try await send(.GET, "/api/v1/triage", lead)
            #expect(status == .ok, "\(text)")
            let queued = ((body["requests"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            #expect(Set(queued) == Set(requests))
            (_, _, text) = try await send(.GET, "/api/v1/case-managers", lead)
            let managers = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
            let kimID = try #require(managers.first { $0["name"] as? String == "Kim Lee" }?["id"] as? String)
            (status, _, text) = try await send(
                .POST, "/api/v1/triage/\(requests[1])/assignment", lead, #"{"caseManagerId": "\#(kimID)"}"#)
            #expect(status == .noContent, "\(text)")
            for id in [requests[0]] + Array(requests[2...]) {
                (status, _, text) = try await send(.POST, "/api/v1/triage/\(id)/take", samToken)
                #expect(status == .ok || status == .noContent, "\(text)")
            }

            // Sam sees the first through: first contact, assessment, a plan with its cost, closing, closed.
            let first = "/api/v1/cases/\(requests[0])"
            func move(_ path: String, _ token: String, _ change: String) async throws -> Int {
                let (_, detail, _) = try await send(.GET, path, token)
                let version = try #require(detail["version"] as? Int)
                let (moved, _, movedText) = try await send(
                    .POST, path + "/transitions", token,
                    change.replacingOccurrences(of: "VERSION", with: String(version)))
                #expect(moved == .ok, "\(movedText)")
                return version
            }
            _ = try await move(first, samToken, #"{"to": "triaged", "version": VERSION, "firstContact": true}"#)
            let assessed = try await send(.GET, first + "/assessment", samToken).1["version"] as? Int ?? 0
            (status, _, text) = try await send(
                .PUT, first + "/assessment", samToken,
                #"{"version": \#(assessed), "confirmedReasons": ["communication"], "goals": "Settle into practice"}"#)
            #expect(status == .ok, "\(text)")
            _ = try await move(first, samToken, #"{"to": "active", "version": VERSION}"#)
            (status, _, text) = try await send(
                .POST, first + "/plan-items", samToken,
                #"{"intervention": "coaching", "status": "done", "costPence": 45000}"#)
            #expect(status == .created, "\(text)")
            _ = try await move(first, samToken, #"{"to": "closing", "version": VERSION}"#)
            _ = try await move(
                first, samToken, #"{"to": "closed", "version": VERSION, "outcomes": ["goals_met"]}"#)
            // Kim declines the one given to her, with the reason the clinician reads.
            _ = try await move(
                "/api/v1/cases/\(requests[1])", kimToken,
                #"{"to": "declined", "version": VERSION, "reason": "A GP appraisal matter: your appraiser can help."}"#)
            // Nobody else reads them.
            #expect(try await send(.GET, first, kimToken).0 == .notFound)
            (_, body, _) = try await send(.GET, "/api/v1/caseload", samToken)
            #expect((body["total"] as? Int) == 3)

            // The figures count both years, recounted here from what was sent: 7 closed (6 imported, 1 this year),
            // all with their goals met, £1,800 + £450 over them; 7 first contacts; this year's reasons 5 each. A
            // count from 1 to 4, and any count that would give one away (here the year's total, every month and
            // last year's exams beside this year's reasons), is protected.
            let figures = try await FiguresAPITests.get(
                app, "/api/v1/figures/support", token: lead, accept: "application/json")
            #expect(figures.status == .ok)
            let tables = try FiguresAPITests.tables(figures)
            let outcomes = tables["Outcomes of closed cases"] ?? []
            #expect(outcomes.first == ["The goals we agreed were met", "7"], "\(outcomes)")
            let money = tables["First contact and cost"] ?? []
            #expect(money.contains(["Cases closed so far", "7"]), "\(money)")
            #expect(money.contains(["Cost per closed case", "£321.43 over 7 closed cases"]), "\(money)")
            #expect(money.contains(["Requests contacted", "7"]), "\(money)")
            let reasons = tables["Referrals by reason"] ?? []
            #expect(reasons.contains { $0.first?.hasPrefix("Communication") == true && $0.last == "5" }, "\(reasons)")
            #expect(reasons.contains { $0.first?.hasPrefix("Support as an international") == true && $0.last == "5" })
            #expect(tables["Referrals received"]?.first?.last == "*")
            #expect(tables["Referrals by month"]?.filter { $0.last != "0" }.allSatisfy { $0.last == "*" } == true)
            // The CSV says the same.
            let csv = try await FiguresAPITests.get(app, "/api/v1/figures/support", token: lead, accept: "text/csv")
            #expect(csv.status == .ok)
            #expect(csv.body.string.contains("Referrals received"))
        }
    }
}
