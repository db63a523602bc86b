import Fluent
import Foundation
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnCore
@testable import CairnPlatform

/// Issue #21 item 4: every signed-in request cost three queries (credential, person, roles) before any work. Now the
/// credential is read with its person and roles in one query, and a change of roles or status still counts at once
/// (nothing is cached between requests).
@Suite("Signed-in identity in one query")
struct IdentityQueryTests {
    /// Counts the Fluent queries a request makes before its handler runs (after every middleware).
    struct StartCounting: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            request.fluent.history.start()
            let response = try await next.respond(to: request)
            response.headers.replaceOrAdd(
                name: "X-Test-Queries-Before-Handler", value: request.storage[BeforeHandler.self] ?? "none")
            return response
        }
    }

    struct BeforeHandler: StorageKey { typealias Value = String }

    struct MarkHandler: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            request.storage[BeforeHandler.self] = request.fluent.history.queries.map { query in
                ([query.schema]
                    + query.joins.map { join -> String in
                        switch join {
                        case .join(let schema, _, _, _, _), .extendedJoin(let schema, _, _, _, _, _),
                            .advancedJoin(let schema, _, _, _, _):
                            return schema
                        default: return "?"
                        }
                    }).joined(separator: "+")
            }.joined(separator: ",")
            return try await next.respond(to: request)
        }
    }

    static func queries(_ headers: HTTPHeaders) -> [String] {
        let value = headers.first(name: "X-Test-Queries-Before-Handler") ?? "none"
        return value.isEmpty ? [] : value.split(separator: ",").map(String.init)
    }

    @Test func aSignedInPageAndAnAPICallEachReadTheirIdentityInOneQuery() async throws {
        try await withCairn { app in
            app.middleware.use(StartCounting(), at: .beginning)
            app.middleware.use(MarkHandler())
            let lead = try await app.makePerson([.unitLead, .caseManager])
            let browser = TestBrowser(app)
            try await browser.signIn(lead)
            // The first request after signing in may touch the session; from then on, one query.
            try await browser.get("/")
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(Self.queries(page.headers) == ["sessions+people+role_grants"], "\(Self.queries(page.headers))")

            let token = try await CaseAPITests.token(for: lead, on: app)
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            _ = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer)
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer)
            #expect(me.status == .ok)
            #expect(Self.queries(me.headers) == ["api_tokens+people+role_grants"], "\(Self.queries(me.headers))")
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
