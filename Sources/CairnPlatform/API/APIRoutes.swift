import CairnAPI
import OpenAPIRuntime
import OpenAPIVapor
import Vapor

/// The JSON API under `/api/v1`, served by the types swift-openapi-generator makes from `openapi.yaml`.
///
/// Each feature implements its operations in an extension of `APIHandler` in its own folder
/// (e.g. `Features/Organisations/OrganisationAPI.swift`), calling the same service as its pages.
package enum APIRoutes {
    /// `loaders` say, by path parameter name, how an operation that acts on one record loads it for the gate.
    package static func register(
        _ handler: some APIProtocol, on app: Application, loaders: [String: RecordLoader]
    ) throws {
        let api = app.grouped(RequestInjection(), IdempotencyKeys())
        try handler.registerHandlers(
            on: VaporTransport(routesBuilder: api), serverURL: URL(string: "/")!,
            configuration: Configuration(dateTranscoder: RFC3339DateTranscoder()))
        let contract = app.directory.workingDirectory + "openapi.yaml"
        let actions: [String: Action]
        do {
            actions = try Self.actions(
                contract: try String(contentsOfFile: contract, encoding: .utf8), catalogue: app.cairn.actions)
        } catch let problem as ContractProblem {
            throw ConfigurationError("CAIRN_RESOURCES_DIR", "holds an openapi.yaml that \(problem.text).")
        } catch {
            throw ConfigurationError("CAIRN_RESOURCES_DIR", "has no readable openapi.yaml at \"\(contract)\".")
        }
        for route in app.routes.all where route.path.prefix(2).map(\.description) == ["api", "v1"] {
            let action = actions["\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"]
            route.userInfo[PolicyGate.actionKey] = action
            guard action?.isDecidedOnARecord == true else { continue }
            for case .parameter(let name) in route.path {
                if let loader = loaders[name] { route.recordLoader = loader }
            }
        }
    }

    package struct ContractProblem: Error, Equatable {
        package var text: String
    }

    /// The action each operation performs, as its `x-cairn-action` in the contract names it, keyed by
    /// "METHOD /path/:param" as Vapor registers it. An operation without one, or naming an action the policy does
    /// not know, stops start-up: the action sits next to its operation, in one place.
    package static func actions(contract: String, catalogue: ActionCatalogue) throws(ContractProblem) -> [String:
        Action]
    {
        var actions: [String: Action] = [:]
        var path: String?
        var operation: (key: String, id: String)?
        func close() throws(ContractProblem) {
            if let operation, actions[operation.key] == nil {
                throw ContractProblem(text: "gives operation \(operation.id) no x-cairn-action")
            }
        }
        for line in contract.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            if text.hasPrefix("  /"), text.hasSuffix(":"), !text.hasPrefix("   ") {
                try close()
                operation = nil
                path = String(text.dropFirst(2).dropLast())
                    .replacingOccurrences(of: #"\{([A-Za-z]+)\}"#, with: ":$1", options: .regularExpression)
            } else if let path, text.hasPrefix("    "), !text.hasPrefix("     "), text.hasSuffix(":"),
                let method = HTTPMethod.contractMethods[String(text.dropFirst(4).dropLast())]
            {
                try close()
                operation = ("\(method.rawValue) \(path)", "\(method.rawValue) \(path)")
            } else if text.hasPrefix("paths:") == false, !text.hasPrefix(" "), !text.isEmpty, path != nil {
                try close()
                operation = nil
                path = nil
            } else if let current = operation, text.hasPrefix("      operationId: ") {
                operation = (current.key, String(text.dropFirst("      operationId: ".count)))
            } else if let current = operation, text.hasPrefix("      x-cairn-action: ") {
                let name = String(text.dropFirst("      x-cairn-action: ".count)).trimmingCharacters(in: .whitespaces)
                guard let action = catalogue.action(named: name) else {
                    throw ContractProblem(text: "names an unknown action \"\(name)\" for \(current.id)")
                }
                actions[current.key] = action
            }
        }
        try close()
        return actions
    }
}

extension HTTPMethod {
    /// The operation keys an OpenAPI path item may hold.
    fileprivate static let contractMethods: [String: HTTPMethod] = [
        "get": .GET, "post": .POST, "put": .PUT, "patch": .PATCH, "delete": .DELETE,
    ]
}

/// Implements the generated `APIProtocol`: each feature adds its operations in an extension in its own target, and
/// the app, which sees them all, declares the conformance. The request it serves is reachable through
/// `APIRequest.current`.
package struct APIHandler {
    package init() {}
}

/// The Vapor request behind the generated handler currently running (the generator hides it).
package enum APIRequest {
    @TaskLocal package static var current: Request?

    package static func require() throws -> Request {
        guard let request = current else { throw Abort(.internalServerError) }
        return request
    }
}

/// Makes the Vapor request reachable from generated handlers (swift-openapi-vapor's request injection), and
/// refuses JSON `null`: no schema here allows it, and the generated decoder would read it as "absent".
package struct RequestInjection: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Every body is read within the limit, whatever its Content-Type says (a 413 beyond it), and a body that is
        // not declared JSON (in any letter case) is refused before a decoder guesses at it.
        if ![.GET, .HEAD, .OPTIONS].contains(request.method),
            let body = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get(),
            body.readableBytes > 0
        {
            let subType = request.headers.contentType?.subType.lowercased()
            guard request.headers.contentType?.type.lowercased() == "application", subType == "json" else {
                throw Abort(.unsupportedMediaType, reason: "Send the body as application/json.")
            }
            if let object = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) {
                if Self.containsNull(object) {
                    throw Abort(.badRequest, reason: "null is not a value in this API: leave the field out instead.")
                }
                if let fields = object as? [String: Any] {
                    let problems = Self.contractProblems(fields)
                    if !problems.isEmpty { throw ValidationFailure(problems) }
                }
            }
        }
        // Every list's `page` is 1 to 100,000 (the contract says so on each; a contract check keeps it so): checked
        // here once, so no list can forget and answer a page the contract calls invalid.
        if let page = request.url.query.flatMap({ Self.queryValue("page", in: $0) }) {
            _ = try Paging.requested(byClient: Int(page) ?? 0)
        }
        return try await APIRequest.$current.withValue(request) {
            try await next.respond(to: request)
        }
    }

    /// What the contract says of every request body and the generated decoder does not check, in one place so no
    /// operation has to remember: a field named `…Id` (or a list named `…Ids`) holds UUIDs, and `version` (the version
    /// a client read, for a conditional change) is a whole number from 1 to 1,000,000. Each is a 422 naming the field.
    package static func contractProblems(_ fields: [String: Any]) -> FormErrors {
        var problems = FormErrors()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            if key.hasSuffix("Id"), let text = value as? String, UUID(uuidString: text) == nil {
                problems.add("/\(key)", "Give the id as a UUID, like 3f2b8e1c-0d4a-4b6e-9c1f-2a7d5e8b9c0d")
            }
            if key.hasSuffix("Ids"), let list = value as? [Any],
                list.contains(where: { ($0 as? String).flatMap(UUID.init(uuidString:)) == nil })
            {
                problems.add("/\(key)", "Give each id as a UUID, like 3f2b8e1c-0d4a-4b6e-9c1f-2a7d5e8b9c0d")
            }
            if key == "version", let number = value as? NSNumber {
                let whole = number.doubleValue.rounded(.towardZero) == number.doubleValue
                if !whole || number.doubleValue < 1 || number.doubleValue > 1_000_000 {
                    problems.add("/version", "Send the version you read: a whole number from 1 to 1,000,000")
                }
            }
        }
        return problems
    }

    /// The raw value of a query parameter (the first), percent-decoded.
    static func queryValue(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init)?.removingPercentEncoding == name {
                return parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : ""
            }
        }
        return nil
    }

    package static func containsNull(_ value: Any) -> Bool {
        switch value {
        case is NSNull: true
        case let dictionary as [String: Any]: dictionary.values.contains(where: containsNull)
        case let array as [Any]: array.contains(where: containsNull)
        default: false
        }
    }
}

/// Reads every RFC 3339 date-time (`2026-12-10T14:30:00Z`, `…00.5+01:00`), with or without fractional seconds, as
/// JSON Schema's `date-time` allows; writes without them. The generator's default reads only one of the two forms.
package struct RFC3339DateTranscoder: DateTranscoder, @unchecked Sendable {
    private let lock = NSLock()
    private let whole: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
    private let fractional: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    package func encode(_ date: Date) throws -> String {
        lock.withLock { whole.string(from: date) }
    }

    package func decode(_ text: String) throws -> Date {
        guard let date = lock.withLock({ whole.date(from: text) ?? fractional.date(from: text) }) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "Expected an RFC 3339 date-time, like 2026-12-10T14:30:00Z."))
        }
        return date
    }
}
