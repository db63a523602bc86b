import Vapor

/// Routes carry the action they perform; `PolicyGate` reads it before any handler runs.
extension RoutesBuilder {
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ url: SiteURL, _ method: HTTPMethod = .GET, action: Action,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(method, url.pathComponents, use: handler)
        route.userInfo[PolicyGate.actionKey] = action
        return route
    }
}

extension Route {
    /// The action this route declared, if it declared one.
    var action: Action? { userInfo[PolicyGate.actionKey] as? Action }
}

/// Asks `Policy` about the route's declared action for every matched request. Object-level checks (whose
/// record is it?) happen again in the service, with the resource.
struct PolicyGate: AsyncMiddleware {
    static let actionKey = "cairn.action"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        guard let action = route.action else {
            request.logger.error("route declares no action: refused", metadata: ["route": "\(route.description)"])
            throw Abort(.forbidden)
        }
        switch Policy.decide(request.actor, action) {
        case .allow:
            return try await next.respond(to: request)
        case .signInRequired:
            if ErrorResponder.wantsProblem(request) { throw Abort(.unauthorized) }
            return request.redirect(to: SiteURL.signIn.path + "?next=" + SignInRedirect.encode(request.url.path))
        case .secondFactorRequired:
            if ErrorResponder.wantsProblem(request) { throw Abort(.unauthorized) }
            return request.redirect(to: SiteURL.secondFactor.path)
        case .deny:
            throw Abort(.forbidden)
        }
    }
}

/// Only local paths may be the target after sign-in (no open redirect).
enum SignInRedirect {
    static func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_")))
            ?? "/"
    }

    static func safeTarget(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.contains("://") else {
            return SiteURL.account.path
        }
        return raw
    }
}
