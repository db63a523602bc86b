import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

/// What an administrator does at `/admin/people`, through the API (issue #14): invite, find, roles, status.
@Suite("People through the API")
struct PeopleAPITests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String, _ body: String? = nil)
        async throws -> (HTTPStatus, [String: Any], String)
    {
        try await CaseAPITests.send(app, method, path, token: token, body: body)
    }

    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func anAdministratorInvitesFindsAndChangesPeople() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let token = try await CaseAPITests.token(for: admin, on: app)
            let invitation =
                #"{"name": "Jo Whitfield", "email": "jo.whitfield@example.org", "roles": ["case_manager"]}"#

            let (status, person, text) = try await Self.send(app, .POST, "/api/v1/people", token, invitation)
            #expect(status == .created, "\(text)")
            #expect(person["status"] as? String == "invited")
            #expect(person["roles"] as? [String] == ["case_manager"])
            let id = try #require(person["id"] as? String)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == "jo.whitfield@example.org").count()
                    == 1)

            // The same email again, a bad one, no name: each named.
            let (again, problem, _) = try await Self.send(app, .POST, "/api/v1/people", token, invitation)
            #expect(again == .unprocessableEntity)
            #expect(Self.fields(problem) == ["/email"])
            let (bad, badProblem, _) = try await Self.send(
                app, .POST, "/api/v1/people", token, #"{"name": " ", "email": "nobody", "roles": ["mentor"]}"#)
            #expect(bad == .unprocessableEntity)
            #expect(Set(Self.fields(badProblem)) == ["/name", "/email"])

            let (_, page, _) = try await Self.send(app, .GET, "/api/v1/people?q=jo.whitfield", token)
            #expect(page["total"] as? Int == 1)
            #expect((page["people"] as? [[String: Any]])?.first?["id"] as? String == id)

            let (rolesStatus, changed, _) = try await Self.send(
                app, .PUT, "/api/v1/people/\(id)/roles", token, #"{"roles": ["case_manager", "unit_lead"]}"#)
            #expect(rolesStatus == .ok)
            #expect(changed["roles"] as? [String] == ["case_manager", "unit_lead"])
            let (disabledStatus, disabled, _) = try await Self.send(
                app, .PUT, "/api/v1/people/\(id)/status", token, #"{"disabled": true}"#)
            #expect(disabledStatus == .ok)
            #expect(disabled["status"] as? String == "disabled")
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "role_granted").count() >= 2)

            // An administrator cannot lock themself out; an unknown person is a 404.
            let me = admin.id.uuidString
            #expect(
                try await Self.send(app, .PUT, "/api/v1/people/\(me)/roles", token, #"{"roles": []}"#).0 == .conflict)
            #expect(
                try await Self.send(app, .PUT, "/api/v1/people/\(me)/status", token, #"{"disabled": true}"#).0
                    == .conflict)
            #expect(
                try await Self.send(app, .PUT, "/api/v1/people/\(UUID())/roles", token, #"{"roles": []}"#).0
                    == .notFound)

            let manager = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await Self.send(app, .POST, "/api/v1/people", manager, invitation).0 == .forbidden)
            #expect(try await Self.send(app, .GET, "/api/v1/people", manager).0 == .forbidden)
        }
    }
}
