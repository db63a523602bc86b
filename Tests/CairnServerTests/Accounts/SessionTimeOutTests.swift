import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #20 item 6 (WCAG 2.2.1 and 2.2.5): every page of a signed-in person carries the warning before an idle
/// time-out; asking how long is left does not count as activity, "Stay signed in" does; a form sent after the
/// session lapsed is kept, sealed, for that person only, and given back to send after signing in again.
@Suite("Session time-out: the warning, and forms kept through signing in again")
struct SessionTimeOutTests {
    static func remaining(_ browser: TestBrowser) async throws -> Int? {
        let answer = try await browser.get("/session/remaining")
        let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return json?["seconds"] as? Int
    }

    @Test func askingHowLongIsLeftDoesNotCountAsActivityAndStayingSignedInDoes() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let idle = Int(app.cairn.configuration.security.idle)
            let browser = TestBrowser(app)
            #expect(try await Self.remaining(browser) == 0)
            try await browser.signIn(try await app.makePerson([.clinician]))
            let account = try await browser.get("/account")
            #expect(account.body.contains(#"<dialog class="timeout" id="session-timeout""#))
            #expect(account.body.contains(#"data-idle="\#(idle)""#))
            #expect(account.body.contains(#"<script src="/js/session-timeout.js" defer="defer"></script>"#))
            // Ten minutes idle, asked twice: the answer falls, it is not reset by asking.
            clock.advance(by: 600)
            #expect(try await Self.remaining(browser) == idle - 600)
            clock.advance(by: 120)
            #expect(try await Self.remaining(browser) == idle - 720)
            // "Stay signed in" (with the page's token) starts the clock again.
            let kept = try await browser.post("/session/keep-alive", [])
            #expect(kept.status == .ok)
            #expect(kept.body.contains("\"seconds\":\(idle)") || kept.body.contains("\"seconds\" : \(idle)"))
            #expect(try await Self.remaining(browser) == idle)
            // A visitor's pages carry no warning.
            #expect(!(try await TestBrowser(app).get("/").body.contains("session-timeout")))
        }
    }

    @Test func aFormSentAfterTheSessionLapsedIsKeptForItsPersonAndSentAfterSigningIn() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let clinicianPerson = try await app.makePerson([.clinician], name: "Dr Omar Farouk")
            let clinician = TestBrowser(app)
            try await clinician.signIn(clinicianPerson)
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            let casePath = "/my-support/\(try record.requireID().uuidString.lowercased())"
            #expect(try await clinician.get(casePath).status == .ok)
            let pageToken = clinician.csrfToken  // the token in the form being typed into
            let typed = "HELD-MARKER I wrote this slowly; it should not be lost."

            // An hour and a bit later the session has lapsed; the message is sent with that page's token.
            clock.advance(by: app.cairn.configuration.security.idle + 60)
            // The page's own question comes first (and pages opened since): the form is still kept after them.
            #expect(try await Self.remaining(clinician) == 0)
            #expect(try await clinician.get("/events").status == .ok)
            let sent = try await clinician.post(casePath + "/messages", [("message", typed)], csrf: pageToken)
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/sign-in?notice=expired&next=/session/held-form")
            #expect(try await CaseMessage.query(on: app.db).count() == 0)
            let held = try #require(try await HeldForm.query(on: app.db).first())
            #expect(held.personID == clinicianPerson.id)
            #expect(held.path == casePath + "/messages")
            #expect(!held.body.contains("HELD-MARKER"))  // sealed
            #expect(clinician.cookies[HeldForms.cookie] != nil)
            #expect(try await clinician.get(sent.location!).body.contains("You were signed out because"))

            // Someone else signing in on this browser gets nothing of it (and it stays for its person).
            let other = try await app.makePerson([.clinician], name: "Dr Someone Else")
            try await clinician.get("/sign-in")
            let otherIn = try await clinician.post(
                "/sign-in", [("email", other.email), ("password", other.password), ("next", "/session/held-form")])
            let notTheirs = try await clinician.get(try #require(otherIn.location))
            #expect(notTheirs.status == .seeOther)
            #expect(try await HeldForm.query(on: app.db).count() == 1)
            try await clinician.post("/sign-out", [])

            // Its person signs in again and is taken to it: what they typed, to check and send.
            try await clinician.get("/sign-in")
            let signedIn = try await clinician.post(
                "/sign-in",
                [
                    ("email", clinicianPerson.email), ("password", clinicianPerson.password),
                    ("next", "/session/held-form"),
                ])
            #expect(signedIn.location == "/session/held-form")
            let page = try await clinician.get("/session/held-form")
            #expect(page.status == .ok)
            #expect(page.body.contains(typed))
            #expect(page.body.contains("It was going to \(casePath)/messages."))
            #expect(page.body.contains(#"<form method="post" action="\#(casePath)/messages">"#))
            // A reload shows it again; sending it goes to the page's own handler.
            #expect(try await clinician.get("/session/held-form").body.contains(typed))
            let resent = try await clinician.post(casePath + "/messages", [("message", typed)])
            #expect(resent.status == .seeOther)
            #expect(try await CaseMessage.query(on: app.db).count() == 1)
            // Discarded, it is gone.
            try await clinician.get("/session/held-form")
            #expect(try await clinician.post("/session/held-form/discard", []).status == .seeOther)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
            #expect(try await clinician.get("/session/held-form").status == .seeOther)
        }
    }

    @Test func aWrongTokenAfterTheLapseIsRefusedAsBeforeAndNothingIsKept() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([.clinician]))
            try await browser.get("/account")
            clock.advance(by: app.cairn.configuration.security.idle + 60)
            let refused = try await browser.post("/account/password", [("password", "x")], csrf: "not-the-token")
            #expect(refused.status == .forbidden)
            // Another site's form: refused by origin before any token is looked at.
            browser.headers.replaceOrAdd(name: "Sec-Fetch-Site", value: "cross-site")
            #expect(try await browser.post("/account/password", [("password", "x")]).status == .forbidden)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
        }
    }

    @Test func heldFormsGoAfterAnHour() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([.clinician]))
            try await browser.get("/account")
            clock.advance(by: app.cairn.configuration.security.idle + 60)
            // A form with a password in it is never kept (the page would show it): sign in, and type it again.
            let password = try await browser.post("/account/password", [("currentPassword", "x")])
            #expect(password.location == "/sign-in?notice=expired")
            #expect(try await HeldForm.query(on: app.db).count() == 0)
            #expect(try await browser.post("/account/tokens", [("name", "laptop")]).status == .seeOther)
            #expect(try await HeldForm.query(on: app.db).count() == 1)
            clock.advance(by: HeldForms.lifetime + 1)
            try await AccountsFeature().housekeeping(app, now: clock.now)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
        }
    }

    @Test func aFormFromBeforeSigningInAgainInAnotherTabIsKeptToo() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let person = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            try await browser.get("/account/tokens")
            let oldToken = browser.csrfToken  // tab A's form
            clock.advance(by: app.cairn.configuration.security.idle + 60)
            // Tab B notices and signs in again first (its request is what records the lapse).
            try await browser.get("/account")
            try await browser.signIn(person)
            #expect(try await browser.get("/account").status == .ok)
            // Tab A sends its form with the lapsed session's token: kept, and straight to it (already signed in).
            let sent = try await browser.post("/account/tokens", [("name", "tab A")], csrf: oldToken)
            #expect(sent.location == "/session/held-form")
            #expect(try await browser.get("/session/held-form").body.contains("tab A"))
            // A second form from the lapsed session (tab C) replaces the first: one kept form a person.
            #expect(
                try await browser.post("/account/tokens", [("name", "tab C")], csrf: oldToken).location
                    == "/session/held-form")
            #expect(try await HeldForm.query(on: app.db).count() == 1)
            let shown = try await browser.get("/session/held-form").body
            #expect(shown.contains("tab C") && !shown.contains("tab A"))
            // A made-up token is still refused.
            #expect(try await browser.post("/account/tokens", [("name", "x")], csrf: "made-up").status == .forbidden)
        }
    }

    @Test func aLapsedSessionIsRememberedForAnHourFromWhenItLapsedNotFromWhenItWasNoticed() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([.clinician]))
            try await browser.get("/account/tokens")
            // Idle out, then three hours more before anything is sent: too late to keep.
            clock.advance(by: app.cairn.configuration.security.idle + 3 * 3_600)
            let sent = try await browser.post("/account/tokens", [("name", "late")])
            #expect(sent.status == .forbidden)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
            #expect(try await LapsedSignIn.query(on: app.db).count() == 0)
        }
    }
}
