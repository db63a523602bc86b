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
        "GET /api/v1/referrals": .viewOwnSupport,
        "POST /api/v1/referrals": .requestSupport,
        "GET /api/v1/cases": .listCases,
        "GET /api/v1/cases/:caseId": .readCase,
        "POST /api/v1/cases/:caseId/transitions": .workOnCase,
        "GET /api/v1/cases/:caseId/plan-items": .readCase,
        "POST /api/v1/cases/:caseId/plan-items": .workOnCase,
        "GET /api/v1/mentoring/programmes": .runMentoringProgrammes,
        "POST /api/v1/mentoring/programmes": .runMentoringProgrammes,
        "GET /api/v1/mentoring/programmes/:programmeId": .runMentoringProgrammes,
        "POST /api/v1/mentoring/programmes/:programmeId/mentors": .runMentoringProgrammes,
        "POST /api/v1/mentoring/programmes/:programmeId/mentees": .runMentoringProgrammes,
        "POST /api/v1/mentoring/programmes/:programmeId/matching-runs": .runMentoringProgrammes,
        "GET /api/v1/mentoring/programmes/:programmeId/matching-runs/:runId": .runMentoringProgrammes,
        "POST /api/v1/mentoring/programmes/:programmeId/matching-runs/:runId/publish": .runMentoringProgrammes,
        "GET /api/v1/mentoring/sessions": .viewOwnMentoring,
        "GET /api/v1/mentoring/sessions/:sessionId": .workInMentoringPair,
        "PATCH /api/v1/mentoring/sessions/:sessionId": .workInMentoringPair,
        "POST /api/v1/mentoring/sessions/:sessionId/feedback": .workInMentoringPair,
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

/// Makes the Vapor request reachable from generated handlers (swift-openapi-vapor's request injection), and
/// refuses JSON `null`: no schema here allows it, and the generated decoder would read it as "absent".
struct RequestInjection: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.headers.contentType?.subType == "json",
            let body = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get(),
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]),
            Self.containsNull(object)
        {
            throw Abort(.badRequest, reason: "null is not a value in this API: leave the field out instead.")
        }
        return try await APIRequest.$current.withValue(request) {
            try await next.respond(to: request)
        }
    }

    static func containsNull(_ value: Any) -> Bool {
        switch value {
        case is NSNull: true
        case let dictionary as [String: Any]: dictionary.values.contains(where: containsNull)
        case let array as [Any]: array.contains(where: containsNull)
        default: false
        }
    }
}
