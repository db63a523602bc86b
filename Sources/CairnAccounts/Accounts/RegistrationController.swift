import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/register`, `/verify-email/:token`, `/forgot-password`, `/reset-password/:token`, `/invitation/:token`.
/// A link opens a page; only its button (a POST) changes anything.
package struct RegistrationController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.register, action: .register, use: showRegister)
        routes.on(
            .register, .POST, action: .register, after: .quiet("the next page says to confirm the email"),
            use: register)
        routes.on(.registered, action: .register, use: registered)
        routes.on(.verifyEmail(nil), action: .register, use: showVerify)
        routes.on(
            .verifyEmail(nil), .POST, action: .register, after: .quiet("the sign-in page says the email is confirmed"),
            use: verify)
        routes.on(.forgotPassword, action: .recoverAccount, use: showForgot)
        routes.on(
            .forgotPassword, .POST, action: .recoverAccount,
            after: .quiet("answers with the page saying what comes next"),
            use: forgot)
        routes.on(.resetPassword(nil), action: .recoverAccount, use: showReset)
        routes.on(
            .resetPassword(nil), .POST, action: .recoverAccount,
            after: .quiet("the sign-in page says the password is set"), use: reset)
        routes.on(.acceptInvitation(nil), action: .acceptInvitation, use: showInvitation)
        routes.on(
            .acceptInvitation(nil), .POST, action: .acceptInvitation,
            after: .quiet("the sign-in page says the password is set"), use: acceptInvitation)
    }

    @Sendable package func showRegister(request: Request) async throws -> HTMLPage {
        let next = Self.next(request) ?? ""
        return request.page("Create an account", RegistrationPages.register(.init(csrf: request.csrfToken, next: next)))
    }

    /// The local path a person was on their way to (`?next=`), if it is one.
    static func next(_ request: Request) -> String? {
        (try? request.query.get(String.self, at: "next")).flatMap(SignInRedirect.localPath)
    }

    @Sendable package func register(request: Request) async throws -> Response {
        let form = try request.content.decode(RegistrationService.RegistrationForm.self)
        let errors = try await RegistrationService(request: request).register(form)
        guard errors.isEmpty else {
            let model = RegistrationPages.Register(
                displayName: form.displayName ?? "", email: form.email ?? "", errors: errors, csrf: request.csrfToken,
                next: form.next.flatMap(SignInRedirect.localPath) ?? "")
            return try await request.page(
                Forms.title("Create an account", errors: errors), RegistrationPages.register(model)
            )
            .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.registered.path)
    }

    @Sendable package func registered(request: Request) async throws -> HTMLPage {
        request.page("Check your email", RegistrationPages.checkYourEmail())
    }

    @Sendable package func showVerify(request: Request) async throws -> HTMLPage {
        let token = try request.parameters.require("token")
        return request.page(
            "Confirm your email address",
            RegistrationPages.confirmEmail(token: token, csrf: request.csrfToken, next: Self.next(request)))
    }

    @Sendable package func verify(request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        guard try await RegistrationService(request: request).verifyEmail(token: token) else {
            return try await request.page("Link not valid", status: .notFound, RegistrationPages.linkNotValid())
                .encodeResponse(for: request)
        }
        // Back to where they were going (asking for support, usually) once they sign in.
        let asked = (try? request.content.get(String.self, at: "next")) ?? Self.next(request)
        let next = asked.flatMap(SignInRedirect.localPath)
        return request.redirect(
            to: SiteURL.signIn.path + "?notice=verified" + (next.map { "&next=" + SignInRedirect.encode($0) } ?? ""))
    }

    @Sendable package func showForgot(request: Request) async throws -> HTMLPage {
        request.page("Reset your password", RegistrationPages.forgotPassword(.init(csrf: request.csrfToken)))
    }

    package struct EmailForm: Content {
        package var email: String?
    }

    @Sendable package func forgot(request: Request) async throws -> HTMLPage {
        let email = (try request.content.decode(EmailForm.self).email ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        guard Accounts.isPlausibleEmail(email) else {
            var errors = FormErrors()
            errors.add(
                "email",
                email.isEmpty
                    ? "Enter your email address" : "Enter an email address in the correct format, like name@example.org"
            )
            let model = RegistrationPages.Forgot(email: email, errors: errors, csrf: request.csrfToken)
            return request.page("Error: Reset your password", RegistrationPages.forgotPassword(model))
        }
        try await RegistrationService(request: request).requestPasswordReset(email: email)
        return request.page("Check your email", RegistrationPages.resetSent())
    }

    @Sendable package func showReset(request: Request) async throws -> HTMLPage {
        try await linkPage(.resetPassword, request: request)
    }

    @Sendable package func reset(request: Request) async throws -> Response {
        try await setPassword(.resetPassword, request: request)
    }

    @Sendable package func showInvitation(request: Request) async throws -> HTMLPage {
        try await linkPage(.acceptInvitation, request: request)
    }

    @Sendable package func acceptInvitation(request: Request) async throws -> Response {
        try await setPassword(.acceptInvitation, request: request)
    }

    private func linkPage(_ purpose: OneTimeLink.Purpose, request: Request) async throws -> HTMLPage {
        let token = try request.parameters.require("token")
        let now = request.application.cairn.collaborators.now()
        guard let link = try await OneTimeLinks.find(purpose, token: token, now: now, on: request.db),
            let person = try await Person.find(link.personID, on: request.db)
        else { return request.page("Link not valid", status: .notFound, RegistrationPages.linkNotValid()) }
        return request.page(
            title(purpose),
            RegistrationPages.setPassword(
                model(purpose, token: token, name: person.displayName, errors: FormErrors(), request: request)))
    }

    package struct PasswordForm: Content {
        package var password: String?
        package var displayName: String?
    }

    private func setPassword(_ purpose: OneTimeLink.Purpose, request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let form = try request.content.decode(PasswordForm.self)
        let errors = try await RegistrationService(request: request).setPassword(
            purpose: purpose, token: token, password: form.password ?? "",
            displayName: purpose == .acceptInvitation ? (form.displayName ?? "") : nil)
        guard let errors else {
            return try await request.page("Link not valid", status: .notFound, RegistrationPages.linkNotValid())
                .encodeResponse(for: request)
        }
        guard errors.isEmpty else {
            let page = RegistrationPages.setPassword(
                model(purpose, token: token, name: form.displayName ?? "", errors: errors, request: request))
            return try await request.page(Forms.title(title(purpose), errors: errors), page).encodeResponse(
                for: request)
        }
        return request.redirect(to: SiteURL.signIn.path + "?notice=password-set")
    }

    private func title(_ purpose: OneTimeLink.Purpose) -> String {
        purpose == .acceptInvitation ? "Accept your invitation" : "Set a new password"
    }

    private func model(
        _ purpose: OneTimeLink.Purpose, token: String, name: String, errors: FormErrors, request: Request
    ) -> RegistrationPages.SetPassword {
        let action =
            purpose == .acceptInvitation ? SiteURL.acceptInvitation(token).path : SiteURL.resetPassword(token).path
        return RegistrationPages.SetPassword(
            title: title(purpose), action: action, displayName: purpose == .acceptInvitation ? name : nil,
            errors: errors,
            csrf: request.csrfToken)
    }
}
