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
        try APIHandler().registerHandlers(
            on: VaporTransport(routesBuilder: api), serverURL: URL(string: "/")!,
            configuration: Configuration(dateTranscoder: RFC3339DateTranscoder()))
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
        "POST /api/v1/mentoring/programmes/:programmeId/matching-runs/:runId/changes": .runMentoringProgrammes,
        "GET /api/v1/mentoring/pairs/:pairId/evaluation": .workInMentoringPair,
        "POST /api/v1/mentoring/pairs/:pairId/evaluation": .workInMentoringPair,
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

/// Reads every RFC 3339 date-time (`2026-12-10T14:30:00Z`, `…00.5+01:00`), with or without fractional seconds, as
/// JSON Schema's `date-time` allows; writes without them. The generator's default reads only one of the two forms.
struct RFC3339DateTranscoder: DateTranscoder, @unchecked Sendable {
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

    func encode(_ date: Date) throws -> String {
        lock.withLock { whole.string(from: date) }
    }

    func decode(_ text: String) throws -> Date {
        guard let date = lock.withLock({ whole.date(from: text) ?? fractional.date(from: text) }) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "Expected an RFC 3339 date-time, like 2026-12-10T14:30:00Z."))
        }
        return date
    }
}
