import Foundation
import Plot
import Vapor

/// A sentence a page says once an action has worked ("The note is added to the case."), named in the address the
/// browser is sent to (`?notice=<code>`). Only notices routes declare are ever shown, so an address cannot make a
/// page say anything else.
package struct Notice: Sendable, Hashable {
    package let code: String
    package let message: String

    package init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// What a form's route tells the person once it has worked. Every route a browser form posts to declares one
/// (`RoutesBuilder.on(_:_:action:after:use:)`; a test walks every route), and `AfterActionGate` adds the notice to
/// the redirect the handler answers, so no handler has to remember to and none can say an undeclared one.
package enum AfterAction: Sendable {
    /// The page the browser lands on says the first notice, or another of these that the handler names
    /// (`Request.redirect(to:notice:)`) when the outcome needs its own words.
    case confirms([Notice])
    /// Nothing is said, for the reason given: the next step of a flow, a file, the sign-in pages (which say their
    /// own), JSON for a script.
    case quiet(String)

    /// The route's notice: `code` named in the address, `message` said on the page.
    package static func says(_ code: String, _ message: String, or others: Notice...) -> AfterAction {
        .confirms([Notice(code, message)] + others)
    }

    package var notices: [Notice] {
        if case .confirms(let notices) = self { return notices }
        return []
    }
}

extension Route {
    package var afterAction: AfterAction? {
        get { userInfo[AfterActionGate.key] as? AfterAction }
        set { userInfo[AfterActionGate.key] = newValue }
    }
}

extension RoutesBuilder {
    /// A route a form posts to: its action for the policy, and what the person is told once it has worked.
    @discardableResult
    package func on<Response: AsyncResponseEncodable>(
        _ url: SiteURL, _ method: HTTPMethod, action: Action, after: AfterAction,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(url, method, action: action, use: handler)
        route.afterAction = after
        return route
    }

    /// The same, for a route that acts on one record (`RecordLoader`).
    @discardableResult
    package func on<Response: AsyncResponseEncodable>(
        _ url: SiteURL, _ method: HTTPMethod, action: Action, record loader: RecordLoader, after: AfterAction,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(url, method, action: action, record: loader, use: handler)
        route.afterAction = after
        return route
    }
}

extension Request {
    /// After an action worked, to a page that says `notice` (one of those the route declares).
    package func redirect(to path: String, notice: Notice) -> Response {
        redirect(to: NoticeCatalogue.adding(notice.code, to: path))
    }

    /// A redirect from a form's route that says nothing: it did not do what was asked (the page it lands on
    /// says why) or was not an action. The gate leaves it as it is.
    package func redirect(to path: String, quietlyBecause reason: StaticString) -> Response {
        let response = redirect(to: path)
        response.storage[QuietRedirectKey.self] = true
        return response
    }

    /// The notice this page's address names, if a route declares it.
    package var shownNotice: Notice? {
        guard let code = try? query.get(String.self, at: "notice") else { return nil }
        return application.cairn.notices.notice(code)
    }
}

private struct QuietRedirectKey: StorageKey {
    typealias Value = Bool
}

/// Every notice the application's routes declare, by code, read once the routes are registered.
package struct NoticeCatalogue: Sendable {
    private let byCode: [String: Notice]

    package init(routes: [Route]) throws {
        var byCode: [String: Notice] = [:]
        for notice in routes.flatMap({ $0.afterAction?.notices ?? [] }) {
            if let known = byCode[notice.code], known.message != notice.message {
                throw NoticeCatalogueError.sameCodeTwoMessages(notice.code)
            }
            byCode[notice.code] = notice
        }
        self.byCode = byCode
    }

    package init() { byCode = [:] }

    package func notice(_ code: String) -> Notice? { byCode[code] }

    package var count: Int { byCode.count }

    /// `path` with `notice=code` in its query (replacing one already there).
    package static func adding(_ code: String, to path: String) -> String {
        guard var components = URLComponents(string: path) else { return path }
        var items = (components.queryItems ?? []).filter { $0.name != "notice" }
        items.append(URLQueryItem(name: "notice", value: code))
        components.queryItems = items
        return components.string ?? path
    }

    /// `path` without any `notice=` in its query.
    package static func removingNotice(from path: String) -> String {
        guard var components = URLComponents(string: path) else { return path }
        let items = (components.queryItems ?? []).filter { $0.name != "notice" }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? path
    }

    /// The notice code an address names, if any.
    static func code(in location: String) -> String? {
        URLComponents(string: location)?.queryItems?.first { $0.name == "notice" }?.value
    }
}

package enum NoticeCatalogueError: Error, CustomStringConvertible {
    case sameCodeTwoMessages(String)

    package var description: String {
        switch self {
        case .sameCodeTwoMessages(let code): "two routes declare the notice \"\(code)\" with different words"
        }
    }
}

/// Puts each form route's notice on the redirect its handler answers once the action has worked. A redirect that
/// names a notice its route does not declare is refused while testing (so a test shows it) and loses the notice
/// otherwise; a redirect to sign in (a lapsed session) or marked quiet is left alone; the API is never touched.
package struct AfterActionGate: AsyncMiddleware {
    static let key = "cairn.after"

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard request.method != .GET, request.method != .HEAD,
            (300..<400).contains(response.status.code), response.storage[QuietRedirectKey.self] != true,
            let route = request.route, let after = route.afterAction, case .confirms(let notices) = after,
            let location = response.headers.first(name: .location), location.hasPrefix("/")
        else { return response }
        let path = URLComponents(string: location)?.path ?? location
        guard path != SiteURL.signIn.path, path != SiteURL.secondFactor.path else { return response }
        let named = NoticeCatalogue.code(in: location)
        if let named, notices.contains(where: { $0.code == named }) { return response }
        if let named {
            request.logger.error(
                "a redirect names a notice its route does not declare", metadata: ["notice": "\(named)"])
            if request.application.environment == .testing {
                throw Abort(.internalServerError, reason: "undeclared notice \(named)")
            }
            // Outside tests the page says nothing rather than the route's first words, which may not be what
            // happened (a refusal the handler named with the wrong code must not read as success).
            response.headers.replaceOrAdd(name: .location, value: NoticeCatalogue.removingNotice(from: location))
            return response
        }
        guard let first = notices.first else { return response }
        response.headers.replaceOrAdd(name: .location, value: NoticeCatalogue.adding(first.code, to: location))
        return response
    }
}

extension PageLayout {
    /// The notice a page opens with, above its heading: a status message (read out without moving focus).
    static func noticeBanner(_ notice: Notice) -> Node<HTML.BodyContext> {
        .div(
            .class("notice notice--success"), .attr("role", "status"), .attr("data-notice", notice.code),
            .p(.text(notice.message)))
    }
}
