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

@Suite("The referrals and cases API")
struct CaseAPITests {
    static func token(for person: TestPerson, on app: Application) async throws -> String {
        try await APITokenService(database: app.db, now: Date()).create(
            personID: person.id, name: "test", lifetimeDays: 1
        ).secret
    }

    static let referral = """
        {"profession": "doctor", "grade": "gpst2", "qualificationCountry": "Nigeria",
         "reasons": ["international_graduate", "communication"], "ownWords": "API-MARKER New to UK general practice.",
         "atRisk": "yes", "consentToHold": true}
        """

    static func send(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String, body: String? = nil
    ) async throws -> (HTTPStatus, [String: Any], String) {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        if body != nil { headers.contentType = .json }
        let response = try await app.testing().sendRequest(
            method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let text = response.body.string
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return (response.status, object, text)
    }

    @Test func aClinicianCreatesAReferralAndTheAssignedCaseManagerWorksOnIt() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let manager = try await app.makePerson([.caseManager])
            let clinicianToken = try await Self.token(for: clinician, on: app)
            let managerToken = try await Self.token(for: manager, on: app)
            // act: create
            let (status, created, _) = try await Self.send(
                app, .POST, "/api/v1/referrals", token: clinicianToken, body: Self.referral)
            #expect(status == .created)
            #expect(created["state"] as? String == "referred")
            let id = try #require(created["id"] as? String)
            // the case manager cannot read it until it is assigned to them
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", token: managerToken).0 == .notFound)
            let browser = TestBrowser(app)
            try await browser.signIn(manager)
            try await browser.get("/account")
            try await browser.post("/triage/\(id)/take", [])
            let (readStatus, detail, _) = try await Self.send(app, .GET, "/api/v1/cases/\(id)", token: managerToken)
            #expect(readStatus == .ok)
            #expect(detail["ownWords"] as? String == "API-MARKER New to UK general practice.")
            // a transition with the right version, then a stale one
            let move = #"{"to": "triaged", "version": 1, "firstContact": true}"#
            #expect(
                try await Self.send(app, .POST, "/api/v1/cases/\(id)/transitions", token: managerToken, body: move).0
                    == .ok)
            #expect(
                try await Self.send(app, .POST, "/api/v1/cases/\(id)/transitions", token: managerToken, body: move).0
                    == .conflict)
            // a plan item, and a bad one
            let item = #"{"intervention": "language_support", "status": "agreed", "costPence": 45000}"#
            let (added, _, addedText) = try await Self.send(
                app, .POST, "/api/v1/cases/\(id)/plan-items", token: managerToken, body: item)
            #expect(added == .created)
            #expect(addedText.contains("45000"))
            let unknown = #"{"intervention": "juggling"}"#
            #expect(
                try await Self.send(app, .POST, "/api/v1/cases/\(id)/plan-items", token: managerToken, body: unknown).0
                    == .badRequest)
            let long = #"{"intervention": "coaching", "provider": "\#(String(repeating: "x", count: 161))"}"#
            let (bad, problem, _) = try await Self.send(
                app, .POST, "/api/v1/cases/\(id)/plan-items", token: managerToken, body: long)
            #expect(bad == .unprocessableEntity)
            // a refusal names the field as a JSON pointer into the body
            #expect((problem["errors"] as? [[String: String]])?.first?["field"] == "/provider")
            // lists
            let (_, mine, _) = try await Self.send(app, .GET, "/api/v1/cases?limit=10", token: managerToken)
            #expect(mine["total"] as? Int == 1)
            let (_, theirs, _) = try await Self.send(app, .GET, "/api/v1/cases", token: clinicianToken)
            #expect(theirs["total"] as? Int == 1)
        }
    }

    @Test func aReferralWithProblemsIsA422NamingEachField() async throws {
        try await withCairn { app in
            let token = try await Self.token(for: try await app.makePerson([.clinician]), on: app)
            // schema-valid but not acceptable: words that are only spaces are caught by the same rules as the pages
            let body = Self.referral.replacingOccurrences(
                of: #""API-MARKER New to UK general practice.""#, with: #"" \t x""#
            )
            .replacingOccurrences(
                of: #""qualificationCountry": "Nigeria""#, with: #""qualificationCountry": "Nigeria", "phone": "0770""#)
            let (status, problem, _) = try await Self.send(app, .POST, "/api/v1/referrals", token: token, body: body)
            #expect(status == .badRequest || status == .unprocessableEntity)
            _ = problem
            let refused = Self.referral.replacingOccurrences(
                of: #""consentToHold": true"#, with: #""consentToHold": false"#)
            let (refusedStatus, refusal, _) = try await Self.send(
                app, .POST, "/api/v1/referrals", token: token, body: refused)
            #expect(refusedStatus == .unprocessableEntity)
            #expect((refusal["errors"] as? [[String: String]])?.compactMap { $0["field"] } == ["/consentToHold"])
            #expect(try await SupportCase.query(on: app.db).count() == 0)
            #expect(try await SupportCase.query(on: app.db).count() == 0)
        }
    }

    @Test func malformedJSONIsA400AndAnotherClinicianGets404() async throws {
        try await withCairn { app in
            let owner = try await Self.token(for: try await app.makePerson([.clinician]), on: app)
            let other = try await Self.token(for: try await app.makePerson([.clinician]), on: app)
            #expect(
                try await Self.send(app, .POST, "/api/v1/referrals", token: owner, body: "{not json").0 == .badRequest)
            let (_, created, _) = try await Self.send(
                app, .POST, "/api/v1/referrals", token: owner, body: Self.referral)
            let id = try #require(created["id"] as? String)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", token: other).0 == .notFound)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/not-a-uuid", token: other).0 == .notFound)
            let supervisor = try await Self.token(for: try await app.makePerson([.supervisor]), on: app)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)", token: supervisor).0 == .forbidden)
        }
    }
}
