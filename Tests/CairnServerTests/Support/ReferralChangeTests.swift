import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #13 item 8's self-referral fixes: "Change" comes back to check your answers; "No" to consent is not a dead
/// end; the sign-in page says why an account is needed; confirming the email leads back to the request.
@Suite("Self-referral: changing answers, consent, and coming back")
struct ReferralChangeTests {
    static func answerEverything(_ browser: TestBrowser) async throws {
        for (step, fields) in ReferralJourneyTests.steps {
            try await browser.get("/refer/\(step)")
            #expect(try await browser.post("/refer/\(step)", fields).status == .seeOther)
        }
    }

    @Test func changeOnCheckYourAnswersComesStraightBack() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson())
            try await Self.answerEverything(browser)
            let check = try await browser.get("/refer/check-your-answers")
            #expect(check.body.contains(#"href="/refer/what-is-happening?change=yes""#))
            let step = try await browser.get("/refer/what-is-happening?change=yes")
            #expect(step.body.contains(#"action="/refer/what-is-happening?change=yes""#))
            #expect(step.body.contains(#"class="back-link" href="/refer/check-your-answers""#))
            let changed = try await browser.post(
                "/refer/what-is-happening?change=yes", [("reasons[]", "career_planning")])
            #expect(changed.location == "/refer/check-your-answers")
            #expect(try await browser.get("/refer/check-your-answers").body.contains("Career"))
            // A problem keeps the change flag, so the corrected answer still goes back.
            let empty = try await browser.post("/refer/what-is-happening?change=yes", [])
            #expect(empty.status == .ok)
            #expect(empty.body.contains(#"action="/refer/what-is-happening?change=yes""#))
            #expect(
                try await browser.post("/refer/what-is-happening?change=yes", [("reasons[]", "career_planning")])
                    .location == "/refer/check-your-answers")
            // Saying at risk while changing shows help now, and carries on to check your answers.
            let risk = try await browser.post("/refer/are-you-safe?change=yes", [("atRisk", "no")])
            #expect(risk.body.contains("Help is available now"))
            #expect(risk.body.contains(#"href="/refer/check-your-answers">Continue my request"#))
            // Without the flag, the steps go on in order as before.
            #expect(
                try await browser.post("/refer/what-is-happening", [("reasons[]", "exam_difficulty")]).location
                    == "/refer/in-your-own-words")
        }
    }

    @Test func noToConsentExplainsAndOffersToDeleteTheAnswers() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            try await Self.answerEverything(browser)
            let refused = try await browser.post(
                "/refer/consent", [("consentToHold", "no"), ("shareWithEducator", "no")])
            #expect(refused.status == .ok)
            #expect(refused.body.contains("If you would rather we did not hold it"))
            #expect(refused.body.contains("Samaritans"))
            #expect(refused.body.contains(#"action="/refer/discard""#))
            #expect(try await ReferralDraft.query(on: app.db).count() == 1)
            let deleted = try await browser.post("/refer/discard", [])
            #expect(deleted.location == "/refer?notice=referral-discarded")
            #expect(try await ReferralDraft.query(on: app.db).count() == 0)
            let start = try await browser.get("/refer?notice=referral-discarded")
            #expect(start.body.contains("Your answers are deleted"))
            #expect(start.body.contains("Start now"))
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "referral_draft_discarded").count() == 1)
        }
    }

    @Test func aNewcomerFromAskForSupportIsToldWhyAndComesBackToTheirRequest() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            let guarded = try await browser.get("/refer")
            let signIn = try #require(guarded.location)
            #expect(signIn.hasPrefix("/sign-in?next="))
            let page = try await browser.get(signIn)
            #expect(page.body.contains("To ask for support you need an account"))
            #expect(page.body.contains(#"href="/register?next=/refer""#))
            // Straight to the sign-in page, or from suggesting support to someone else, it says nothing of it.
            #expect(
                !(try await TestBrowser(app).get("/sign-in?next=/refer-someone")).body.contains(
                    "To ask for support you need"))
            #expect(!(try await TestBrowser(app).get("/sign-in")).body.contains("To ask for support you need"))

            let form = try await browser.get("/register?next=/refer")
            #expect(form.body.contains(#"name="next" value="/refer""#))
            let registered = try await browser.post(
                "/register",
                [
                    ("displayName", "Dr Ama Mensah"), ("email", "ama.mensah@example.org"),
                    ("password", "lantern by the harbour wall"), ("next", "/refer"),
                ])
            #expect(registered.location == "/register/check-your-email")
            let link = try #require(try await RegistrationTests.link(to: "ama.mensah@example.org", on: app))
            #expect(link.hasSuffix("?next=/refer"))
            let confirm = try await browser.get(link)
            #expect(confirm.body.contains(#"name="next" value="/refer""#))
            let path = String(link.prefix { $0 != "?" })
            let confirmed = try await browser.post(path, [("next", "/refer")])
            #expect(confirmed.location == "/sign-in?notice=verified&next=/refer")
            try await browser.get(try #require(confirmed.location))
            let signedIn = try await browser.post(
                "/sign-in",
                [("email", "ama.mensah@example.org"), ("password", "lantern by the harbour wall"), ("next", "/refer")])
            #expect(signedIn.location == "/refer")

            // Anything but a local path is dropped on the way.
            let other = TestBrowser(app)
            try await other.get("/register")
            try await other.post(
                "/register",
                [
                    ("displayName", "Dr Lee"), ("email", "lee@example.org"),
                    ("password", "lantern by the harbour wall"),
                    ("next", "https://evil.example/"),
                ])
            let plain = try #require(try await RegistrationTests.link(to: "lee@example.org", on: app))
            #expect(!plain.contains("next"))
        }
    }
}
