import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/sign-in`, `/sign-in/second-factor`, `/sign-out`.
package struct SignInController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.signIn, action: .signIn, use: showSignIn)
        routes.on(
            .signIn, .POST, action: .signIn, after: .quiet("signing in goes on to the page asked for"), use: signIn)
        routes.on(.secondFactor, action: .completeSecondFactor, use: showSecondFactor)
        routes.on(
            .secondFactor, .POST, action: .completeSecondFactor,
            after: .quiet("signing in goes on to the page asked for"),
            use: completeSecondFactor)
        routes.on(
            .signOut, .POST, action: .signOut, after: .quiet("the sign-in page says they are signed out"), use: signOut)
    }

    package struct SignInForm: Content {
        package var email: String?
        package var password: String?
        package var next: String?
    }

    @Sendable package func showSignIn(request: Request) async throws -> Response {
        if request.actor?.isFullySignedIn == true { return request.redirect(to: SiteURL.account.path) }
        let next = (try? request.query.get(String.self, at: "next")) ?? ""
        let notice = (try? request.query.get(String.self, at: "notice")).flatMap(Self.notices.index(forKey:))
            .map { Self.notices[$0].value }
        let model = SignInPages.SignIn(
            next: next, notice: notice, csrf: request.csrfToken,
            singleSignOnName: request.application.cairn.configuration.singleSignOn?.name)
        return try await request.page("Sign in", SignInPages.signIn(model)).encodeResponse(for: request)
    }

    package static let notices = [
        "signed-out": "You have signed out.",
        "verified": "Your email address is confirmed. You can now sign in.",
        "password-set": "Your password is set. Sign in with it now.",
        "expired": "You were signed out because you had not done anything for a while. Sign in again to continue.",
        "second-factor-locked":
            "Too many wrong security codes. Wait 15 minutes, then sign in again with your password and a new code.",
    ]

    @Sendable package func signIn(request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if email.isEmpty { errors.add("email", "Enter your email address") }
        if (form.password ?? "").isEmpty { errors.add("password", "Enter your password") }
        if errors.isEmpty {
            switch try await SignInService(request: request).attempt(email: email, password: form.password ?? "") {
            case .signedIn(let personID, let needsSecondFactor):
                return try await startSession(
                    personID: personID, needsSecondFactor: needsSecondFactor, next: form.next, request: request)
            case .unverified:
                errors.add("email", "Confirm your email address first: use the link we sent you when you registered")
            case .refused:
                errors.add("email", SignInService.refusalMessage)
            }
        }
        let model = SignInPages.SignIn(
            email: email, next: form.next ?? "", errors: errors, csrf: request.csrfToken,
            singleSignOnName: request.application.cairn.configuration.singleSignOn?.name)
        return try await request.page(Forms.title("Sign in", errors: errors), SignInPages.signIn(model))
            .encodeResponse(for: request)
    }

    /// A session begun, after a password or the organisation's provider: on to the second factor when it is
    /// needed, else to the page asked for or the start of their work.
    package func startSession(
        personID: UUID, needsSecondFactor: Bool, next: String?, singleSignOn: Bool = false, request: Request
    ) async throws -> Response {
        // A page they asked for (a link that sent them to sign in), or else the start of their own work.
        let asked = next.flatMap(SignInRedirect.localPath)
        let target: String
        if needsSecondFactor {
            target = SiteURL.secondFactor.path + (asked.map { "?next=" + SignInRedirect.encode($0) } ?? "")
        } else if let asked {
            target = asked
        } else {
            let roles = try await Accounts.roles(
                of: personID, in: request.application.cairn.organisation?.id ?? UUID(), on: request.db)
            target = RoleHome.start(for: roles, in: request.application.cairn.features)
        }
        let response = request.redirect(to: target)
        try await SessionStore(request: request).start(
            for: personID, secondFactorDone: !needsSecondFactor, singleSignOn: singleSignOn, response: response)
        let action: AccountsAudit =
            singleSignOn
            ? .signInSingleSignOn : needsSecondFactor ? AccountsAudit.signInPasswordOk : AccountsAudit.signIn
        try await request.audit(action, resourceType: .session, subject: personID, actorID: personID)
        return response
    }

    @Sendable package func showSecondFactor(request: Request) async throws -> Response {
        guard let actor = request.actor, let person = try await Person.find(actor.personID, on: request.db) else {
            throw Abort(.unauthorized)
        }
        if actor.isFullySignedIn { return request.redirect(to: SiteURL.account.path) }
        if person.hasSecondFactor {
            let page = SignInPages.secondFactor(.init(csrf: request.csrfToken))
            return try await request.page("Enter your security code", page).encodeResponse(for: request)
        }
        return try await SecondFactorService(request: request)
            .enrolmentPage(person: person, errors: FormErrors(), sealed: nil, action: .secondFactor).encodeResponse(
                for: request)
    }

    package struct CodeForm: Content {
        package var code: String?
        package var enrolment: String?
        package var currentPassword: String?
    }

    @Sendable package func completeSecondFactor(request: Request) async throws -> Response {
        guard let actor = request.actor, !actor.isFullySignedIn,
            let person = try await Person.find(actor.personID, on: request.db)
        else { return request.redirect(to: SiteURL.account.path) }
        let form = try request.content.decode(CodeForm.self)
        let service = SecondFactorService(request: request)
        let next =
            (try? request.query.get(String.self, at: "next")).flatMap(SignInRedirect.localPath)
            ?? RoleHome.start(for: actor.roles, in: request.application.cairn.features)
        if !person.hasSecondFactor {
            guard let sealed = form.enrolment,
                let secret = service.pendingSecret(sealed: sealed, personID: actor.personID),
                let codes = try await service.confirmEnrolment(person: person, secret: secret, code: form.code ?? "")
            else {
                var errors = FormErrors()
                errors.add("code", "Enter the 6-digit code your authenticator app shows now")
                return try await service.enrolmentPage(
                    person: person, errors: errors, sealed: form.enrolment, action: .secondFactor
                )
                .encodeResponse(for: request)
            }
            let response = try await request.page(
                "Save your recovery codes", SignInPages.recoveryCodes(codes, continueTo: next)
            )
            .encodeResponse(for: request)
            try await finish(actor: actor, response: response, request: request)
            return response
        }
        guard let session = request.signInSession, let sessionID = session.id else {
            return request.redirect(to: SiteURL.signIn.path)
        }
        let state = request.application.cairn
        let throttle = SecondFactorThrottling(
            throttling: SignInThrottling(
                database: request.db, settings: state.configuration.security, now: state.collaborators.now()))
        switch try await throttle.check(personID: actor.personID, sessionID: sessionID) {
        case .locked:
            return try await refuseSecondFactor(actor: actor, request: request)
        case .open(let failures):
            await state.collaborators.pause(SignInThrottling.slowDown(afterFailures: failures))
        }
        guard try await service.verify(person: person, code: form.code ?? "") else {
            let locked = try await throttle.recordFailure(personID: actor.personID, sessionID: sessionID)
            try await request.audit(
                AccountsAudit.secondFactorFailed, resourceType: .session, subject: actor.personID, outcome: .failure)
            if locked { return try await refuseSecondFactor(actor: actor, request: request) }
            var errors = FormErrors()
            errors.add("code", "The code is not right. Enter the code your app shows now, or a recovery code")
            let page = SignInPages.secondFactor(.init(errors: errors, csrf: request.csrfToken))
            return try await request.page("Error: Enter your security code", page).encodeResponse(for: request)
        }
        try await throttle.recordSuccess(personID: actor.personID, sessionID: sessionID)
        let response = request.redirect(to: next)
        try await finish(actor: actor, response: response, request: request)
        return response
    }

    /// Too many wrong codes: the half-signed-in session ends (the password must be given again), and while the
    /// account's second step is locked even the right code is refused.
    private func refuseSecondFactor(actor: Actor, request: Request) async throws -> Response {
        try await request.audit(
            AccountsAudit.secondFactorLocked, resourceType: .session, subject: actor.personID, outcome: .denied)
        let response = request.redirect(to: SiteURL.signIn.path + "?notice=second-factor-locked")
        try await SessionStore(request: request).end(response: response)
        return response
    }

    /// A new session id once the second factor is done (SECURITY.md §6).
    private func finish(actor: Actor, response: Response, request: Request) async throws {
        try await SessionStore(request: request).start(
            for: actor.personID, secondFactorDone: true, singleSignOn: request.signInSession?.singleSignOn ?? false,
            response: response)
        try await request.audit(AccountsAudit.signIn, resourceType: .session, subject: actor.personID)
    }

    @Sendable package func signOut(request: Request) async throws -> Response {
        var target = SiteURL.signIn.path + "?notice=signed-out"
        // Signed in through the organisation's provider: on to its sign-out, which sends the browser back here.
        if request.signInSession?.singleSignOn == true, let provider = request.application.openIDProvider,
            let endpoint = try? await provider.metadata(client: request.client).endSessionEndpoint
        {
            let back = request.application.cairn.link(SiteURL.signIn) + "?notice=signed-out"
            target =
                endpoint + (endpoint.contains("?") ? "&" : "?") + "client_id="
                + OpenIDProvider.formEncode(provider.settings.clientID) + "&post_logout_redirect_uri="
                + OpenIDProvider.formEncode(back)
        }
        let response = request.redirect(to: target)
        if let actor = request.actor {
            try await request.audit(AccountsAudit.signOut, resourceType: .session, subject: actor.personID)
        }
        try await SessionStore(request: request).end(response: response)
        return response
    }
}
