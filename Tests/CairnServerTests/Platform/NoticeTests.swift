import CairnCore
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #13 item 8, "a success banner after every action": every route a browser form posts to declares what the
/// person is told (or why nothing), the gate puts it on the redirect, and the page shell shows it. Only declared
/// sentences can be shown, whatever the address says.
@Suite("A notice after every action")
struct NoticeTests {
    @Test func everyFormRouteDeclaresWhatItTells() async throws {
        try await withCairn { app in
            var forms = 0
            var undeclared: [String] = []
            for route in app.routes.all where route.method != .GET && route.method != .HEAD {
                guard route.path.first?.description != "api" else { continue }
                forms += 1
                if route.afterAction == nil { undeclared.append("\(route.method) \(route.path.string)") }
            }
            #expect(forms > 100)
            #expect(undeclared == [], "routes a form posts to without `after:`: \(undeclared.joined(separator: ", "))")
            #expect(app.cairn.notices.count > 80)
        }
    }

    @Test func anActionsPageSaysItWorkedAndAnAddressCannotMakeItSayMore() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician], name: "Dr Ada Clinician")
            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            try await browser.get("/account/password")
            let changed = try await browser.post(
                "/account/password",
                [("currentPassword", clinician.password), ("password", "basalt harbour kestrel")])
            #expect(changed.status == .seeOther)
            #expect(changed.location == "/account?notice=password-changed")
            let account = try await browser.get(try #require(changed.location))
            #expect(account.body.contains(#"data-notice="password-changed""#))
            #expect(account.body.contains("Your password has been changed."))
            // The banner is a status message, before the page's heading.
            let banner = try #require(account.body.range(of: #"role="status" data-notice"#))
            let heading = try #require(account.body.range(of: "<h1"))
            #expect(banner.lowerBound < heading.lowerBound)

            // An address naming no declared notice, or one from another page, shows only what is declared; an error
            // page never shows one.
            let forged = try await browser.get("/account?notice=%3Cb%3EYour%20account%20is%20closed")
            #expect(!forged.body.contains("data-notice"))
            #expect(!forged.body.contains("account is closed"))
            let missing = try await browser.get("/no-such-page?notice=password-changed")
            #expect(missing.status == .notFound)
            #expect(!missing.body.contains("data-notice"))
        }
    }

    @Test func aCaseMovesWithTheWordsForWhereItWent() async throws {
        try await withCairn { app in
            let (record, _, manager) = try await CaseLifecycleTests.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await manager.get("/cases/\(id)")
            let note = try await manager.post("/cases/\(id)/notes", [("body", "Spoke on the phone.")])
            #expect(note.location == "/cases/\(id)?notice=note-added")
            let triaged = try await manager.post(
                "/cases/\(id)/transition", [("to", "triaged"), ("version", "1"), ("firstContact", "yes")])
            #expect(triaged.location == "/cases/\(id)?notice=case-triaged")
            let started = try await manager.post("/cases/\(id)/transition", [("to", "active"), ("version", "2")])
            #expect(started.location == "/cases/\(id)?notice=case-active")
            let shown = try await manager.get(try #require(started.location))
            #expect(shown.body.contains("Support has started."))
            #expect(!shown.body.contains("Triage is recorded."))
            // A refusal answers with the page and its error, never with a notice.
            let stale = try await manager.post("/cases/\(id)/transition", [("to", "closing"), ("version", "1")])
            #expect(stale.status == .conflict)
            #expect(!stale.body.contains("data-notice"))
        }
    }
}

/// The gate alone, on a bare application: what it adds, what it leaves, what it refuses while testing.
@Suite("The after-action gate")
struct AfterActionGateTests {
    static let saved = CairnPlatform.Notice("saved", "Saved.")
    static let other = CairnPlatform.Notice("other", "Other.")

    func withGate(
        _ environment: Environment = .testing, _ body: (Application) async throws -> Void
    ) async throws {
        let app = try await Application.make(environment)
        do {
            app.middleware.use(AfterActionGate())
            func route(_ path: String, _ after: AfterAction?, _ respond: @escaping @Sendable (Request) -> Response) {
                let made = app.on(.POST, PathComponent(stringLiteral: path), use: respond)
                made.afterAction = after
            }
            route("plain", .confirms([Self.saved, Self.other])) { $0.redirect(to: "/thing#part") }
            route("chosen", .confirms([Self.saved, Self.other])) {
                $0.redirect(to: "/thing?page=2", notice: Self.other)
            }
            route("stranger", .confirms([Self.saved])) { $0.redirect(to: "/thing", notice: Self.other) }
            route("refused", .confirms([Self.saved])) { $0.redirect(to: "/thing", quietlyBecause: "not done") }
            route("step", .quiet("the next step")) { $0.redirect(to: "/next") }
            route("lapsed", .confirms([Self.saved])) { $0.redirect(to: "/sign-in?next=%2Fthing") }
            route("page", .confirms([Self.saved])) { _ in Response(status: .ok) }
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func itAddsTheRoutesNoticeOnlyToAWorkedRedirect() async throws {
        try await withGate { app in
            var seen: [String: (HTTPStatus, String?)] = [:]
            for path in ["/plain", "/chosen", "/refused", "/step", "/lapsed", "/page", "/stranger"] {
                let response = try await app.testing().sendRequest(.POST, path)
                seen[path] = (response.status, response.headers.first(name: .location))
            }
            #expect(seen["/plain"]?.1 == "/thing?notice=saved#part")
            #expect(seen["/chosen"]?.1 == "/thing?page=2&notice=other")
            #expect(seen["/refused"]?.1 == "/thing")
            #expect(seen["/step"]?.1 == "/next")
            #expect(seen["/lapsed"]?.1 == "/sign-in?next=%2Fthing")
            #expect(seen["/page"]?.0 == .ok)
            // A notice the route does not declare is a mistake a test must see.
            #expect(seen["/stranger"]?.0 == .internalServerError)
        }
    }

    @Test func outsideTestsAnUndeclaredNoticeIsDroppedNotReplacedBySuccess() async throws {
        try await withGate(.production) { app in
            let response = try await app.testing().sendRequest(.POST, "/stranger")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/thing")
        }
    }

    @Test func twoRoutesCannotGiveOneCodeTwoMeanings() throws {
        let app = Application(.testing)
        defer { app.shutdown() }
        let first = app.on(.POST, "a") { _ in "" }
        first.afterAction = .says("saved", "Saved.")
        let second = app.on(.POST, "b") { _ in "" }
        second.afterAction = .says("saved", "Kept.")
        #expect(throws: NoticeCatalogueError.self) { try NoticeCatalogue(routes: app.routes.all) }
        second.afterAction = .says("saved", "Saved.")
        #expect(try NoticeCatalogue(routes: app.routes.all).count == 1)
    }
}
