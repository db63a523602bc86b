import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/sign-in/single-sign-on` and its callback: signing in through the organisation's OpenID provider. Both answer
/// 404 when no provider is configured.
package struct SingleSignOnController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.singleSignOn, action: .signIn, use: begin)
        routes.on(.singleSignOnCallback, action: .signIn, use: callback)
    }

    /// The browser's half of a sign-in under way: the PKCE verifier, which never leaves this browser and Cairn.
    static func cookieName(for configuration: CairnConfiguration) -> String {
        configuration.baseURL.scheme == "https" ? "__Host-cairn-sso" : "cairn_sso"
    }

    @Sendable func begin(request: Request) async throws -> Response {
        guard let provider = request.application.openIDProvider else { throw Abort(.notFound) }
        if request.actor?.isFullySignedIn == true { return request.redirect(to: SiteURL.account.path) }
        let service = SingleSignOnService(context: ServiceContext(request), provider: provider, client: request.client)
        let next = try? request.query.get(String.self, at: "next")
        let beginning: SingleSignOnService.Beginning
        do {
            beginning = try await service.begin(next: next)
        } catch let refusal as SingleSignOnRefusal {
            request.logger.notice("single sign-on could not begin", metadata: ["reason": .string(refusal.code)])
            return try await refused(refusal, status: .serviceUnavailable, request: request)
        }
        let response = request.redirect(to: beginning.authorisationURL)
        response.cookies[Self.cookieName(for: request.application.cairn.configuration)] = cookie(
            beginning.browserSecret, request: request)
        return response
    }

    @Sendable func callback(request: Request) async throws -> Response {
        guard let provider = request.application.openIDProvider else { throw Abort(.notFound) }
        let service = SingleSignOnService(context: ServiceContext(request), provider: provider, client: request.client)
        let name = Self.cookieName(for: request.application.cairn.configuration)
        let secret = request.cookies[name]?.string
        let outcome: SingleSignOnService.Outcome
        if let error = try? request.query.get(String.self, at: "error") {
            // The person said no at the provider, or the provider could not sign them in.
            let code = "provider_error_" + String(error.filter { $0.isLetter || $0 == "_" }.prefix(40))
            try await request.audit(
                AccountsAudit.singleSignOnRefused, resourceType: .session, outcome: .denied, reason: code)
            outcome = .refused(
                SingleSignOnRefusal(
                    code,
                    "Your organisation's sign-in service did not sign you in (it said \"\(error.prefix(40))\"). "
                        + "Try again, or sign in with your Cairn password."))
        } else if let state = try? request.query.get(String.self, at: "state"),
            let code = try? request.query.get(String.self, at: "code"), (1...2_000).contains(state.count),
            (1...4_000).contains(code.count)
        {
            outcome = try await service.complete(stateValue: state, code: code, browserSecret: secret)
        } else {
            try await request.audit(
                AccountsAudit.singleSignOnRefused, resourceType: .session, outcome: .denied,
                reason: "missing_parameters")
            outcome = .refused(
                SingleSignOnRefusal("missing_parameters", "This address is not a complete sign-in. Sign in again."))
        }
        let response: Response
        switch outcome {
        case .signedIn(let personID, let needsSecondFactor, let next):
            response = try await SignInController().startSession(
                personID: personID, needsSecondFactor: needsSecondFactor, next: next, singleSignOn: true,
                request: request)
        case .refused(let refusal):
            response = try await refused(refusal, status: .badRequest, request: request)
        }
        // One sign-in, one use: the browser's half goes whatever happened.
        response.cookies[name] = expiredCookie(request: request)
        return response
    }

    private func refused(_ refusal: SingleSignOnRefusal, status: HTTPStatus, request: Request) async throws
        -> Response
    {
        let model = SignInPages.SignIn(
            csrf: request.csrfToken, singleSignOnName: request.application.cairn.configuration.singleSignOn?.name,
            singleSignOnProblem: refusal.message)
        let response = try await request.page("Error: Sign in", SignInPages.signIn(model)).encodeResponse(
            for: request)
        response.status = status
        return response
    }

    private func cookie(_ value: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: Int(SingleSignOnService.attemptLifetime), domain: nil, path: "/",
            isSecure: request.application.cairn.configuration.baseURL.scheme == "https", isHTTPOnly: true,
            sameSite: .lax)
    }

    private func expiredCookie(request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: request.application.cairn.configuration.baseURL.scheme == "https", isHTTPOnly: true,
            sameSite: .lax)
    }
}
