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

@Suite("Registering, confirming and recovering an account")
struct RegistrationTests {
    /// The path of the first link in the newest email to `recipient`.
    static func link(to recipient: String, on app: Application) async throws -> String? {
        guard
            let message = try await OutboxMessage.query(on: app.db).filter(\.$recipient == recipient)
                .sort(\.$createdAt, .descending).first(),
            let range = message.body.range(of: "http://127.0.0.1:8080")
        else { return nil }
        return String(message.body[range.upperBound...].prefix { !$0.isWhitespace })
    }

    @Test func aClinicianRegistersConfirmsAndSignsIn() async throws {
        try await withCairn { app in
            // act: register
            let browser = TestBrowser(app)
            try await browser.get("/register")
            let registered = try await browser.post(
                "/register",
                [
                    ("displayName", "Dr Nadia Rahman"), ("email", "Nadia.Rahman@Example.org"),
                    ("password", "harbour lights at dusk"),
                ])
            #expect(registered.location == "/register/check-your-email")
            // the email is in the outbox, and the account cannot sign in yet
            let link = try #require(try await Self.link(to: "Nadia.Rahman@Example.org", on: app))
            #expect(link.hasPrefix("/verify-email/"))
            let early = try await TestBrowser(app).signIn(
                TestPerson(id: UUID(), email: "nadia.rahman@example.org", password: "harbour lights at dusk"))
            #expect(early.body.contains("Confirm your email address first"))
            // act: open the link (a page), then confirm (a POST)
            let confirmPage = try await browser.get(link)
            #expect(confirmPage.status == .ok)
            let confirmed = try await browser.post(link, [])
            #expect(confirmed.location == "/sign-in?notice=verified")
            // check: the clinician signs in, with the clinician role; the link does not work twice
            let signedIn = try await browser.signIn(
                TestPerson(id: UUID(), email: "nadia.rahman@example.org", password: "harbour lights at dusk"))
            #expect(signedIn.status == .seeOther)
            let account = try await browser.get("/account")
            #expect(account.body.contains("Clinician"))
            let again = try await TestBrowser(app).post(link, [], csrf: nil)
            #expect(again.status == .forbidden || again.status == .notFound)
        }
    }

    @Test func aFailedFormKeepsWhatWasTypedAndLinksEachErrorToItsField() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.get("/register")
            let page = try await browser.post(
                "/register", [("displayName", "Dr Nadia Rahman"), ("email", "not-an-email"), ("password", "short")])
            #expect(page.status == .ok)
            #expect(page.body.contains("<title>Error: Create an account"))
            #expect(page.body.contains(##"<a href="#field-email">Enter an email address in the correct format"##))
            #expect(
                page.body.contains(##"<a href="#field-password">Password must be at least 12 characters long</a>"##))
            #expect(page.body.contains(#"value="Dr Nadia Rahman""#))
            #expect(page.body.contains(#"value="not-an-email""#))
            #expect(page.body.contains(#"aria-invalid="true""#))
            #expect(!page.body.contains("short"))
        }
    }

    @Test func registeringAKnownEmailLooksTheSameAndTellsTheOwner() async throws {
        try await withCairn { app in
            let person = try await app.makePerson(email: "taken@example.org")
            let browser = TestBrowser(app)
            try await browser.get("/register")
            let page = try await browser.post(
                "/register",
                [
                    ("displayName", "Someone Else"), ("email", "TAKEN@example.org"),
                    ("password", "harbour lights at dusk"),
                ])
            #expect(page.location == "/register/check-your-email")
            #expect(try await Person.query(on: app.db).count() == 1)
            let message = try #require(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == person.email).first())
            #expect(message.subject == "Someone tried to register with your email address")
        }
    }

    @Test func typedTextComesBackEscaped() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.get("/register")
            let payload = #"<script>alert(1)</script>" onfocus="alert(2)"#
            let page = try await browser.post(
                "/register", [("displayName", payload), ("email", payload), ("password", "")])
            #expect(!page.body.contains("<script>alert(1)</script>"))
            #expect(!page.body.contains(#"" onfocus=""#))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onfocus=&quot;alert(2)"))
        }
    }

    @Test func aResetLinkWorksOnceWithin30MinutesAndEndsEverySession() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            // setup: a clinician signed in on another device
            let person = try await app.makePerson()
            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn(person)
            // act: ask for a reset
            let browser = TestBrowser(app)
            try await browser.get("/forgot-password")
            let sent = try await browser.post("/forgot-password", [("email", person.email)])
            #expect(sent.body.contains("If that address has an account"))
            let link = try #require(try await Self.link(to: person.email, on: app))
            try await browser.get(link)
            let done = try await browser.post(link, [("password", "new harbour lights")])
            #expect(done.location == "/sign-in?notice=password-set")
            // check: the other device is signed out; the old password fails; the new one works; the link is spent
            #expect(try await elsewhere.get("/account").status == .seeOther)
            #expect(try await TestBrowser(app).signIn(person).body.contains(SignInService.refusalMessage))
            var renewed = person
            renewed.password = "new harbour lights"
            #expect(try await TestBrowser(app).signIn(renewed).status == .seeOther)
            #expect(try await browser.get(link).status == .notFound)
        }
    }

    @Test func aResetLinkExpiresAfter30Minutes() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.get("/forgot-password")
            try await browser.post("/forgot-password", [("email", person.email)])
            let link = try #require(try await Self.link(to: person.email, on: app))
            clock.advance(by: 30 * 60 + 1)
            #expect(try await browser.get(link).status == .notFound)
        }
    }

    @Test func askingToResetAnUnknownEmailLooksTheSame() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.get("/forgot-password")
            let page = try await browser.post("/forgot-password", [("email", "nobody@example.org")])
            #expect(page.body.contains("If that address has an account"))
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
        }
    }

    @Test func aResetDoesNotSkipTheSecondFactor() async throws {
        try await withCairn { app in
            let manager = try await app.makePerson([.caseManager])
            let browser = TestBrowser(app)
            try await browser.get("/forgot-password")
            try await browser.post("/forgot-password", [("email", manager.email)])
            let link = try #require(try await Self.link(to: manager.email, on: app))
            try await browser.get(link)
            try await browser.post(link, [("password", "new harbour lights")])
            try await browser.get("/sign-in")
            let signIn = try await browser.post(
                "/sign-in", [("email", manager.email), ("password", "new harbour lights")])
            #expect(signIn.location?.hasPrefix("/sign-in/second-factor") == true)
        }
    }

    @Test func anAdministratorInvitesStaffWhoChooseAPassword() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let browser = TestBrowser(app)
            try await browser.signIn(admin)
            try await browser.get("/admin/people/invite")
            let invited = try await browser.post(
                "/admin/people/invite",
                [
                    ("displayName", "Sam Okoro"), ("email", "sam.okoro@example.org"), ("roles[]", "case_manager"),
                    ("roles[]", "mentor"),
                ])
            #expect(invited.status == .seeOther)
            let link = try #require(try await Self.link(to: "sam.okoro@example.org", on: app))
            #expect(link.hasPrefix("/invitation/"))
            let newcomer = TestBrowser(app)
            try await newcomer.get(link)
            let accepted = try await newcomer.post(
                link, [("displayName", "Sam Okoro"), ("password", "lantern over the bay")])
            #expect(accepted.location == "/sign-in?notice=password-set")
            let person = try #require(try await Accounts.person(email: "sam.okoro@example.org", on: app.db))
            #expect(person.status == .active)
            let roles = try await Accounts.roles(of: person.requireID(), in: app.cairn.organisation!.id, on: app.db)
            #expect(roles == [.caseManager, .mentor])
            let granted = try await AuditEntry.query(on: app.db).filter(\.$action == "role_granted").count()
            #expect(granted == 2)
        }
    }

    @Test func anInvitationWithoutARoleKeepsWhatWasTyped() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let browser = TestBrowser(app)
            try await browser.signIn(admin)
            try await browser.get("/admin/people/invite")
            let page = try await browser.post(
                "/admin/people/invite", [("displayName", "Sam Okoro"), ("email", "sam@example.org")])
            #expect(page.body.contains(##"<a href="#field-roles">Select at least one role</a>"##))
            #expect(page.body.contains(#"value="sam@example.org""#))
        }
    }
}
