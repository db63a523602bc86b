import Foundation
import Testing
import Vapor

@testable import CairnPlatform
@testable import CairnServer

/// API parity (issue #14 item 1): `APIParity.tsv` says, for every page action that changes something, which API
/// operation does the same, or why only a person in a browser does it, or that it is not in the API yet. A new page
/// action without its row fails here, so the gap can only shrink on purpose.
@Suite("API parity with the pages")
struct APIParityTests {
    struct Row: Equatable {
        var route: String
        var kind: String
        var detail: String
    }

    static func load() throws -> [Row] {
        let text = try String(
            contentsOfFile: TestPaths.repositoryRoot + "Tests/CairnServerTests/APIParity.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(route: cells[0], kind: cells.count > 1 ? cells[1] : "", detail: cells.count > 2 ? cells[2] : "")
        }
    }

    /// What is wrong between the registered routes and the parity rows; empty when they agree.
    static func problems(routes: [Route], rows: [Row]) -> [String] {
        func key(_ route: Route) -> String {
            "\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"
        }
        let pageActions = Set(
            routes.filter { ![.GET, .HEAD, .OPTIONS].contains($0.method) && $0.path.first?.description != "api" }
                .map(key))
        let operations = Set(routes.filter { $0.path.first?.description == "api" }.map(key))
        var problems: [String] = []
        var seen: Set<String> = []
        for row in rows {
            if !seen.insert(row.route).inserted { problems.append("\(row.route) has two rows") }
            if !pageActions.contains(row.route) { problems.append("\(row.route) is a row for no page action") }
            switch row.kind {
            case "api" where !operations.contains(row.detail):
                problems.append("\(row.route) names \"\(row.detail)\", which is no API operation")
            case "page-only" where row.detail.split(separator: " ").count < 5:
                problems.append("\(row.route) is page-only without a reason")
            case "gap" where !row.detail.contains("#"):
                problems.append("\(row.route) is a gap without its issue")
            case "api", "page-only", "gap": break
            default: problems.append("\(row.route) has the unknown kind \"\(row.kind)\"")
            }
        }
        for action in pageActions.subtracting(seen).sorted() {
            problems.append("\(action) has no row in APIParity.tsv: name its API operation, or why it is page-only")
        }
        return problems
    }

    @Test func everyPageActionHasItsAPIOperationOrAReason() async throws {
        try await withCairn { app in
            let rows = try Self.load()
            #expect(Self.problems(routes: app.routes.all, rows: rows) == [])
            // Where things stand, for the note on issue #14.
            let kinds = Dictionary(grouping: rows, by: \.kind).mapValues(\.count)
            print(
                "API parity: \(kinds["api"] ?? 0) in the API, \(kinds["page-only"] ?? 0) page-only, "
                    + "\(kinds["gap"] ?? 0) not yet")
        }
    }

    @Test func theCheckCatchesEachKindOfMistake() async throws {
        try await withCairn { app in
            var rows = try Self.load()
            let dropped = rows.removeFirst()
            rows.append(Row(route: "POST /nowhere", kind: "gap", detail: "issue #14"))
            rows.append(Row(route: rows[0].route, kind: "api", detail: "POST /api/v1/nothing"))
            rows[1].kind = "page-only"
            rows[1].detail = "because"
            let problems = Self.problems(routes: app.routes.all, rows: rows)
            #expect(
                problems.contains(
                    "\(dropped.route) has no row in APIParity.tsv: name its API operation, or why it is page-only"))
            #expect(problems.contains("POST /nowhere is a row for no page action"))
            #expect(problems.contains("\(rows[0].route) has two rows"))
            #expect(problems.contains("\(rows[0].route) names \"POST /api/v1/nothing\", which is no API operation"))
            #expect(problems.contains("\(rows[1].route) is page-only without a reason"))
        }
    }
}
