import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform
@testable import CairnServer

/// Issue #14: the standard templates set up, role descriptions written and versioned, and a new starter's
/// acknowledgement, through the API with the pages' rules.
@Suite("Templates and role descriptions through the API")
struct RoleDescriptionAPITests {
    static let duties = "Takes histories, records observations and prepares the clinic."

    @Test func aLeadSetsUpTemplatesAndWritesAndVersionsARoleDescription() async throws {
        try await withCairn { app in
            let lead = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            var (status, _, text) = try await CaseAPITests.send(app, .POST, "/api/v1/induction-templates", token: lead)
            #expect(status == .ok)
            let templates = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
            #expect(templates.count == InductionRole.allCases.count)
            // A repeat changes nothing.
            (status, _, text) = try await CaseAPITests.send(app, .POST, "/api/v1/induction-templates", token: lead)
            #expect(status == .ok)
            #expect(try await InductionTemplate.query(on: app.db).count() == InductionRole.allCases.count)
            // The organisation's MSW description came with them: one for a department may be added.
            var body: [String: Any]
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/role-descriptions", token: lead,
                body: MentoringAPITests.json([
                    "role": "medical_support_worker", "department": "Renal", "duties": "short", "limits": "",
                    "whoToAsk": "",
                ]))
            #expect(status == .unprocessableEntity)
            #expect(Set(MentoringMemberAPITests.errorFields(body)) == ["/duties", "/limits", "/whoToAsk"])
            let renal = MentoringAPITests.json([
                "role": "medical_support_worker", "department": "Renal", "duties": Self.duties,
                "limits": "Does not prescribe or give intravenous drugs.", "whoToAsk": "The nurse in charge.",
            ])
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/role-descriptions", token: lead, body: renal)
            #expect(status == .created)
            #expect(body["version"] as? Int == 1 && body["department"] as? String == "Renal")
            let id = try #require(body["id"] as? String)
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/role-descriptions", token: lead, body: renal)
            #expect(status == .conflict)
            // A new version from the version read; a stale one is a conflict; over the contract's limit a 400.
            let change = { (version: Int, duties: String) in
                MentoringAPITests.json([
                    "version": version, "duties": duties, "limits": "Does not prescribe or give intravenous drugs.",
                    "whoToAsk": "The nurse in charge.",
                ])
            }
            (status, body, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/role-descriptions/\(id)", token: lead,
                body: change(1, Self.duties + " Joins the huddle."))
            #expect(status == .ok)
            #expect(body["version"] as? Int == 2)
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/role-descriptions/\(id)", token: lead, body: change(1, Self.duties))
            #expect(status == .conflict)
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/role-descriptions/\(id)", token: lead,
                body: change(2, String(repeating: "d", count: 4_001)))
            #expect(status == .badRequest)
            // Nobody else writes them.
            let manager = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/role-descriptions", token: manager, body: renal).0
                    == .forbidden)
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/induction-templates", token: manager).0 == .forbidden)
        }
    }

    @Test func aNewStarterAcknowledgesTheVersionTheyRead() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            let description = try #require(try await RoleDescription.query(on: app.db).first())
            let path =
                "/api/v1/inductions/\(try started.induction.requireID().uuidString.lowercased())/role-acknowledgement"
            let starter = try await CaseAPITests.token(for: started.starterPerson, on: app)
            let supervisor = try await CaseAPITests.token(for: started.supervisorPerson, on: app)
            #expect(
                try await CaseAPITests.send(app, .POST, path, token: supervisor, body: #"{"version": 1}"#).0
                    == .forbidden)
            var (status, body, _) = try await CaseAPITests.send(
                app, .POST, path, token: starter, body: #"{"version": 2}"#)
            #expect(status == .conflict)
            (status, body, _) = try await CaseAPITests.send(app, .POST, path, token: starter, body: #"{"version": 1}"#)
            #expect(status == .ok)
            #expect(body["roleDescriptionId"] as? String == description.id?.uuidString.lowercased())
            // Twice is harmless.
            (status, _, _) = try await CaseAPITests.send(app, .POST, path, token: starter, body: #"{"version": 1}"#)
            #expect(status == .ok)
            #expect(try await RoleAcknowledgement.query(on: app.db).count() == 1)
            #expect(
                try await started.starter.get(InductionJourneyTests.path(started.induction.id)).body.contains(
                    "read and acknowledged (version 1)"))
        }
    }
}
