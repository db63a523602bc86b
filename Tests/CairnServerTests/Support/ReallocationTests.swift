import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #13 item 2: the unit lead moves a case from one case manager to another, and a case manager's caseload
/// counts the clinician's messages they have not read. Page and API, the same service and rule.
@Suite("Moving cases between case managers, and unread messages")
struct ReallocationTests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String, _ body: String?)
        async throws -> (HTTPStatus, [String: Any], String)
    {
        try await CaseAPITests.send(app, method, path, token: token, body: body)
    }

    /// A request taken by one case manager, with a second case manager and the unit lead.
    struct Team {
        var caseID: String
        var clinicianToken: String
        var first: TestPerson
        var firstToken: String
        var second: TestPerson
        var secondToken: String
        var lead: TestPerson
        var leadToken: String
    }

    static func team(_ app: Application) async throws -> Team {
        let (_, clinicianToken, id) = try await TriageAPITests.referral(app)
        let first = try await app.makePerson([.caseManager], name: "Jo Whitfield")
        let second = try await app.makePerson([.caseManager], name: "Sam Okafor")
        let lead = try await app.makePerson([.unitLead], name: "Morag Lead")
        let firstToken = try await CaseAPITests.token(for: first, on: app)
        #expect(try await send(app, .POST, "/api/v1/triage/\(id)/take", firstToken, nil).0 == .ok)
        return Team(
            caseID: id, clinicianToken: clinicianToken, first: first, firstToken: firstToken, second: second,
            secondToken: try await CaseAPITests.token(for: second, on: app), lead: lead,
            leadToken: try await CaseAPITests.token(for: lead, on: app))
    }

    static func move(_ from: UUID, _ to: UUID) -> String {
        #"{"fromId": "\#(from.uuidString)", "toId": "\#(to.uuidString)"}"#
    }

    static func caseIDs(_ json: [String: Any]) -> [String] {
        (json["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func theUnitLeadMovesACaseAndOnlyTheNewCaseManagerReachesIt() async throws {
        try await withCairn { app in
            let team = try await Self.team(app)
            let path = "/api/v1/cases/\(team.caseID)/reallocation"
            // The lead sees what the first case manager holds, structured only.
            let (listed, holdings, _) = try await Self.send(
                app, .GET, "/api/v1/case-managers/\(team.first.id)/cases", team.leadToken, nil)
            #expect(listed == .ok)
            #expect(Self.caseIDs(holdings) == [team.caseID])
            // Structured columns only: never who the clinician is, when they wrote or the plan.
            let entry = try #require((holdings["cases"] as? [[String: Any]])?.first)
            for hidden in ["clinician", "lastFromClinicianAt", "nextReviewOn", "unreadMessages"] {
                #expect(entry[hidden] == nil, "\(hidden) is shown to the lead")
            }
            #expect(entry["reference"] != nil && entry["saidAtRisk"] != nil)

            // Refusals: to someone who is not a case manager (or the lead), a case manager doing it, no such case.
            for someone in [team.lead.id, UUID()] {
                let (status, problem, _) = try await Self.send(
                    app, .POST, path, team.leadToken, Self.move(team.first.id, someone))
                #expect(status == .unprocessableEntity)
                #expect(PeopleAPITests.fields(problem) == ["/toId"])
            }
            #expect(
                try await Self.send(app, .POST, path, team.firstToken, Self.move(team.first.id, team.second.id)).0
                    == .forbidden)
            #expect(
                try await Self.send(
                    app, .POST, "/api/v1/cases/\(UUID())/reallocation", team.leadToken,
                    Self.move(team.first.id, team.second.id)
                ).0 == .notFound)
            // From someone who does not hold it: 409.
            #expect(
                try await Self.send(app, .POST, path, team.leadToken, Self.move(team.second.id, team.first.id)).0
                    == .conflict)

            let (moved, _, text) = try await Self.send(
                app, .POST, path, team.leadToken, Self.move(team.first.id, team.second.id))
            #expect(moved == .noContent, "\(text)")
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(team.caseID)", team.firstToken, nil).0 == .notFound)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(team.caseID)", team.secondToken, nil).0 == .ok)
            #expect(Self.caseIDs(try await Self.send(app, .GET, "/api/v1/caseload", team.firstToken, nil).1) == [])
            #expect(
                Self.caseIDs(try await Self.send(app, .GET, "/api/v1/caseload", team.secondToken, nil).1)
                    == [team.caseID])
            // The same move again finds it gone; to the one who holds it now is 409 too.
            #expect(
                try await Self.send(app, .POST, path, team.leadToken, Self.move(team.first.id, team.second.id)).0
                    == .conflict)
            let timeline = try await Self.send(
                app, .GET, "/api/v1/cases/\(team.caseID)/timeline", team.secondToken, nil)
            let kinds = (timeline.1["entries"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("reallocated"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "case_reallocated").count() == 1)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "reallocate_case")
                    .filter(\.$outcome == "denied").count() >= 2)
        }
    }

    @Test func theCasesOfACaseManagerWhoLeftCanStillBeFoundAndMoved() async throws {
        try await withCairn { app in
            let team = try await Self.team(app)
            let leaver = try #require(try await Person.find(team.first.id, on: app.db))
            leaver.status = .disabled
            try await leaver.save(on: app.db)
            let lead = TestBrowser(app)
            try await lead.signIn(team.lead)
            let load = try await lead.get("/cases")
            #expect(load.body.contains("Jo Whitfield"))
            #expect(load.body.contains("No longer active: move these"))
            let holder = "/cases/team/\(team.first.id.uuidString.lowercased())"
            let holdings = try await lead.get(holder)
            #expect(holdings.status == .ok)
            #expect(holdings.body.contains("Sam Okafor"))  // the one it can go to
            let moved = try await lead.post(
                "/cases/\(team.caseID)/reallocation",
                [("from", team.first.id.uuidString), ("to", team.second.id.uuidString)])
            #expect(moved.status == .seeOther)
            // Holding nothing now and no longer a case manager: no page.
            #expect(try await lead.get(holder).status == .notFound)
            #expect(!(try await lead.get("/cases").body.contains("No longer active")))
            // Past the last page: the last page, not an empty one.
            let reference = try #require(try await SupportCase.find(UUID(uuidString: team.caseID), on: app.db))
                .reference
            let past = try await lead.get("/cases/team/\(team.second.id.uuidString.lowercased())?page=9")
            #expect(past.body.contains(reference))
            let audit = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "case_reallocated").first())
            #expect(
                try audit.opened(\.$reason, with: app.cairn.cipher)?.contains(team.first.id.uuidString.lowercased())
                    == true)
        }
    }

    @Test func twoLeadsMovingOneCaseAtOnceMakeOneMoveAndA409() async throws {
        try await withCairn { app in
            let team = try await Self.team(app)
            let third = try await app.makePerson([.caseManager], name: "Third Manager")
            let otherLead = try await CaseAPITests.token(for: try await app.makePerson([.unitLead]), on: app)
            let path = "/api/v1/cases/\(team.caseID)/reallocation"
            async let one = Self.send(app, .POST, path, team.leadToken, Self.move(team.first.id, team.second.id))
            async let two = Self.send(app, .POST, path, otherLead, Self.move(team.first.id, third.id))
            let statuses = [try await one.0, try await two.0].map(\.code).sorted()
            #expect(statuses == [204, 409])
            let holders = try await CaseAssignment.query(on: app.db)
                .filter(\.$caseID == UUID(uuidString: team.caseID)!).all()
            #expect(holders.count == 1)
            #expect(holders.first?.personID != team.first.id)
        }
    }

    @Test func theLeadMovesACaseFromTheTeamPage() async throws {
        try await withCairn { app in
            let team = try await Self.team(app)
            let lead = TestBrowser(app)
            try await lead.signIn(team.lead)
            let caseload = try await lead.get("/cases")
            #expect(caseload.body.contains("/cases/team/\(team.first.id.uuidString.lowercased())"))
            let holdings = try await lead.get("/cases/team/\(team.first.id.uuidString.lowercased())")
            #expect(holdings.status == .ok)
            #expect(holdings.body.contains("Cases Jo Whitfield holds"))
            #expect(!holdings.body.contains("API-MARKER"))  // nothing the clinician wrote
            let form = "/cases/\(team.caseID)/reallocation"
            let unchosen = try await lead.post(form, [("from", team.first.id.uuidString), ("to", "")])
            #expect(unchosen.status == .unprocessableEntity)
            #expect(unchosen.body.contains("Choose the case manager to move the case to"))
            let moved = try await lead.post(
                form, [("from", team.first.id.uuidString), ("to", team.second.id.uuidString)])
            #expect(moved.status == .seeOther)
            #expect(moved.location == "/cases/team/\(team.first.id.uuidString.lowercased())?notice=moved")
            let after = try await lead.get(try #require(moved.location))
            #expect(after.body.contains("The case was moved"))
            #expect(after.body.contains("Jo Whitfield holds no open cases"))
            let again = try await lead.post(
                form, [("from", team.first.id.uuidString), ("to", team.second.id.uuidString)])
            #expect(again.status == .conflict)
            #expect(again.body.contains("already moved"))
            // Not a case manager of the unit: no page.
            #expect(try await lead.get("/cases/team/\(team.lead.id.uuidString.lowercased())").status == .notFound)
            // A case manager cannot open the team page or move anything.
            let manager = TestBrowser(app)
            try await manager.signIn(team.second)
            #expect(try await manager.get("/cases/team/\(team.first.id.uuidString.lowercased())").status == .forbidden)
        }
    }

    @Test func theCaseloadCountsTheCliniciansMessagesNotYetRead() async throws {
        try await withCairn { app in
            let team = try await Self.team(app)
            func unread(_ token: String) async throws -> Int? {
                let (status, json, text) = try await Self.send(app, .GET, "/api/v1/caseload", token, nil)
                #expect(status == .ok, "\(text)")
                return (json["cases"] as? [[String: Any]])?.first?["unreadMessages"] as? Int
            }
            let own = "/api/v1/referrals/\(team.caseID)/messages"
            #expect(try await unread(team.firstToken) == 0)
            for text in ["First worry", "Second worry"] {
                #expect(
                    try await Self.send(app, .POST, own, team.clinicianToken, #"{"body": "\#(text)"}"#).0 == .created)
            }
            #expect(try await unread(team.firstToken) == 2)
            // The case manager's own message is not unread for them.
            #expect(
                try await Self.send(
                    app, .POST, "/api/v1/cases/\(team.caseID)/messages", team.firstToken, #"{"body": "Hello"}"#
                ).0 == .created)
            #expect(try await unread(team.firstToken) == 2)
            let browser = TestBrowser(app)
            try await browser.signIn(team.first)
            #expect(try await browser.get("/cases").body.contains("2 unread"))
            // Opening the case shows the messages: read.
            #expect(try await browser.get("/cases/\(team.caseID)").status == .ok)
            #expect(try await unread(team.firstToken) == 0)
            #expect(!(try await browser.get("/cases").body.contains("unread")))
            #expect(
                try await Self.send(app, .POST, own, team.clinicianToken, #"{"body": "Third"}"#).0 == .created)
            #expect(try await unread(team.firstToken) == 1)
            // Through the API's message list too; two readers at once leave one mark each, no error.
            async let a = Self.send(app, .GET, "/api/v1/cases/\(team.caseID)/messages", team.firstToken, nil)
            async let b = Self.send(app, .GET, "/api/v1/cases/\(team.caseID)/messages", team.firstToken, nil)
            #expect([try await a.0, try await b.0] == [.ok, .ok])
            #expect(try await unread(team.firstToken) == 0)
            #expect(try await CaseRead.query(on: app.db).count() == 1)
        }
    }
}
