import Vapor

/// Routes carry the action they perform; `PolicyGate` reads it before any handler runs.
extension RoutesBuilder {
    @discardableResult
    package func on<Response: AsyncResponseEncodable>(
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
    package var action: Action? { userInfo[PolicyGate.actionKey] as? Action }
}

/// Asks `Policy` about the route's declared action for every matched request; for a route that acts on one record,
/// loads it and asks again with the actor's standing to it (`RecordLoader`).
package struct PolicyGate: AsyncMiddleware {
    package static let actionKey = "cairn.action"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        guard let action = route.action else {
            request.logger.error("route declares no action: refused", metadata: ["route": "\(route.description)"])
            throw Abort(.forbidden)
        }
        switch Policy.decide(request.actor, action) {
        case .allow:
            if let loader = route.recordLoader, let refused = try await loader.authorise(request, action: action) {
                return refused
            }
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

    package init() {}
}

/// Only local paths may be the target after sign-in (no open redirect, no header injection). The target is parsed,
/// not pattern-matched: a path of the characters a URL path and query may hold, which neither as typed nor once
/// percent-decoded carries a control character or a backslash, or begins a network path (`//host`, `/\host`).
package enum SignInRedirect {
    package static func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_")))
            ?? "/"
    }

    /// RFC 3986's unreserved and sub-delimiter characters, with ":", "@", "/", "?" and "%" (for escapes).
    private static let allowed = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%".unicodeScalars)

    package static func safeTarget(_ raw: String?) -> String {
        guard let raw, let target = localPath(raw) else { return SiteURL.account.path }
        return target
    }

    /// The local path `raw` names, or nil if it is anything else.
    package static func localPath(_ raw: String) -> String? {
        guard !raw.isEmpty, raw.count <= 2_000, raw.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        // Every layer of percent-encoding is looked through: what a browser or a proxy might decode must be safe too.
        var decoded = raw
        for _ in 0..<3 {
            guard let next = decoded.removingPercentEncoding else { return nil }
            if next == decoded { break }
            decoded = next
        }
        for form in [raw, decoded] {
            guard form.hasPrefix("/"), !form.hasPrefix("//"), !form.hasPrefix("/\\"),
                !form.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" })
            else { return nil }
        }
        guard let components = URLComponents(string: raw), components.scheme == nil, components.host == nil,
            components.path.hasPrefix("/")
        else { return nil }
        return raw
    }
}
