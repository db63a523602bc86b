import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAPI
@testable import CairnAccounts
@testable import CairnDevelopment
@testable import CairnPlatform
@testable import CairnServer

/// Issue #18 item 8 through the API, on both databases: a facilitator's integration runs a practice's plan; a
/// clinician's keeps their plan, evidence and dates; the responsible officer's reads dates only.
@Suite("Practice and personal development through the API")
struct DevelopmentAPITests {
    @Test func aPlanAPersonalPlanAndTheOverviewThroughTheAPI() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator], name: "Priya Facilitator")
            let gp = try await app.makePerson([.clinician], name: "Dr Gwen GP")
            let other = try await app.makePerson([.clinician], name: "Dr Other")
            let ro = try await app.makePerson([.responsibleOfficer], name: "Dr Ro")
            let facilitatorToken = try await CaseAPITests.token(for: facilitator, on: app)
            let gpToken = try await CaseAPITests.token(for: gp, on: app)
            let otherToken = try await CaseAPITests.token(for: other, on: app)
            let roToken = try await CaseAPITests.token(for: ro, on: app)
            func send(_ method: HTTPMethod, _ path: String, _ token: String, _ body: String? = nil) async throws
                -> (HTTPStatus, [String: Any])
            {
                let (status, json, _) = try await CaseAPITests.send(app, method, path, token: token, body: body)
                return (status, json)
            }

            let (made, practice) = try await send(
                .POST, "/api/v1/practices", facilitatorToken, #"{"name": "Bala Surgery", "vision": "On time"}"#)
            #expect(made == .created)
            let practiceID = try #require(practice["id"] as? String)
            #expect(try await send(.POST, "/api/v1/practices", gpToken, #"{"name": "Mine"}"#).0 == .forbidden)
            let (twice, _) = try await send(.POST, "/api/v1/practices", facilitatorToken, #"{"name": "Bala Surgery"}"#)
            #expect(twice == .conflict)
            let (needMade, plan) = try await send(
                .POST, "/api/v1/practices/\(practiceID)/needs", facilitatorToken,
                #"{"title": "Diabetes recall", "source": "local_priority", "finding": "audit"}"#)
            #expect(needMade == .created)
            let needID = try #require(((plan["needs"] as? [[String: Any]])?.first)?["id"] as? String)
            // A due date before the start: well formed, refused against the start (409), nothing made.
            let backwards = """
                {"title": "Recall", "aim": "On time", "objective": "95% reviewed in 12 months", "startsOn": "2027-02-01",
                 "dueOn": "2027-01-01", "status": "planned", "needId": "\(needID)"}
                """
            #expect(
                try await send(.POST, "/api/v1/practices/\(practiceID)/developments", facilitatorToken, backwards).0
                    == .conflict)
            let good = backwards.replacingOccurrences(of: "2027-01-01", with: "2027-06-30")
            let (devMade, development) = try await send(
                .POST, "/api/v1/practices/\(practiceID)/developments", facilitatorToken, good)
            #expect(devMade == .created)
            let developmentID = try #require(development["id"] as? String)
            #expect(development["linkedObjectives"] as? Int == 0)
            let change = good.replacingOccurrences(of: "\"planned\"", with: "\"underway\"")
                .replacingOccurrences(of: "}", with: ", \"version\": 7}")
            let path = "/api/v1/practices/\(practiceID)/developments/\(developmentID)"
            #expect(try await send(.PUT, path, facilitatorToken, change).0 == .conflict)
            let (changed, after) = try await send(
                .PUT, path, facilitatorToken, change.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 1"))
            #expect(changed == .ok)
            #expect(after["status"] as? String == "underway")
            // Someone outside the practice does not find it.
            #expect(try await send(.GET, "/api/v1/practices/\(practiceID)", otherToken).0 == .notFound)

            // The GP's own plan: an item, evidence (CPD needs its minutes), dates.
            let item = """
                {"learningNeed": "Dermoscopy", "objective": "Use dermoscopy in every skin clinic",
                 "activity": "A course", "targetOn": "2027-05-01", "domain": "knowledge_skills_development",
                 "status": "agreed"}
                """
            let (itemMade, itemJSON) = try await send(.POST, "/api/v1/my-development/items", gpToken, item)
            #expect(itemMade == .created)
            let itemID = try #require(itemJSON["id"] as? String)
            // What the generated decoder does not check, the API's one guard does: an id that is not a UUID and a
            // version out of range are 422s naming the field (they were a 200 and a silent "no link").
            let notAnID = item.replacingOccurrences(of: "}", with: ", \"developmentId\": \"\"}")
            let (notAnIDStatus, notAnIDProblem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/my-development/items", token: gpToken, body: notAnID)
            #expect(notAnIDStatus == .unprocessableEntity)
            #expect(
                (notAnIDProblem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == [
                    "/developmentId"
                ])
            #expect(
                try await send(.PUT, "/api/v1/registration-pathway", gpToken, #"{"route": "mti", "version": 1000001}"#)
                    .0 == .unprocessableEntity)
            // Linking to a development of a practice the GP is not in is refused.
            let linked = item.replacingOccurrences(of: "}", with: ", \"developmentId\": \"\(developmentID)\"}")
            #expect(try await send(.POST, "/api/v1/my-development/items", gpToken, linked).0 == .conflict)
            // Complete without evidence is refused; the other clinician cannot touch the item.
            let complete = item.replacingOccurrences(of: "\"agreed\"", with: "\"complete\"")
                .replacingOccurrences(of: "}", with: ", \"version\": 1}")
            #expect(try await send(.PUT, "/api/v1/my-development/items/\(itemID)", gpToken, complete).0 == .conflict)
            #expect(try await send(.PUT, "/api/v1/my-development/items/\(itemID)", otherToken, complete).0 == .notFound)
            let noMinutes = #"{"kind": "cpd", "day": "2026-11-01", "title": "Course"}"#
            #expect(try await send(.POST, "/api/v1/my-development/evidence", gpToken, noMinutes).0 == .conflict)
            let (evidenceMade, evidence) = try await send(
                .POST, "/api/v1/my-development/evidence", gpToken,
                #"{"kind": "cpd", "day": "2026-11-01", "title": "Course", "minutes": 90, "participatory": true, "pdpItemId": "\#(itemID)"}"#
            )
            #expect(evidenceMade == .created)
            #expect(evidence["minutes"] as? Int == 90)
            let (_, page) = try await send(.GET, "/api/v1/my-development/evidence", gpToken)
            #expect(page["total"] as? Int == 1)
            let (_, otherPage) = try await send(.GET, "/api/v1/my-development/evidence", otherToken)
            #expect(otherPage["total"] as? Int == 0)
            let due = app.cairn.today.adding(days: 90).description
            let (set, standing) = try await send(
                .PUT, "/api/v1/my-development/revalidation", gpToken,
                #"{"register": "gmc", "revalidationDue": "\#(due)"}"#)
            #expect(set == .ok)
            #expect(standing["revalidationDueOn"] as? String == due)
            let info = standing["supportingInformation"] as? [[String: Any]] ?? []
            #expect(info.first { $0["kind"] as? String == "cpd" }?["present"] as? Bool == true)
            #expect(
                try await send(
                    .PUT, "/api/v1/my-development/revalidation", gpToken,
                    #"{"register": "gmc", "revalidationDue": "2099-01-01"}"#
                ).0 == .conflict)
            #expect(
                try await send(
                    .POST, "/api/v1/my-development/appraisals", gpToken,
                    #"{"appraisalOn": "\#(app.cairn.today.description)"}"#
                ).0 == .created)

            // The responsible officer: dates and counts only; no way into anyone's plan.
            let (overviewStatus, overview) = try await send(.GET, "/api/v1/appraisal-overview?dueSoon=true", roToken)
            #expect(overviewStatus == .ok)
            let people = overview["people"] as? [[String: Any]] ?? []
            #expect(people.count == 1)
            #expect(people.first?["name"] as? String == "Dr Gwen GP")
            #expect(people.first?["supportingKinds"] as? Int == 1)
            #expect(people.first?["latestAppraisal"] as? String == app.cairn.today.description)
            #expect(try await send(.GET, "/api/v1/my-development", roToken).0 == .forbidden)
            #expect(try await send(.GET, "/api/v1/appraisal-overview", gpToken).0 == .forbidden)
        }
    }
}

@Suite("The contract and the development vocabulary agree")
struct DevelopmentContractTests {
    @Test func theFacilitatorChangesThePracticeAddsToItsTeamEvaluatesAndLogsAChallenge() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator], name: "Priya Facilitator")
            let token = try await CaseAPITests.token(for: facilitator, on: app)
            let gpToken = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            func send(_ method: HTTPMethod, _ path: String, _ token: String, _ body: String? = nil) async throws
                -> (HTTPStatus, [String: Any])
            {
                let (status, json, _) = try await CaseAPITests.send(app, method, path, token: token, body: body)
                return (status, json)
            }
            let (_, practice) = try await send(
                .POST, "/api/v1/practices", token, #"{"name": "Bala Surgery", "vision": "On time"}"#)
            let practiceID = try #require(practice["id"] as? String)
            let version = try #require(practice["version"] as? Int)

            // The practice's name and vision, with the version read.
            let (stale, _) = try await send(
                .PUT, "/api/v1/practices/\(practiceID)", token,
                #"{"name": "Bala Health Centre", "vision": "Seen well", "version": \#(version + 5)}"#)
            #expect(stale == .conflict)
            let (changed, plan) = try await send(
                .PUT, "/api/v1/practices/\(practiceID)", token,
                #"{"name": "Bala Health Centre", "vision": "Seen well", "version": \#(version)}"#)
            #expect(changed == .ok)
            #expect(plan["name"] as? String == "Bala Health Centre")
            #expect(plan["version"] as? Int == version + 1)
            #expect(
                try await send(
                    .PUT, "/api/v1/practices/\(practiceID)", gpToken,
                    #"{"name": "Mine", "vision": "", "version": \#(version + 1)}"#
                ).0 == .forbidden)

            // The team: a new address becomes an account; the same person twice is a conflict; a bad one is named.
            let member = #"{"email": "nurse.jones@example.org", "name": "Nurse Jones", "staffGroup": "nurse"}"#
            let (added, withMember) = try await send(.POST, "/api/v1/practices/\(practiceID)/members", token, member)
            #expect(added == .created)
            #expect((withMember["members"] as? [[String: Any]])?.first?["staffGroup"] as? String == "nurse")
            #expect(try await send(.POST, "/api/v1/practices/\(practiceID)/members", token, member).0 == .conflict)
            let (bad, problem) = try await send(
                .POST, "/api/v1/practices/\(practiceID)/members", token,
                #"{"email": "not an address", "name": "X", "staffGroup": "doctor"}"#)
            #expect(bad == .unprocessableEntity)
            #expect(PeopleAPITests.fields(problem) == ["/email"])

            // A development evaluated: realised completes it; a stale version is a conflict.
            let (_, needPlan) = try await send(
                .POST, "/api/v1/practices/\(practiceID)/needs", token,
                #"{"title": "Diabetes recall", "source": "local_priority", "finding": "audit"}"#)
            let needID = try #require(((needPlan["needs"] as? [[String: Any]])?.first)?["id"] as? String)
            let (_, development) = try await send(
                .POST, "/api/v1/practices/\(practiceID)/developments", token,
                #"{"title": "Recall", "aim": "On time", "objective": "95% reviewed", "startsOn": "2027-02-01", "dueOn": "2027-06-30", "status": "underway", "needId": "\#(needID)"}"#
            )
            let developmentID = try #require(development["id"] as? String)
            let path = "/api/v1/practices/\(practiceID)/developments/\(developmentID)/evaluation"
            let evaluation =
                #"{"before": "61% reviewed", "after": "93% reviewed", "conclusion": "Recall works", "change": "A weekly list", "realised": true, "version": 1}"#
            #expect(
                try await send(
                    .PUT, path, token, evaluation.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 9")
                ).0
                    == .conflict)
            let (evaluated, after) = try await send(.PUT, path, token, evaluation)
            #expect(evaluated == .ok)
            #expect(after["status"] as? String == "complete")
            #expect(after["realised"] as? Bool == true)

            // The facilitator's challenge log: its words sealed; a day to come is refused.
            let challenge =
                #"{"challenge": "not_enough_time", "day": "2026-11-02", "happened": "CHALLENGE-MARKER no time for audit", "negotiated": "Protected hour"}"#
            #expect(
                try await send(.POST, "/api/v1/practices/\(practiceID)/challenges", token, challenge).0 == .noContent)
            let entry = try #require(try await SengeEntry.query(on: app.db).first())
            #expect(entry.happened.contains("CHALLENGE-MARKER") == false, "sealed at rest")
            #expect(
                try await send(
                    .POST, "/api/v1/practices/\(practiceID)/challenges", token,
                    challenge.replacingOccurrences(of: "2026-11-02", with: "2099-01-01")
                ).0 == .conflict)
            #expect(
                try await send(.POST, "/api/v1/practices/\(practiceID)/challenges", gpToken, challenge).0 == .forbidden)
        }
    }

    @Test func everyEnumInTheContractIsTheCores() {
        typealias S = Components.Schemas
        #expect(Set(S.PDPItemRequest.DomainPayload.allCases.map(\.rawValue)) == Set(GMPDomain.allCases.map(\.rawValue)))
        #expect(Set(S.PDPItemRequest.StatusPayload.allCases.map(\.rawValue)) == Set(PDPStatus.allCases.map(\.rawValue)))
        #expect(
            Set(S.DevelopmentEvidenceRequest.KindPayload.allCases.map(\.rawValue))
                == Set(EvidenceKind.allCases.map(\.rawValue)))
        #expect(
            Set(S.PracticeNeedRequest.SourcePayload.allCases.map(\.rawValue))
                == Set(NeedSource.allCases.map(\.rawValue)))
        #expect(
            Set(S.PracticeNeedRequest.FindingPayload.allCases.map(\.rawValue))
                == Set(NeedFinding.allCases.map(\.rawValue)))
        #expect(
            Set(S.PracticeDevelopmentRequest.StatusPayload.allCases.map(\.rawValue))
                == Set(DevelopmentStatus.allCases.map(\.rawValue)))
        #expect(
            Set(S.RevalidationRequest.RegisterPayload.allCases.map(\.rawValue))
                == Set(RevalidationRegister.allCases.map(\.rawValue)))
        #expect(Set(S.Me.RolesPayloadPayload.allCases.map(\.rawValue)) == Set(Role.allCases.map(\.rawValue)))
    }
}
