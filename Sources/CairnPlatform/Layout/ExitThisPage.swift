import Vapor

/// Pages a person may need to leave in a hurry (asking for support, their own support): the layout draws "Exit this
/// page" at the top, which replaces the page with a neutral one (and Shift pressed three times does the same, with the
/// script). A feature marks a group of routes with this middleware, so no single page has to remember it.
package struct ExitThisPage: AsyncMiddleware {
    /// Where "Exit this page" goes: a neutral page, as GOV.UK's pattern suggests.
    package static let destination = "https://www.bbc.co.uk/weather"

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.offersExitThisPage = true
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct ExitThisPageKey: StorageKey {
        typealias Value = Bool
    }

    /// Set by `ExitThisPage` for the routes it guards.
    package var offersExitThisPage: Bool {
        get { storage[ExitThisPageKey.self] ?? false }
        set { storage[ExitThisPageKey.self] = newValue }
    }
}
