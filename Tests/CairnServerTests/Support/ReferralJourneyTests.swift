import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Self-referral")
struct ReferralJourneyTests {
    static let ownWords = "PLAINTEXT-MARKER I failed MRCP Part 2 twice and my rota leaves no time to study."

    static let steps: [(String, [(String, String)])] = [
        (
            "about-you",
            [
                ("profession", "doctor"), ("grade", "st3"), ("specialty", "Renal medicine"),
                ("employer", "North Trust"), ("region", "london"), ("qualificationCountry", "Egypt"),
            ]
        ),
        ("what-is-happening", [("reasons[]", "exam_difficulty"), ("reasons[]", "training_environment")]),
        ("in-your-own-words", [("ownWords", ownWords), ("whatWouldHelp", "Exam coaching")]),
        ("are-you-safe", [("atRisk", "yes")]),
        ("contact", [("contactBy", "phone"), ("phone", "07700 900 982"), ("contactTimes", "After 6pm")]),
        ("consent", [("consentToHold", "yes"), ("shareWithEducator", "no")]),
    ]

    /// Goes through every page as a clinician would and sends the request; returns the new case.
    static func submitReferral(as browser: TestBrowser, app: Application) async throws -> SupportCase {
        for (step, fields) in steps {
            try await browser.get("/refer/\(step)")
            let page = try await browser.post("/refer/\(step)", fields)
            #expect(page.status == .seeOther, "step \(step) did not move on")
        }
        try await browser.get("/refer/check-your-answers")
        let sent = try await browser.post("/refer/check-your-answers", [])
        #expect(sent.location?.hasPrefix("/refer/sent/") == true)
        return try #require(try await SupportCase.query(on: app.db).sort(\.$receivedAt, .descending).first())
    }

    @Test func aClinicianAsksForSupportAndGetsAReference() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician], name: "Dr Omar Farouk")
            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            // act
            let record = try await Self.submitReferral(as: browser, app: app)
            // check: the confirmation, the case, the sealed words, the email that says nothing
            let sent = try await browser.get("/refer/sent/\(record.reference)")
            #expect(sent.body.contains(record.reference))
            #expect(record.state == .referred)
            #expect(record.isInternationalGraduate)
            #expect(record.reasons == [.examDifficulty, .trainingEnvironment])
            #expect(!record.ownWords.contains("PLAINTEXT-MARKER"))
            let words = try app.cairn.cipher.open(
                record.ownWords, for: SupportCase.binding(try record.requireID(), "own_words"))
            #expect(words == Self.ownWords)
            let email = try #require(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == clinician.email).first())
            #expect(email.body.contains(record.reference))
            #expect(!email.body.contains("MRCP"))
            #expect(try await ReferralDraft.query(on: app.db).count() == 0)
            let mine = try await browser.get("/my-support")
            #expect(mine.body.contains(record.reference))
            #expect(mine.body.contains("Received"))
        }
    }

    @Test func theCheckPageShowsEveryAnswerWithAChangeLink() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson())
            for (step, fields) in Self.steps {
                try await browser.get("/refer/\(step)")
                try await browser.post("/refer/\(step)", fields)
            }
            let page = try await browser.get("/refer/check-your-answers")
            #expect(page.body.contains("Check your answers before sending"))
            #expect(page.body.contains("ST3"))
            #expect(page.body.contains("I failed MRCP Part 2 twice"))
            #expect(page.body.contains(#"href="/refer/about-you?change=yes">Change"#))
        }
    }

    @Test func answersSurviveAnErrorAndStopping() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            try await browser.get("/refer/about-you")
            let page = try await browser.post(
                "/refer/about-you", [("profession", "dentist"), ("specialty", "Orthodontics")])
            #expect(page.status == .ok)
            #expect(page.body.contains("Select your grade or role"))
            #expect(page.body.contains(#"<option value="dentist" selected="selected">"#))
            #expect(page.body.contains(#"value="Orthodontics""#))
            // they stop, and come back later in a new session: the draft is there
            let later = TestBrowser(app)
            try await later.signIn(clinician)
            let again = try await later.get("/refer/about-you")
            #expect(again.body.contains(#"value="Orthodontics""#))
            #expect(try await later.get("/refer").body.contains("Continue where you left off"))
            // an incomplete draft cannot be sent
            try await later.get("/refer/check-your-answers")
            #expect(try await later.get("/refer/check-your-answers").location == "/refer/about-you")
        }
    }

    @Test func sayingYouAreAtRiskShowsUrgentHelpAtOnceWithoutStoppingTheRequest() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson())
            try await browser.get("/refer/are-you-safe")
            let page = try await browser.post("/refer/are-you-safe", [("atRisk", "no")])
            #expect(page.status == .ok)
            #expect(page.body.contains("Help is available now"))
            #expect(page.body.contains(#"<a href="tel:999">999</a>"#))
            #expect(page.body.contains(#"href="/refer/contact">Continue my request"#))
        }
    }

    @Test func onlyClinicianCanAskAndTheirTextIsEscaped() async throws {
        try await withCairn { app in
            let supervisor = try await app.makePerson([.supervisor])
            let browser = TestBrowser(app)
            try await browser.signIn(supervisor)
            #expect(try await browser.get("/refer").status == .forbidden)
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            try await clinician.get("/refer/in-your-own-words")
            let page = try await clinician.post(
                "/refer/in-your-own-words",
                [("ownWords", "<script>alert(1)</script>"), ("whatWouldHelp", String(repeating: "x", count: 2_001))])
            #expect(page.body.contains("What would help must be 2000 characters or fewer"))
            #expect(!page.body.contains("<script>alert(1)</script>"))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }
}
