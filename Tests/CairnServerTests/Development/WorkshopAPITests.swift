import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnDevelopment
@testable import CairnPlatform
@testable import CairnServer

/// Issue #14: a practice's workshop, each attendee's ranking and an objective proposed from a development, through
/// the API with the pages' rules; the plan's priorities come out as the pages count them.
@Suite("Workshops, rankings and proposed objectives through the API")
struct WorkshopAPITests {
    @Test func aFacilitatorRunsAWorkshopRecordsRankingsAndProposesAnObjective() async throws {
        try await withCairn { app in
            let facilitator = try await CaseAPITests.token(
                for: try await app.makePerson([.facilitator], name: "Priya Facilitator"), on: app)
            func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil, token: String? = nil)
                async throws -> (HTTPStatus, [String: Any])
            {
                let (status, json, _) = try await CaseAPITests.send(
                    app, method, path, token: token ?? facilitator, body: body)
                return (status, json)
            }
            var (status, plan) = try await send(.POST, "/api/v1/practices", #"{"name": "Bala Surgery"}"#)
            let practice = "/api/v1/practices/\(try #require(plan["id"] as? String))"
            for (email, name) in [("a@example.org", "Dr A"), ("b@example.org", "Nurse B")] {
                (status, plan) = try await send(
                    .POST, practice + "/members", #"{"email": "\#(email)", "name": "\#(name)", "staffGroup": "doctor"}"#
                )
                #expect(status == .created)
            }
            let members = (plan["members"] as? [[String: Any]]) ?? []
            let a = try #require(members.first { $0["name"] as? String == "Dr A" }?["personId"] as? String)
            let b = try #require(members.first { $0["name"] as? String == "Nurse B" }?["personId"] as? String)
            for title in ["Diabetes recall", "Telephone access"] {
                (_, plan) = try await send(
                    .POST, practice + "/needs",
                    #"{"title": "\#(title)", "source": "local_priority", "finding": "audit"}"#)
            }
            let needs = ((plan["needs"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            #expect(needs.count == 2)
            let today = app.cairn.today.description
            // Someone outside the team cannot attend; a day too far ahead is named; over the notes' limit a 400.
            (status, plan) = try await send(
                .POST, practice + "/workshops", #"{"heldOn": "\#(today)", "attendeeIds": ["\#(UUID().uuidString)"]}"#)
            #expect(status == .conflict)
            (status, plan) = try await send(
                .POST, practice + "/workshops", #"{"heldOn": "2099-01-01", "attendeeIds": ["\#(a)"]}"#)
            #expect(status == .conflict)
            #expect((plan["detail"] as? String)?.contains("three years ago to a year ahead") == true)
            (status, _) = try await send(
                .POST, practice + "/workshops",
                #"{"heldOn": "\#(today)", "attendeeIds": ["\#(a)"], "notes": "\#(String(repeating: "n", count: 8_001))"}"#
            )
            #expect(status == .badRequest)
            (status, _) = try await send(
                .POST, practice + "/workshops", #"{"heldOn": "\#(today)", "attendeeIds": ["\#(a)", "\#(a)"]}"#)
            #expect(status == .badRequest)
            (status, plan) = try await send(
                .POST, practice + "/workshops",
                #"{"heldOn": "\#(today)", "attendeeIds": ["\#(a)", "\#(b)"], "notes": "WORKSHOP-NOTES"}"#)
            #expect(status == .created)
            let workshop = try #require(((plan["workshops"] as? [[String: Any]])?.first)?["id"] as? String)
            let rankings = practice + "/workshops/\(workshop)/rankings"
            func ballot(_ person: String, _ first: String, _ second: String) -> String {
                #"{"attendeeId": "\#(person)", "ranks": [{"needId": "\#(first)", "rank": 1}, {"needId": "\#(second)", "rank": 2}]}"#
            }
            // A rank given twice, or to someone who did not attend, is refused.
            (status, plan) = try await send(
                .PUT, rankings,
                #"{"attendeeId": "\#(a)", "ranks": [{"needId": "\#(needs[0])", "rank": 1}, {"needId": "\#(needs[1])", "rank": 1}]}"#
            )
            #expect(status == .unprocessableEntity)
            (status, _) = try await send(.PUT, rankings, ballot(UUID().uuidString, needs[0], needs[1]))
            #expect(status == .unprocessableEntity)
            (status, _) = try await send(.PUT, rankings, ballot(a, needs[1], needs[0]))
            #expect(status == .ok)
            // Replacing a ballot, not adding one.
            (status, _) = try await send(.PUT, rankings, ballot(a, needs[0], needs[1]))
            (status, plan) = try await send(.PUT, rankings, ballot(b, needs[0], needs[1]))
            #expect(status == .ok)
            let rows = ((plan["priorities"] as? [String: Any])?["rows"] as? [[String: Any]]) ?? []
            #expect(rows.first?["needId"] as? String == needs[0])
            #expect(rows.first?["firstPlaces"] as? Int == 2)
            #expect(((plan["workshops"] as? [[String: Any]])?.first)?["rankings"] as? Int == 2)

            // An objective proposed to a member lands in their own plan, linked to the development.
            let development = """
                {"title": "Recall", "aim": "On time", "objective": "95% reviewed in 12 months", "startsOn": "\(today)",
                 "dueOn": "\(app.cairn.today.adding(days: 200).description)", "status": "planned", "needId": "\(needs[0])"}
                """
            let (_, made) = try await send(.POST, practice + "/developments", development)
            let objectives = practice + "/developments/\(try #require(made["id"] as? String))/objectives"
            let target = app.cairn.today.adding(days: 100).description
            (status, plan) = try await send(
                .POST, objectives,
                #"{"memberId": "\#(UUID().uuidString)", "targetOn": "\#(target)", "domain": "colleagues_culture_safety"}"#
            )
            #expect(status == .unprocessableEntity)
            #expect(MentoringMemberAPITests.errorFields(plan) == ["/memberId"])
            var proposed: [String: Any]
            (status, proposed) = try await send(
                .POST, objectives,
                #"{"memberId": "\#(a)", "targetOn": "\#(target)", "domain": "colleagues_culture_safety"}"#)
            #expect(status == .created)
            #expect(proposed["memberId"] as? String == a)
            let item = try #require(
                try await PDPItem.find(UUID(uuidString: proposed["id"] as? String ?? ""), on: app.db))
            #expect(item.personID.uuidString.lowercased() == a)
            #expect(item.developmentID?.uuidString.lowercased() == made["id"] as? String)
            // Nobody but a facilitator runs it.
            let member = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            (status, _) = try await send(.PUT, rankings, ballot(a, needs[0], needs[1]), token: member)
            #expect(status == .forbidden)
        }
    }
}
