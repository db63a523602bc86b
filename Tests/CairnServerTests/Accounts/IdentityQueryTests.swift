import Fluent
import Foundation
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnCore
@testable import CairnPlatform

/// Issue #21 item 4: every signed-in request cost three queries (credential, person, roles) before any work. Now the
/// credential is read with its person and roles in one statement, read by column (no Fluent model query at all), and
/// a change of roles or status still counts at once (nothing is cached between requests).
@Suite("Signed-in identity in one query")
struct IdentityQueryTests {
    struct Log: StorageKey { typealias Value = StatementLog }
    struct BeforeHandler: StorageKey { typealias Value = [String] }

    /// Records the statements a request runs (on SQLite, through the single writer's `StatementLog`) and the Fluent
    /// queries (on both databases, through Fluent's history), and says in headers what ran before the handler.
    struct StartCounting: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            request.fluent.history.start()
            let log = StatementLog()
            request.storage[Log.self] = log
            let response = try await StatementLog.$current.withValue(log) { try await next.respond(to: request) }
            let before = request.storage[BeforeHandler.self] ?? ["none"]
            response.headers.replaceOrAdd(
                name: "X-Test-Statements-Before-Handler", value: before.joined(separator: " ;; "))
            response.headers.replaceOrAdd(
                name: "X-Test-Fluent-Queries-Before-Handler", value: "\(request.storage[FluentBefore.self] ?? -1)")
            return response
        }
    }

    struct MarkHandler: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            request.storage[BeforeHandler.self] = request.storage[Log.self]?.statements ?? []
            request.storage[FluentBefore.self] = request.fluent.history.queries.count
            return try await next.respond(to: request)
        }
    }

    struct FluentBefore: StorageKey { typealias Value = Int }

    static func statements(_ headers: HTTPHeaders) -> [String] {
        let value = headers.first(name: "X-Test-Statements-Before-Handler") ?? "none"
        return value.isEmpty ? [] : value.components(separatedBy: " ;; ")
    }

    /// One statement that reads the credential's table, people and role grants together.
    static func readsIdentityInOne(_ headers: HTTPHeaders, from table: String) -> Bool {
        guard !TestDatabase.isPostgres else { return true }  // the statement log is SQLite's single writer's
        let statements = statements(headers)
        guard statements.count == 1, let only = statements.first else { return false }
        return only.contains("\"\(table)\"") && only.contains("people") && only.contains("role_grants")
    }

    @Test func aSignedInPageAndAnAPICallEachReadTheirIdentityInOneQuery() async throws {
        try await withCairn { app in
            app.middleware.use(StartCounting(), at: .beginning)
            app.middleware.use(MarkHandler())
            let lead = try await app.makePerson([.unitLead, .caseManager])
            let browser = TestBrowser(app)
            try await browser.signIn(lead)
            // The first request after signing in may touch the session; from then on, one statement.
            try await browser.get("/")
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(Self.readsIdentityInOne(page.headers, from: "sessions"), "\(Self.statements(page.headers))")
            #expect(page.headers.first(name: "X-Test-Fluent-Queries-Before-Handler") == "0")

            let token = try await CaseAPITests.token(for: lead, on: app)
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            _ = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer)
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer)
            #expect(me.status == .ok)
            #expect(Self.readsIdentityInOne(me.headers, from: "api_tokens"), "\(Self.statements(me.headers))")
            #expect(me.headers.first(name: "X-Test-Fluent-Queries-Before-Handler") == "0")
            #expect(me.body.string.contains("unit_lead") && me.body.string.contains("case_manager"))

            // Nothing is cached: a role taken away and an account disabled count at the next request.
            try await RoleGrant.query(on: app.db).filter(\.$person.$id == lead.id)
                .filter(\.$roleName == Role.unitLead.rawValue).delete()
            let narrower = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer)
            #expect(!narrower.body.string.contains("unit_lead") && narrower.body.string.contains("case_manager"))
            try await Person.query(on: app.db).filter(\.$id == lead.id).set(\.$status, to: .disabled).update()
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer).status == .unauthorized)
            let signedOut = try await browser.get("/cases")
            #expect(signedOut.status == .seeOther && signedOut.location?.hasPrefix("/sign-in") == true)
        }
    }

    @Test func aPersonWithNoRoleHereStillHasOneRow() async throws {
        try await withCairn { app in
            let person = try await app.makePerson([.clinician])
            try await RoleGrant.query(on: app.db).filter(\.$person.$id == person.id).delete()
            let token = try await CaseAPITests.token(for: person, on: app)
            let me = try await app.testing().sendRequest(
                .GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == .ok)
            #expect(me.body.string.filter { !$0.isWhitespace }.contains("\"roles\":[]"), "\(me.body.string)")
        }
    }
}
