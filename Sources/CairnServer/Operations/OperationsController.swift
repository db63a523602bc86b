import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent
import Foundation
import Prometheus
import Vapor

/// `/healthz` (alive), `/readyz` (database answers, migrations current), `/metrics` (Prometheus text).
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.healthz, action: .checkOperations, use: healthz)
        routes.on(.readyz, action: .checkOperations, use: readyz)
        routes.on(.metrics, action: .checkOperations, use: metrics)
        routes.on(.openAPISpec, action: .viewPublicPage, use: openAPISpec)
    }

    struct Status: Content {
        var status: String
        var checks: [String: String]
    }

    @Sendable func healthz(request: Request) async throws -> Status {
        Status(status: "ok", checks: [:])
    }

    @Sendable func readyz(request: Request) async throws -> Response {
        let readiness = await Readiness.check(database: request.db, features: request.application.cairn.features)
        let body = Status(status: readiness.isReady ? "ready" : "not ready", checks: readiness.checks)
        return try await body.encodeResponse(status: readiness.isReady ? .ok : .serviceUnavailable, for: request)
    }

    @Sendable func metrics(request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(
            status: .ok, headers: headers, body: .init(string: request.application.cairn.metrics.emitToString()))
    }

    @Sendable func openAPISpec(request: Request) async throws -> Response {
        let path = request.application.directory.workingDirectory + "openapi.yaml"
        guard let data = FileManager.default.contents(atPath: path) else { throw Abort(.notFound) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

/// Whether this process can serve: the database answers and has every migration this build knows.
struct Readiness {
    var checks: [String: String]
    var isReady: Bool

    static func check(database: any Database, features: [any Feature]) async -> Readiness {
        do {
            let pending = try await MigrationStatus.pending(on: database, features: features)
            if pending.isEmpty { return Readiness(checks: ["database": "ok", "migrations": "current"], isReady: true) }
            return Readiness(
                checks: ["database": "ok", "migrations": "\(pending.count) pending"], isReady: false)
        } catch {
            return Readiness(checks: ["database": "unavailable", "migrations": "unknown"], isReady: false)
        }
    }
}
