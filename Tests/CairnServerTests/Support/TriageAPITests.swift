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

/// Taking, allocating and withdrawing through the API (issue #14): the same rules as `/triage` and `/my-support`.
@Suite("Triage and withdrawal through the API")
struct TriageAPITests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String, _ body: String?)
        async throws -> (HTTPStatus, [String: Any], String)
    {
        try await CaseAPITests.send(app, method, path, token: token, body: body)
    }

    static func referral(_ app: Application) async throws -> (clinician: TestPerson, token: String, id: String) {
        let clinician = try await app.makePerson([.clinician])
        let token = try await CaseAPITests.token(for: clinician, on: app)
        let (status, created, text) = try await send(app, .POST, "/api/v1/referrals", token, CaseAPITests.referral)
        #expect(status == .created, "\(text)")
        return (clinician, token, try #require(created["id"] as? String))
    }

    @Test func aCaseManagerTakesARequestOnceAndNobodyElseCan() async throws {
        try await withCairn { app in
            let (_, clinicianToken, id) = try await Self.referral(app)
            let first = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            let second = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", first, nil).0 == .notFound)

            let (status, taken, text) = try await Self.send(app, .POST, "/api/v1/triage/\(id)/take", first, nil)
            #expect(status == .ok, "\(text)")
            #expect(taken["ownWords"] as? String == "API-MARKER New to UK general practice.")
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", first, nil).0 == .ok)
            // Taking it again is refused as already yours; a colleague is told it is taken, and still cannot read it.
            let (again, _, yours) = try await Self.send(app, .POST, "/api/v1/triage/\(id)/take", first, nil)
            #expect(again == .conflict)
            #expect(yours.contains("You already hold this request"))
            let (refused, _, refusal) = try await Self.send(app, .POST, "/api/v1/triage/\(id)/take", second, nil)
            #expect(refused == .conflict)
            #expect(refusal.contains("already taken"))
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", second, nil).0 == .notFound)
            #expect(try await Self.send(app, .POST, "/api/v1/triage/\(id)/take", clinicianToken, nil).0 == .forbidden)
            #expect(try await Self.send(app, .POST, "/api/v1/triage/\(UUID())/take", second, nil).0 == .notFound)
            #expect(
                try await CaseAssignment.query(on: app.db).filter(\.$caseID == UUID(uuidString: id)!).count() == 1)
        }
    }

    @Test func theUnitLeadGivesARequestToACaseManagerOnly() async throws {
        try await withCairn { app in
            let (clinician, _, id) = try await Self.referral(app)
            let manager = try await app.makePerson([.caseManager], name: "Jo Whitfield")
            let managerToken = try await CaseAPITests.token(for: manager, on: app)
            let lead = try await app.makePerson([.unitLead])
            let leadToken = try await CaseAPITests.token(for: lead, on: app)

            let listed = try await app.testing().sendRequest(
                .GET, "/api/v1/case-managers", headers: ["Authorization": "Bearer \(leadToken)"])
            #expect(listed.status == .ok)
            #expect(listed.body.string.contains(manager.id.uuidString.lowercased()))
            #expect(listed.body.string.contains("Jo Whitfield"))

            for someone in [clinician.id, lead.id, UUID()] {
                let (status, problem, _) = try await Self.send(
                    app, .POST, "/api/v1/triage/\(id)/assignment", leadToken,
                    #"{"caseManagerId": "\#(someone.uuidString)"}"#)
                #expect(status == .unprocessableEntity)
                let fields = (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields == ["/caseManagerId"])
            }
            let body = #"{"caseManagerId": "\#(manager.id.uuidString)"}"#
            #expect(try await Self.send(app, .POST, "/api/v1/triage/\(id)/assignment", leadToken, body).0 == .noContent)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", managerToken, nil).0 == .ok)
            #expect(
                try await Self.send(app, .POST, "/api/v1/triage/\(UUID())/assignment", leadToken, body).0 == .notFound)
            #expect(
                try await Self.send(app, .POST, "/api/v1/triage/\(id)/assignment", managerToken, body).0 == .forbidden)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "case_assigned").count() >= 1)
        }
    }

    @Test func aClinicianWithdrawsTheirOwnRequestWithTheVersionTheyRead() async throws {
        try await withCairn { app in
            let (_, token, id) = try await Self.referral(app)
            let (_, other, _) = try await Self.referral(app)
            #expect(
                try await Self.send(app, .POST, "/api/v1/referrals/\(id)/withdrawal", other, #"{"version": 1}"#).0
                    == .notFound)
            #expect(
                try await Self.send(app, .POST, "/api/v1/referrals/\(id)/withdrawal", token, #"{"version": 7}"#).0
                    == .conflict)
            let (status, withdrawn, text) = try await Self.send(
                app, .POST, "/api/v1/referrals/\(id)/withdrawal", token, #"{"version": 1}"#)
            #expect(status == .ok, "\(text)")
            #expect(withdrawn["state"] as? String == "withdrawn")
            let version = try #require(withdrawn["version"] as? Int)
            let (again, _, message) = try await Self.send(
                app, .POST, "/api/v1/referrals/\(id)/withdrawal", token, #"{"version": \#(version)}"#)
            #expect(again == .conflict)
            #expect(message.contains("already ended"))
        }
    }

    @Test func aClinicianGivesFeedbackOnceTheirSupportHasClosed() async throws {
        try await withCairn { app in
            let (_, token, id) = try await Self.referral(app)
            let (_, other, _) = try await Self.referral(app)
            let path = "/api/v1/referrals/\(id)/feedback"
            let answers = #"{"feltSafe": 5, "wasUseful": 4, "wouldRecommend": 9, "comment": "FEEDBACK-MARKER"}"#
            #expect(try await Self.send(app, .POST, path, other, answers).0 == .notFound)
            let (early, _, earlyText) = try await Self.send(app, .POST, path, token, answers)
            #expect(early == .conflict)
            #expect(earlyText.contains("when your support closes"))

            let caseID = try #require(UUID(uuidString: id))
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.update(SupportCase.schema).set("state", to: SQLBind("closed"))
                .set("closed_at", to: SQLBind(Date())).where("id", .equal, SQLBind(caseID)).run()
            let (refused, problem, _) = try await Self.send(
                app, .POST, path, token, #"{"feltSafe": 9, "wasUseful": 4, "wouldRecommend": 11}"#)
            #expect(refused == .unprocessableEntity)
            #expect(Set(PeopleAPITests.fields(problem)) == ["/feltSafe", "/wouldRecommend"])

            let (given, _, givenText) = try await Self.send(app, .POST, path, token, answers)
            #expect(given == .noContent, "\(givenText)")
            let feedback = try #require(try await CaseFeedback.query(on: app.db).filter(\.$caseID == caseID).first())
            #expect(feedback.feltSafe == 5 && feedback.wasUseful == 4 && feedback.wouldRecommend == 9)
            let comment = try #require(feedback.comment)
            #expect(!comment.contains("FEEDBACK-MARKER"), "sealed")
            #expect(
                try app.cairn.cipher.open(
                    comment,
                    for: .init(table: CaseFeedback.schema, recordID: try feedback.requireID(), field: "comment"))
                    == "FEEDBACK-MARKER")
            let (again, _, againText) = try await Self.send(app, .POST, path, token, answers)
            #expect(again == .conflict)
            #expect(againText.contains("already given feedback"))
        }
    }

    @Test func twoAnswersAtOnceKeepOneAndTellTheOther() async throws {
        try await withCairn { app in
            let (_, token, id) = try await Self.referral(app)
            let caseID = try #require(UUID(uuidString: id))
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.update(SupportCase.schema).set("state", to: SQLBind("closed"))
                .set("closed_at", to: SQLBind(Date())).where("id", .equal, SQLBind(caseID)).run()
            let path = "/api/v1/referrals/\(id)/feedback"
            let answers = #"{"feltSafe": 3, "wasUseful": 3, "wouldRecommend": 5}"#
            async let one = Self.send(app, .POST, path, token, answers)
            async let two = Self.send(app, .POST, path, token, answers)
            let statuses = [try await one.0, try await two.0].map(\.code).sorted()
            #expect(statuses == [204, 409])
            #expect(try await CaseFeedback.query(on: app.db).filter(\.$caseID == caseID).count() == 1)
        }
    }
}
