import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #14: an educator's suggestion and the clinician's answer through the API, with the rules of the pages.
@Suite("Suggesting support through the API")
struct SuggestionAPITests {
    static func suggestion(note: String = "EDUCATOR-NOTE failed twice", agree: Bool = true) -> String {
        """
        {"clinicianName": "Dr Omar Farouk", "clinicianEmail": "Omar@Example.org", "reasons": ["exam_difficulty"],
         "note": "\(note)", "theyKnowAndAgree": \(agree)}
        """
    }

    @Test func anEducatorSuggestsTheClinicianSendsTheirRequestAndTheEducatorLearnsOnlyThatItWasReceived() async throws {
        try await withCairn { app in
            let educator = try await CaseAPITests.token(
                for: try await app.makePerson([.supervisor], name: "Dr Helen Price"), on: app)
            let omar = try await app.makePerson([.clinician], name: "Dr Omar Farouk", email: "omar@example.org")
            let clinician = try await CaseAPITests.token(for: omar, on: app)
            // Their agreement is needed; each problem names its property.
            var (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/suggestions", token: educator, body: Self.suggestion(agree: false))
            #expect(status == .unprocessableEntity)
            #expect(MentoringMemberAPITests.errorFields(body) == ["/theyKnowAndAgree"])
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/suggestions", token: educator,
                body: Self.suggestion(note: String(repeating: "n", count: 2_001)))
            #expect(status == .badRequest)
            #expect(try await EducatorReferral.query(on: app.db).count() == 0)

            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/suggestions", token: educator, body: Self.suggestion())
            #expect(status == .created)
            #expect(body["receivedByTheUnit"] as? Bool == false)
            let id = try #require(body["id"] as? String)
            #expect(try await SupportCase.query(on: app.db).count() == 0)
            // The clinician reads who suggested it and why, never the note here.
            var (_, _, text) = try await CaseAPITests.send(app, .GET, "/api/v1/me/suggestions", token: clinician)
            #expect(text.contains("Dr Helen Price") && text.contains("exam_difficulty") && text.contains(id))
            // Nobody else can answer it.
            let other = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(id)/referral", token: other, body: CaseAPITests.referral)
            #expect(status == .notFound)
            // Saying yes is sending the request, with the suggestion's reasons joined to those given.
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(id)/referral", token: clinician,
                body: #"{"profession": "doctor"}"#)
            #expect(status == .badRequest || status == .unprocessableEntity)
            #expect(try await SupportCase.query(on: app.db).count() == 0)
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(id)/referral", token: clinician, body: CaseAPITests.referral)
            #expect(status == .created)
            let record = try #require(try await SupportCase.query(on: app.db).first())
            #expect(record.reasons.contains(.examDifficulty) && record.reasons.contains(.communication))
            let suggestion = try #require(try await EducatorReferral.find(UUID(uuidString: id), on: app.db))
            #expect(suggestion.status == .confirmed && suggestion.caseID == record.id)
            // Answered once: a second answer finds nothing waiting.
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(id)/referral", token: clinician, body: CaseAPITests.referral)
            #expect(status == .notFound)
            #expect(try await SupportCase.query(on: app.db).count() == 1)
            // The educator sees "received", nothing of the request.
            (status, _, text) = try await CaseAPITests.send(app, .GET, "/api/v1/suggestions", token: educator)
            #expect(status == .ok)
            #expect(text.contains(#""receivedByTheUnit":true"#) || text.contains(#""receivedByTheUnit" : true"#))
            #expect(!text.contains(record.reference) && !text.contains("API-MARKER"))
            (status, _, _) = try await CaseAPITests.send(app, .GET, "/api/v1/suggestions?page=0", token: educator)
            #expect(status == .badRequest)
            // A clinician cannot suggest.
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/suggestions", token: clinician, body: Self.suggestion())
            #expect(status == .forbidden)
        }
    }

    @Test func aYesAndANoAtTheSameMomentMakeOneAnswer() async throws {
        try await withCairn { app in
            let educator = try await CaseAPITests.token(for: try await app.makePerson([.supervisor]), on: app)
            let clinician = try await CaseAPITests.token(
                for: try await app.makePerson([.clinician], email: "omar@example.org"), on: app)
            for round in 0..<4 {
                let (_, body, _) = try await CaseAPITests.send(
                    app, .POST, "/api/v1/suggestions", token: educator, body: Self.suggestion())
                let id = try #require(body["id"] as? String)
                async let yes = CaseAPITests.send(
                    app, .POST, "/api/v1/me/suggestions/\(id)/referral", token: clinician, body: CaseAPITests.referral)
                async let no = CaseAPITests.send(app, .POST, "/api/v1/me/suggestions/\(id)/decline", token: clinician)
                let (accepted, declined) = (try await yes.0, try await no.0)
                // Exactly one answer counts; the other is refused as already answered (or not found once answered).
                #expect((accepted == .created) != (declined == .noContent), "round \(round): \(accepted) \(declined)")
                #expect([.created, .conflict, .notFound].contains(accepted))
                #expect([.noContent, .conflict, .notFound].contains(declined))
                let stored = try #require(try await EducatorReferral.find(UUID(uuidString: id), on: app.db))
                let opened = try await SupportCase.query(on: app.db).filter(\.$id == stored.caseID ?? UUID()).count()
                #expect((stored.status == .confirmed) == (accepted == .created))
                #expect(opened == (accepted == .created ? 1 : 0))
            }
        }
    }

    @Test func aClinicianDeclinesAndNothingStarts() async throws {
        try await withCairn { app in
            let educator = try await CaseAPITests.token(for: try await app.makePerson([.supervisor]), on: app)
            let clinician = try await CaseAPITests.token(
                for: try await app.makePerson([.clinician], email: "omar@example.org"), on: app)
            let (_, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/suggestions", token: educator, body: Self.suggestion())
            let id = try #require(body["id"] as? String)
            var (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(id)/decline", token: clinician)
            #expect(status == .noContent)
            #expect(try await EducatorReferral.find(UUID(uuidString: id), on: app.db)?.status == .declined)
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(id)/referral", token: clinician, body: CaseAPITests.referral)
            #expect(status == .notFound)
            let (_, _, text) = try await CaseAPITests.send(app, .GET, "/api/v1/me/suggestions", token: clinician)
            #expect(text == "[]" || text == "[\n\n]")
            #expect(try await SupportCase.query(on: app.db).count() == 0)
        }
    }
}

/// Issue #14: the assessment and the educator's updates through the API, end to end with the suggestion.
@Suite("A case's assessment and the educator's updates through the API")
struct CaseAssessmentAPITests {
    @Test func theAssessmentIsSavedWithItsVersionAndAStaleOneIsAConflict() async throws {
        try await withCairn { app in
            let (record, managerPerson, _) = try await CaseConfidentialityTests.takenCase(on: app)
            let token = try await CaseAPITests.token(for: managerPerson, on: app)
            let path = "/api/v1/cases/\(try record.requireID().uuidString.lowercased())/assessment"
            var (status, body, _) = try await CaseAPITests.send(app, .GET, path, token: token)
            #expect(status == .ok)
            let version = try #require(body["version"] as? Int)
            (status, body, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token,
                body:
                    #"{"version": \#(version), "confirmedReasons": ["communication"], "goals": "GOALS-A pass the CSA"}"#
            )
            #expect(status == .ok)
            #expect(body["goals"] as? String == "GOALS-A pass the CSA")
            #expect(body["confirmedReasons"] as? [String] == ["communication"])
            #expect(body["version"] as? Int == version + 1)
            // Sealed at rest.
            let stored = try #require(try await SupportCase.find(record.requireID(), on: app.db))
            #expect(stored.goals.map { !$0.contains("GOALS-A") } == true)
            // Someone else's change meanwhile: a 409, nothing overwritten.
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token,
                body: #"{"version": \#(version), "confirmedReasons": ["health"], "goals": "GOALS-B"}"#)
            #expect(status == .conflict)
            (_, body, _) = try await CaseAPITests.send(app, .GET, path, token: token)
            #expect(body["goals"] as? String == "GOALS-A pass the CSA")
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token,
                body:
                    #"{"version": \#(version + 1), "confirmedReasons": ["health"], "goals": "\#(String(repeating: "g", count: 5_001))"}"#
            )
            #expect(status == .badRequest)
            // Another case manager does not find the case; the clinician does not read the assessment here.
            let other = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await CaseAPITests.send(app, .GET, path, token: other).0 == .notFound)
        }
    }

    @Test func theClinicianDecidesWhichUpdatesTheEducatorHears() async throws {
        try await withCairn { app in
            let educator = try await CaseAPITests.token(
                for: try await app.makePerson([.supervisor], name: "Dr Helen Price"), on: app)
            let clinician = try await CaseAPITests.token(
                for: try await app.makePerson([.clinician], email: "omar@example.org"), on: app)
            let manager = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            var (_, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/suggestions", token: educator, body: SuggestionAPITests.suggestion())
            let suggestion = try #require(body["id"] as? String)
            let referral = CaseAPITests.referral.replacingOccurrences(
                of: #""consentToHold": true"#, with: #""consentToHold": true, "educatorName": "Dr Helen Price""#)
            var status: HTTPStatus
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/me/suggestions/\(suggestion)/referral", token: clinician, body: referral)
            #expect(status == .created)
            let id = try #require(body["id"] as? String)
            (status, _, _) = try await CaseAPITests.send(app, .POST, "/api/v1/triage/\(id)/take", token: manager)
            #expect(status == .ok || status == .noContent)
            let updates = "/api/v1/cases/\(id)/educator-updates"
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, updates, token: manager,
                body: #"{"stage": "introduction", "update": "SHARE-ME agreed a plan"}"#)
            #expect(status == .created)
            var text: String
            (status, _, text) = try await CaseAPITests.send(
                app, .POST, updates, token: manager, body: #"{"stage": "midpoint", "update": "WITHHOLD-ME health"}"#)
            let drafted = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
            #expect(drafted.map { $0["status"] as? String } == ["awaiting_clinician", "awaiting_clinician"])
            // The clinician reads them on their own case and decides; the educator hears only what they share.
            (_, _, text) = try await CaseAPITests.send(
                app, .GET, "/api/v1/referrals/\(id)/educator-updates", token: clinician)
            #expect(text.contains("SHARE-ME") && text.contains("WITHHOLD-ME"))
            let ids = drafted.compactMap { $0["id"] as? String }
            let decide = "/api/v1/referrals/\(id)/educator-updates"
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "\(decide)/\(ids[0])/decision", token: clinician, body: #"{"share": true}"#)
            #expect(status == .ok)
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "\(decide)/\(ids[1])/decision", token: clinician, body: #"{"share": false}"#)
            #expect(status == .ok)
            // Once only.
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "\(decide)/\(ids[1])/decision", token: clinician, body: #"{"share": true}"#)
            #expect(status == .notFound)
            // Two decisions at the same moment: one counts, the other is refused.
            (status, _, text) = try await CaseAPITests.send(
                app, .POST, updates, token: manager, body: #"{"stage": "closure", "update": "RACE-ME closing"}"#)
            let third = try #require(
                ((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []).last?["id"]
                    as? String)
            async let share = CaseAPITests.send(
                app, .POST, "\(decide)/\(third)/decision", token: clinician, body: #"{"share": true}"#)
            async let withhold = CaseAPITests.send(
                app, .POST, "\(decide)/\(third)/decision", token: clinician, body: #"{"share": false}"#)
            let outcomes = [try await share.0, try await withhold.0]
            #expect(outcomes.filter { $0 == .ok }.count == 1, "\(outcomes)")
            #expect(outcomes.allSatisfy { [.ok, .conflict, .notFound].contains($0) }, "\(outcomes)")
            let shared = (try await CaseAPITests.send(app, .GET, "/api/v1/suggestions", token: educator)).2
                .contains("RACE-ME")
            #expect(shared == (outcomes[0] == .ok))
            (_, _, text) = try await CaseAPITests.send(app, .GET, "/api/v1/suggestions", token: educator)
            #expect(text.contains("SHARE-ME agreed a plan") && !text.contains("WITHHOLD-ME"))
            // The case manager cannot decide for the clinician; the educator never reads the case's updates.
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "\(decide)/\(ids[0])/decision", token: manager, body: #"{"share": true}"#)
            #expect(status == .forbidden || status == .notFound)
            #expect(try await CaseAPITests.send(app, .GET, updates, token: educator).0 != .ok)
        }
    }

    @Test func withoutTheClinicansAgreementNoUpdateIsDrafted() async throws {
        try await withCairn { app in
            let (record, managerPerson, _) = try await CaseConfidentialityTests.takenCase(on: app)
            let token = try await CaseAPITests.token(for: managerPerson, on: app)
            let (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/cases/\(try record.requireID().uuidString.lowercased())/educator-updates",
                token: token, body: #"{"stage": "introduction", "update": "Anything"}"#)
            #expect(status == .unprocessableEntity)
            #expect(MentoringMemberAPITests.errorFields(body) == ["/update"])
            #expect(try await EducatorUpdate.query(on: app.db).count() == 0)
        }
    }
}
