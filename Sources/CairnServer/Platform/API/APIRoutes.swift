import CairnAPI
import OpenAPIRuntime
import OpenAPIVapor
import Vapor

/// The JSON API under `/api/v1`, served by the types swift-openapi-generator makes from `openapi.yaml`.
///
/// Each feature implements its operations in an extension of `APIHandler` in its own folder
/// (e.g. `Features/Organisations/OrganisationAPI.swift`), calling the same service as its pages.
enum APIRoutes {
    static func register(on app: Application) throws {
        let api = app.grouped(RequestInjection())
        try APIHandler().registerHandlers(on: VaporTransport(routesBuilder: api), serverURL: URL(string: "/")!)
        for route in app.routes.all where route.path.prefix(2).map(\.description) == ["api", "v1"] {
            route.userInfo[PolicyGate.actionKey] =
                actions["\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"]
        }
    }

    /// The action each API operation performs, as the policy knows it. An operation missing here is refused by
    /// `PolicyGate`, and the authorisation matrix test fails.
    static let actions: [String: Action] = [
        "GET /api/v1/organisation": .readOrganisation,
        "GET /api/v1/me": .readOwnProfile,
    ]
}

/// Implements the generated `APIProtocol`; the request it serves is reachable through `APIRequest.current`.
struct APIHandler: APIProtocol {}

/// The Vapor request behind the generated handler currently running (the generator hides it).
enum APIRequest {
    @TaskLocal static var current: Request?

    static func require() throws -> Request {
        guard let request = current else { throw Abort(.internalServerError) }
        return request
    }
}

/// Makes the Vapor request reachable from generated handlers (swift-openapi-vapor's request injection).
struct RequestInjection: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await APIRequest.$current.withValue(request) {
            try await next.respond(to: request)
        }
    }
}
