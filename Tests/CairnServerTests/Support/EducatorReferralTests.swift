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
            #expect(sent.location == "/refer-someone/made?notice=suggestion-sent")
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

    @Test func theEducatorHearsOnlyTheWordsTheClinicianAgreesTo() async throws {
        try await withCairn { app in
            // setup: a suggestion, confirmed, sent with agreement to share with the educator; a case manager takes it
            let supervisor = TestBrowser(app)
            try await supervisor.signIn(try await app.makePerson([.supervisor], name: "Dr Helen Price"))
            try await supervisor.get("/refer-someone")
            try await supervisor.post(
                "/refer-someone",
                [
                    ("clinicianName", "Dr Omar Farouk"), ("clinicianEmail", "omar@example.org"),
                    ("reasons[]", "health"), ("theyKnow[]", "yes"),
                ])
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson([.clinician], email: "omar@example.org"))
            try await clinician.get("/my-support")
            let suggestion = try #require(try await EducatorReferral.query(on: app.db).first())
            try await clinician.post(
                "/my-support/suggestions/\(try suggestion.requireID().uuidString.lowercased())/confirm", [])
            var steps = ReferralJourneyTests.steps
            steps[5] = (
                "consent", [("consentToHold", "yes"), ("shareWithEducator", "yes"), ("educatorName", "Dr Helen Price")]
            )
            for (step, fields) in steps {
                try await clinician.get("/refer/\(step)")
                try await clinician.post("/refer/\(step)", fields)
            }
            try await clinician.get("/refer/check-your-answers")
            try await clinician.post("/refer/check-your-answers", [])
            let record = try #require(try await SupportCase.query(on: app.db).first())
            let id = try record.requireID().uuidString.lowercased()
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            try await manager.get("/account")
            try await manager.post("/triage/\(id)/take", [])
            // act: two proposed updates; the clinician shares one and withholds the other
            try await manager.get("/cases/\(id)")
            try await manager.post(
                "/cases/\(id)/educator-updates",
                [("stage", "introduction"), ("update", "SHARE-ME We have met and agreed a plan.")])
            try await manager.get("/cases/\(id)")
            try await manager.post(
                "/cases/\(id)/educator-updates", [("stage", "midpoint"), ("update", "WITHHOLD-ME Health details.")])
            #expect(!(try await supervisor.get("/refer-someone/made").body.contains("SHARE-ME")))
            let mine = try await clinician.get("/my-support/\(id)")
            #expect(mine.body.contains("SHARE-ME"))
            let updates = try await EducatorUpdate.query(on: app.db).sort(\.$writtenAt).all()
            try await clinician.post(
                "/my-support/\(id)/educator-updates/\(try updates[0].requireID().uuidString.lowercased())",
                [("decision", "approve")])
            try await clinician.get("/my-support/\(id)")
            try await clinician.post(
                "/my-support/\(id)/educator-updates/\(try updates[1].requireID().uuidString.lowercased())",
                [("decision", "withhold")])
            // check
            let made = try await supervisor.get("/refer-someone/made")
            #expect(made.body.contains("SHARE-ME We have met and agreed a plan."))
            #expect(!made.body.contains("WITHHOLD-ME"))
        }
    }

    @Test func withoutTheClinciansAgreementNoUpdateCanBeWritten() async throws {
        try await withCairn { app in
            let (record, _, manager) = try await CaseLifecycleTests.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            let page = try await manager.get("/cases/\(id)")
            #expect(!page.body.contains("Updates for the referring educator"))
            let attempt = try await manager.post(
                "/cases/\(id)/educator-updates", [("stage", "introduction"), ("update", "Anything")])
            #expect(attempt.body.contains("The clinician has not agreed that the educator may hear from us"))
            #expect(try await EducatorUpdate.query(on: app.db).count() == 0)
        }
    }
}
