import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("The page shell, errors and headers")
struct PageShellTests {
    @Test func homePageTellsAClinicianWhatIsOfferedAndHowToGetHelp() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/") { response in
                let html = response.body.string
                #expect(response.status == .ok)
                #expect(response.headers.contentType == .html)
                #expect(html.contains(##"<a class="skip-link" href="#main">Skip to main content</a>"##))
                #expect(html.contains(#"<main id="main" tabindex="-1">"#))
                #expect(html.contains(#"<html lang="en">"#))
                #expect(html.contains("What we offer"))
                #expect(html.contains(#"<a href="tel:116123">116 123</a>"#))
                #expect(html.contains("Professional Support Unit"))
                #expect(html.contains(#"aria-current="page""#))
            }
        }
    }

    @Test func everyPageOfSomeoneSignedInOffersSignOutInTheHeader() async throws {
        try await withCairn { app in
            let visitor = try await TestBrowser(app).get("/")
            #expect(!visitor.body.contains("site-header__sign-out"))
            let person = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            for path in ["/", "/my-support", "/account", "/no-such-page"] {
                let page = try await browser.get(path)
                let header = page.body.components(separatedBy: "</header>").first ?? ""
                #expect(header.contains(#"<form method="post" action="/sign-out""#), "\(path)")
                #expect(header.contains(browser.csrfToken ?? "no token"), "\(path)")
            }
            // The header's form signs out.
            let out = try await browser.post("/sign-out", [])
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/account").location?.hasPrefix("/sign-in") == true)
            #expect(!(try await browser.get("/").body.contains("site-header__sign-out")))
        }
    }

    @Test func everyPageLinksToThePrivacyNoticeTheAccessibilityStatementAndContact() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            for (path, heading) in [
                ("/privacy", "Privacy notice"), ("/accessibility", "Accessibility statement"),
                ("/contact", "Contact us"),
            ] {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                #expect(page.body.contains("<h1>\(heading)</h1>"))
                let footer = try #require(page.body.components(separatedBy: "<footer").last)
                for link in ["/privacy", "/accessibility", "/contact"] {
                    #expect(footer.contains(#"href="\#(link)""#), "\(path) footer lacks \(link)")
                }
            }
            #expect(try await browser.get("/privacy").body.contains("Support is separate from assessment"))
        }
    }

    @Test func unknownPageIsAFriendly404ThatLeaksNothing() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/cases/../../etc/passwd") { response in
                #expect(response.status == .notFound || response.status == .forbidden)
            }
            try await app.testing().test(.GET, "/no-such-page") { response in
                #expect(response.status == .notFound)
                #expect(response.headers.contentType == .html)
                #expect(response.body.string.contains("Page not found"))
                #expect(response.body.string.contains("Skip to main content"))
            }
        }
    }

    @Test func unknownAPIPathIsAProblemDocument() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/api/v1/nothing-here") { response in
                #expect(response.status == .notFound)
                #expect(response.headers.contentType?.serialize() == "application/problem+json")
                let problem = try JSONDecoder().decode(Problem.self, from: response.body)
                #expect(problem.status == 404)
                #expect(problem.title == "Not Found")
                #expect(problem.requestId?.isEmpty == false)
            }
        }
    }

    @Test func serverErrorsShowAReferenceAndNoInternals() async throws {
        try await withCairn { app in
            // setup: a route that fails the way a database error would
            let route = app.get("test-failure") { _ -> String in
                throw TestFailure(secret: "SELECT * FROM case_notes")
            }
            route.userInfo[PolicyGate.actionKey] = Action.viewPublicPage
            try await app.testing().test(.GET, "/test-failure") { response in
                #expect(response.status == .internalServerError)
                #expect(!response.body.string.contains("SELECT"))
                #expect(!response.body.string.contains("TestFailure"))
                #expect(response.body.string.contains("quote reference"))
            }
            try await app.testing().test(.GET, "/test-failure", headers: ["Accept": "application/json"]) { response in
                #expect(response.status == .internalServerError)
                #expect(!response.body.string.contains("SELECT"))
                #expect(response.headers.contentType?.serialize() == "application/problem+json")
            }
        }
    }

    @Test(arguments: ["/", "/healthz", "/no-such-page", "/css/cairn.css", "/api/v1/organisation"])
    func securityHeadersAreOnEveryResponse(path: String) async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, path) { response in
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("object-src 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(response.headers.first(name: .server) == nil)
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil)
                #expect(response.headers.first(name: "X-Request-Id")?.isEmpty == false)
            }
        }
    }

    @Test func httpsBaseURLAddsHSTS() async throws {
        try await withCairn(configure: { $0.baseURL = URL(string: "https://cairn.example.org")! }) { app in
            try await app.testing().test(.GET, "/") { response in
                #expect(
                    response.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            }
        }
    }

    @Test func stylesheetIsServedButDotfilesAreNot() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/css/cairn.css") { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .cacheControl) == "public, max-age=3600")
            }
            try await app.testing().test(.GET, "/css/.hidden") { response in
                #expect(response.status == .notFound)
            }
            try await app.testing().test(.GET, "/css/%2egitignore") { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

struct TestFailure: Error {
    var secret: String
}
