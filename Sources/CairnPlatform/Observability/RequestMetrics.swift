import Prometheus
import Vapor

/// Counts and times every request by route pattern, method and status, and logs one line per request.
///
/// Never by raw path: paths carry identifiers and tokens (a calendar feed, a reset link), and a label per
/// path would also grow without bound.
public struct RequestMetrics: AsyncMiddleware {
    package let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    package static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5),
    ]

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // The error responder sits inside this middleware; anything reaching here is counted as a 500.
            record(request: request, status: 500, elapsed: ContinuousClock.now - start)
            throw error
        }
        record(request: request, status: Int(response.status.code), elapsed: ContinuousClock.now - start)
        return response
    }

    private func record(request: Request, status: Int, elapsed: Duration) {
        let route = Self.routePattern(of: request)
        let labels = [("route", route), ("method", request.method.rawValue), ("status", String(status))]
        registry.makeCounter(name: "cairn_http_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(
            name: "cairn_http_request_duration_seconds",
            labels: [("route", route), ("method", request.method.rawValue)],
            buckets: Self.buckets
        ).record(elapsed)
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
        request.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(status), "ms": .string(String(format: "%.1f", milliseconds)),
            ])
    }

    /// The registered pattern (`/cases/:caseID`), or a fixed label for requests that matched no route.
    package static func routePattern(of request: Request) -> String {
        guard let route = request.route else {
            return Self.isStatic(request.url.path) ? "static" : "unmatched"
        }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }

    package static func isStatic(_ path: String) -> Bool {
        SecurityHeaders.staticPrefixes.contains { path.hasPrefix($0) }
    }
}
