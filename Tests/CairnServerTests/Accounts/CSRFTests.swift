import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Cross-site request forgery")
struct CSRFTests {
    @Test func aPostWithoutTheTokenIsRefusedWithAFriendlyPage() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            let page = try await browser.post("/account/tokens", [("name", "script"), ("_csrf", "")])
            #expect(page.status == .forbidden)
            #expect(page.body.contains("This form has expired"))
            #expect(page.body.contains("Skip to main content"))
            #expect(try await APIToken.query(on: app.db).count() == 0)
        }
    }

    @Test func aPostWithAnotherSessionsTokenIsRefused() async throws {
        try await withCairn { app in
            let mallory = try await app.makePerson(email: "mallory@example.org")
            let alice = try await app.makePerson(email: "alice@example.org")
            let malloryBrowser = TestBrowser(app)
            try await malloryBrowser.signIn(mallory)
            try await malloryBrowser.get("/account/tokens")
            let stolen = try #require(malloryBrowser.csrfToken)
            let aliceBrowser = TestBrowser(app)
            try await aliceBrowser.signIn(alice)
            let page = try await aliceBrowser.post("/account/tokens", [("name", "script")], csrf: stolen)
            #expect(page.status == .forbidden)
        }
    }

    @Test func aPostFromAnotherSiteIsRefusedEvenWithTheToken() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            try await browser.get("/account/tokens")
            browser.headers.replaceOrAdd(name: .origin, value: "https://evil.example")
            #expect(try await browser.post("/account/tokens", [("name", "script")]).status == .forbidden)
            browser.headers.remove(name: .origin)
            browser.headers.replaceOrAdd(name: "Sec-Fetch-Site", value: "cross-site")
            #expect(try await browser.post("/account/tokens", [("name", "script")]).status == .forbidden)
        }
    }

    @Test func aPostWithTheTokenFromThisSiteWorks() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            try await browser.get("/account/tokens")
            browser.headers.replaceOrAdd(name: .origin, value: "http://127.0.0.1:8080")
            browser.headers.replaceOrAdd(name: "Sec-Fetch-Site", value: "same-origin")
            let page = try await browser.post("/account/tokens", [("name", "script")])
            #expect(page.status == .ok)
            #expect(try await APIToken.query(on: app.db).count() == 1)
        }
    }

    @Test func anonymousFormsCarryACookieBoundToken() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.get("/register")
            #expect(browser.cookies["cairn_csrf"] != nil)
            #expect(browser.csrfToken == browser.cookies["cairn_csrf"])
            let forged = try await browser.post(
                "/register",
                [("displayName", "X"), ("email", "x@example.org"), ("password", "granite meadow lantern")],
                csrf: "guessed-token")
            #expect(forged.status == .forbidden)
        }
    }
}
