import CairnCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Proves the matrix in `AuthorisationMatrix.tsv`: every registered route has a row, every row's action is the
/// route's declared action, the policy gives each actor what the row says, and real requests agree.
@Suite("The authorisation matrix")
struct AuthorisationMatrixTests {
    struct Row {
        var method: String
        var path: String
        var action: String
        var expected: [String: String]
        var key: String { "\(method) \(path)" }
    }

    static let actors = ["visitor"] + Role.allCases.map(\.rawValue)

    static func load() throws -> (routes: [Row], objects: [(action: String, own: String, other: String)]) {
        let text = try String(
            contentsOfFile: TestPaths.repositoryRoot + "Tests/CairnServerTests/AuthorisationMatrix.tsv", encoding: .utf8
        )
        var routes: [Row] = []
        var objects: [(String, String, String)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("method") {
            let cells = line.split(separator: "\t").map(String.init)
            if ["case", "peer", "induction", "development", "event", "library"].contains(cells.first) { continue }
            if cells.first == "object" {
                if cells.count == 4, cells[1] != "action" { objects.append((cells[1], cells[2], cells[3])) }
                continue
            }
            guard cells.count == 3 + actors.count else { continue }
            routes.append(
                Row(
                    method: cells[0], path: cells[1], action: cells[2],
                    expected: Dictionary(uniqueKeysWithValues: zip(actors, cells[3...]))))
        }
        return (routes, objects)
    }

    static func actor(_ name: String) -> Actor? {
        guard let role = Role(rawValue: name) else { return nil }
        return Actor(
            personID: UUID(), displayName: name, organisationID: UUID(), roles: [role],
            channel: .browser(sessionID: UUID()), isFullySignedIn: true)
    }

    static func expected(_ decision: Policy.Decision) -> String {
        switch decision {
        case .allow: "allow"
        case .deny: "deny"
        case .signInRequired, .secondFactorRequired: "sign-in"
        }
    }

    /// What is wrong between the registered routes and the matrix; empty when they agree.
    static func problems(routes: [Route], matrix: [Row]) -> [String] {
        let rows = Dictionary(grouping: matrix, by: \.key)
        var problems: [String] = []
        var registered = Set<String>()
        for route in routes {
            let key = "\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"
            registered.insert(key)
            guard let action = route.action else {
                problems.append("route \(key) declares no action")
                continue
            }
            guard let row = rows[key], row.count == 1 else {
                problems.append("route \(key) has no row (or several) in AuthorisationMatrix.tsv")
                continue
            }
            if row[0].action != action.rawValue {
                problems.append("route \(key) declares \(action.rawValue); the matrix says \(row[0].action)")
            }
        }
        for row in matrix where !registered.contains(row.key) {
            problems.append("the matrix lists \(row.key), which is not a route")
        }
        return problems
    }

    @Test func everyRegisteredRouteHasExactlyOneRowWithItsDeclaredAction() async throws {
        let matrix = try Self.load()
        try await withCairn { app in
            #expect(Self.problems(routes: app.routes.all, matrix: matrix.routes) == [])
        }
    }

    @Test func aNewRouteWithoutARowMakesTheCheckFail() async throws {
        let matrix = try Self.load()
        try await withCairn { app in
            app.routes.on(.adminPeople, .DELETE, action: .changeRoles) { _ in HTTPStatus.noContent }
            #expect(
                Self.problems(routes: app.routes.all, matrix: matrix.routes) == [
                    "route DELETE /admin/people has no row (or several) in AuthorisationMatrix.tsv"
                ])
        }
    }

    @Test func thePolicyGivesEachActorWhatTheMatrixSays() throws {
        for row in try Self.load().routes {
            let action = try #require(Action(rawValue: row.action), "unknown action \(row.action)")
            for name in Self.actors {
                let decision = Self.expected(Policy.decide(Self.actor(name), action))
                #expect(decision == row.expected[name], "\(row.key) as \(name): policy says \(decision)")
            }
        }
    }

    @Test func ownershipDecidesObjectLevelActionsForEveryRole() throws {
        for object in try Self.load().objects {
            let action = try #require(Action(rawValue: object.action))
            for role in Role.allCases {
                let actor = try #require(Self.actor(role.rawValue))
                #expect(Self.expected(Policy.decide(actor, action, on: .ownedBy(actor.personID))) == object.own)
                #expect(Self.expected(Policy.decide(actor, action, on: .ownedBy(UUID()))) == object.other)
            }
        }
    }

    /// The rows of one record section of the matrix ("case", "peer", "induction"): an action, a standing, and what
    /// a person holding only each role gets.
    static func recordRows(_ section: String) throws -> [(action: String, standing: String, expected: [String: String])]
    {
        let text = try String(
            contentsOfFile: TestPaths.repositoryRoot + "Tests/CairnServerTests/AuthorisationMatrix.tsv", encoding: .utf8
        )
        let roles = Role.allCases.map(\.rawValue)
        var rows: [(action: String, standing: String, expected: [String: String])] = []
        for line in text.split(separator: "\n") {
            let cells: [String] = line.split(separator: "\t").map(String.init)
            guard cells.first == section, cells.count == 3 + roles.count, cells[1] != "action" else { continue }
            let expected: [String: String] = Dictionary(uniqueKeysWithValues: zip(roles, Array(cells[3...])))
            rows.append((action: cells[1], standing: cells[2], expected: expected))
        }
        return rows
    }

    /// Checks one record section: for each row, what the policy gives a person holding only each role, on the
    /// resource `resource(standing, actor)` makes; an unknown action or standing fails the check.
    static func checkRecordSection(
        _ section: String, atLeast minimum: Int, resource: (String, Actor) -> Policy.Resource?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let rows = try recordRows(section)
        #expect(rows.count >= minimum, sourceLocation: sourceLocation)
        for row in rows {
            let action = try #require(
                Action(rawValue: row.action), "unknown action \(row.action)", sourceLocation: sourceLocation)
            for role in Role.allCases {
                let actor = try #require(Self.actor(role.rawValue), sourceLocation: sourceLocation)
                let standing = try #require(
                    resource(row.standing, actor), "unknown standing \(row.standing)", sourceLocation: sourceLocation)
                let decision = expected(Policy.decide(actor, action, on: standing))
                #expect(
                    decision == row.expected[role.rawValue],
                    "\(row.action) \(row.standing) as \(role.rawValue): policy says \(decision)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    /// The "case" rows: how an actor stands to one case (or the person a case would be given to) for each role.
    static func caseRows() throws -> [(action: String, standing: String, expected: [String: String])] {
        try recordRows("case")
    }

    static func resource(_ standing: String) -> Policy.Resource? {
        func relation(assigned: Bool = false, other: Bool = false, glass: Bool = false, here: Bool = true)
            -> Policy.CaseRelationship
        {
            Policy.CaseRelationship(
                isAssignedCaseManager: assigned, isTheClinician: false, isSameOrganisation: here,
                hasOpenBreakGlass: glass, isAssignedToSomeone: assigned || other)
        }
        let manager = Policy.Assignee(isCaseManagerHere: true, isTheActor: false)
        switch standing {
        case "unassigned": return .supportCase(relation())
        case "assigned_to_another": return .supportCase(relation(other: true))
        case "assigned_to_oneself": return .supportCase(relation(assigned: true))
        case "assigned_to_another_glass_broken": return .supportCase(relation(other: true, glass: true))
        case "other_organisation": return .supportCase(relation(here: false))
        case "other_organisation_glass_broken": return .supportCase(relation(other: true, glass: true, here: false))
        case "to_a_case_manager": return .caseAllocation(relation(), manager)
        case "to_oneself": return .caseAllocation(relation(), .init(isCaseManagerHere: true, isTheActor: true))
        case "to_someone_not_a_case_manager":
            return .caseAllocation(relation(), .init(isCaseManagerHere: false, isTheActor: false))
        default: return nil
        }
    }

    @Test func whoMayChangeWhoReadsACaseIsDecidedOnTheRecordAsTheMatrixSays() throws {
        let rows = try Self.caseRows()
        #expect(rows.count >= 14)
        for row in rows {
            let action = try #require(Action(rawValue: row.action), "unknown action \(row.action)")
            var resource = try #require(Self.resource(row.standing), "unknown standing \(row.standing)")
            if row.action == "allocate_referral", row.standing == "other_organisation" {
                resource = .caseAllocation(
                    Policy.CaseRelationship(
                        isAssignedCaseManager: false, isTheClinician: false, isSameOrganisation: false),
                    .init(isCaseManagerHere: true, isTheActor: false))
            }
            for role in Role.allCases {
                let decision = Self.expected(Policy.decide(Self.actor(role.rawValue), action, on: resource))
                #expect(
                    decision == row.expected[role.rawValue],
                    "\(row.action) on a case \(row.standing) as \(role.rawValue): policy says \(decision)")
            }
        }
    }

    @Test func everyActionHasAnAnswerForEveryActor() {
        // Deny by default means a new action must be decided on purpose; this lists them all once.
        for action in Action.allCases {
            for name in Self.actors {
                _ = Policy.decide(Self.actor(name), action)
            }
        }
        #expect(Action.allCases.count == Set(Action.allCases.map(\.rawValue)).count)
    }

    @Test func realRequestsAgreeWithTheMatrix() async throws {
        let matrix = try Self.load()
        try await withCairn { app in
            for name in Self.actors {
                let browser = TestBrowser(app)
                var bearer: String?
                if let role = Role(rawValue: name) {
                    let person = try await app.makePerson([role])
                    try await browser.signIn(person)
                    // Made directly: the page would need a second sign-in, and a TOTP code works only once.
                    bearer = try await APITokenService(database: app.db, now: Date())
                        .create(personID: person.id, name: "matrix", lifetimeDays: 1).secret
                }
                // Single sign-on answers 404 without a provider; its rows are the policy's (checked above), and
                // the browser journey test_single_sign_on.py sends them against a real provider.
                for row in matrix.routes
                where row.method == "GET" && !row.path.contains(":") && !row.path.hasPrefix("/sign-in/single-sign-on") {
                    let page: TestBrowser.Page
                    if row.path.hasPrefix("/api/v1/") {
                        let api = TestBrowser(app)
                        if let bearer { api.headers.replaceOrAdd(name: .authorization, value: "Bearer \(bearer)") }
                        page = try await api.get(row.path)
                    } else {
                        page = try await browser.get(row.path)
                    }
                    let seen: String
                    switch page.status {
                    case .forbidden: seen = "deny"
                    case .unauthorized: seen = "sign-in"
                    case .seeOther
                    where page.location?.hasPrefix("/sign-in") == true && row.expected[name] == "sign-in":
                        seen = "sign-in"
                    default: seen = page.status.code < 400 ? "allow" : "error \(page.status.code)"
                    }
                    #expect(seen == row.expected[name], "GET \(row.path) as \(name): got \(page.status.code)")
                }
            }
        }
    }

    @Test func aRouteThatActsOnARecordWithoutSayingHowToLoadItStopsStartUp() async throws {
        try await withCairn { app in
            try CairnApp.requireRecordLoaders(app.routes.all)
            app.routes.on(.caseNotes(nil), .PUT, action: .workOnCase) { _ in HTTPStatus.ok }
            #expect(RecordLoader.routesWithoutLoader(app.routes.all) == ["PUT /cases/:caseID/notes"])
            #expect(throws: RouteDeclarationError.self) { try CairnApp.requireRecordLoaders(app.routes.all) }
        }
    }

    @Test func theGateRefusesARecordBeforeTheHandlerRunsAndAuditsIt() async throws {
        try await withCairn { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            let ran = ManagedAtomicFlag()
            let route = app.routes.on(.caseNotes(nil), .PUT, action: .workOnCase, record: CaseAccess.loader()) { _ in
                ran.set()
                return HTTPStatus.ok
            }
            #expect(route.recordLoader != nil)
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            try await manager.get("/account")
            let id = try record.requireID().uuidString.lowercased()
            let page = try await manager.send(.PUT, "/cases/\(id)/notes", body: "_csrf=\(manager.csrfToken ?? "")")
            #expect(page.status == .notFound)
            #expect(!ran.isSet)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "work_on_case").filter(
                    \.$outcome == "denied"
                )
                .count() == 1)
        }
    }

    @Test func aRouteWithoutAnActionIsRefused() async throws {
        try await withCairn { app in
            app.get("undeclared") { _ in "should never be served" }
            try await app.testing().test(.GET, "/undeclared") { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}

final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
