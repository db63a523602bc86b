import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnServer

@Suite("Referral by an educator")
struct EducatorReferralTests {
    @Test func theClinicianConfirmsAndTheEducatorLearnsOnlyThatItWasReceived() async throws {
        try await withCairn { app in
            // setup: a supervisor, and a clinician with an account
            let supervisor = TestBrowser(app)
            try await supervisor.signIn(try await app.makePerson([.supervisor], name: "Dr Helen Price"))
            let clinicianPerson = try await app.makePerson(
                [.clinician], name: "Dr Omar Farouk", email: "omar@example.org")
            // act: the supervisor suggests support
            try await supervisor.get("/refer-someone")
            let sent = try await supervisor.post(
                "/refer-someone",
                [
                    ("clinicianName", "Dr Omar Farouk"), ("clinicianEmail", "Omar@Example.org"),
                    ("reasons[]", "exam_difficulty"),
                    ("note", "EDUCATOR-NOTE failed twice"), ("theyKnow[]", "yes"),
                ])
            #expect(sent.location == "/refer-someone/made")
            #expect(try await SupportCase.query(on: app.db).count() == 0)
            #expect(try await supervisor.get("/refer-someone/made").body.contains("Sent to them"))
            let email = try #require(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == "Omar@Example.org").first())
            #expect(!email.body.contains("EDUCATOR-NOTE"))
            // the clinician sees it, confirms, and sends their own request
            let clinician = TestBrowser(app)
            try await clinician.signIn(clinicianPerson)
            let mine = try await clinician.get("/my-support")
            #expect(mine.body.contains("Dr Helen Price suggested you ask for support"))
            let suggestion = try #require(try await EducatorReferral.query(on: app.db).first())
            let confirmed = try await clinician.post(
                "/my-support/suggestions/\(try suggestion.requireID().uuidString.lowercased())/confirm", [])
            #expect(confirmed.location == "/refer/about-you")
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            #expect(record.reasons.contains(.examDifficulty))
            let linked = try await EducatorReferral.find(suggestion.requireID(), on: app.db)
            #expect(
                linked?.caseID == record.id,
                "status \(String(describing: linked?.status)) case \(String(describing: linked?.caseID))")
            // check: the educator sees "received", and nothing else
            let made = try await supervisor.get("/refer-someone/made")
            #expect(made.body.contains("Received by the unit"))
            #expect(!made.body.contains(record.reference))
            #expect(!made.body.contains("MRCP"))
        }
    }

    @Test func aSuggestionIsOnlyTheNamedClinciansToAnswerAndNeedsTheirAgreement() async throws {
        try await withCairn { app in
            let supervisor = TestBrowser(app)
            try await supervisor.signIn(try await app.makePerson([.supervisor]))
            try await supervisor.get("/refer-someone")
            let missing = try await supervisor.post(
                "/refer-someone",
                [("clinicianName", "Dr Omar Farouk"), ("clinicianEmail", "omar@example.org"), ("reasons[]", "health")])
            #expect(missing.body.contains("Confirm the clinician knows and agrees"))
            #expect(missing.body.contains(#"value="omar@example.org""#))
            try await supervisor.post(
                "/refer-someone",
                [
                    ("clinicianName", "Dr Omar Farouk"), ("clinicianEmail", "omar@example.org"),
                    ("reasons[]", "health"), ("theyKnow[]", "yes"),
                ])
            let suggestion = try #require(try await EducatorReferral.query(on: app.db).first())
            let someoneElse = TestBrowser(app)
            try await someoneElse.signIn(try await app.makePerson([.clinician], email: "someone.else@example.org"))
            try await someoneElse.get("/account")
            let attempt = try await someoneElse.post(
                "/my-support/suggestions/\(try suggestion.requireID().uuidString.lowercased())/confirm", [])
            #expect(attempt.status == .notFound)
            #expect(try await EducatorReferral.find(suggestion.requireID(), on: app.db)?.status == .waiting)
        }
    }
}
