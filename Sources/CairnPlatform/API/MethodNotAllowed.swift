import Vapor

/// A known API path asked with a method it does not take answers 405 with `Allow`, not 404 (RFC 9110 §15.5.6).
package struct MethodNotAllowed: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.route == nil, request.url.path.hasPrefix("/api/v1/") else {
            return try await next.respond(to: request)
        }
        let segments = request.url.path.split(separator: "/").map(String.init)
        let allowed = request.application.routes.all.filter { route in
            route.path.count == segments.count
                && zip(route.path, segments).allSatisfy { component, segment in
                    if case .constant(let text) = component { return text == segment }
                    return true
                }
        }.map(\.method.rawValue)
        guard !allowed.isEmpty else { return try await next.respond(to: request) }
        throw Abort(
            .methodNotAllowed, headers: ["Allow": Set(allowed).sorted().joined(separator: ", ")],
            reason: "This resource answers \(Set(allowed).sorted().joined(separator: ", ")) only.")
    }

    package init() {}
}
