import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/account`: own details, sessions, password, two-step sign-in, API tokens. Every action is on the actor's own
/// records; the policy checks ownership with the record's owner.
package struct AccountController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.account, action: .viewOwnAccount, use: overview)
        routes.on(.accountPassword, action: .manageOwnAccount, use: showPassword)
        routes.on(
            .accountPassword, .POST, action: .manageOwnAccount,
            after: .says(
                "password-changed", "Your password has been changed. You have been signed out everywhere else."),
            use: changePassword)
        routes.on(.accountSecondFactor, action: .manageOwnAccount, use: showSecondFactor)
        // Answers with the recovery codes, whose "Continue" link names the notice.
        routes.on(
            .accountSecondFactor, .POST, action: .manageOwnAccount,
            after: .says("second-factor-on", "Two-step sign-in is on."), use: enrolSecondFactor)
        routes.on(
            .accountSessionEnd(nil), .POST, action: .manageOwnAccount,
            after: .says("session-ended", "That session has been ended."), use: endSession)
        routes.on(.accountTokens, action: .manageOwnTokens, use: tokens)
        routes.on(
            .accountTokens, .POST, action: .manageOwnTokens,
            after: .quiet("answers with the page showing the new token"),
            use: createToken)
        routes.on(
            .accountTokenRevoke(nil), .POST, action: .manageOwnTokens,
            after: .says("token-revoked", "The token is revoked: nothing can use it any more."), use: revokeToken)
    }

    @Sendable package func overview(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        guard let person = try await Person.find(actor.personID, on: request.db) else { throw Abort(.notFound) }
        let sessions = try await SignInSession.query(on: request.db)
            .filter(\.$personID == actor.personID).filter(\.$expiresAt > request.application.cairn.collaborators.now())
            .sort(\.$lastSeenAt, .descending).all()
        let rows = try sessions.map { session in
            AccountPages.SessionRow(
                id: try session.requireID(), started: request.displayTime(session.createdAt),
                lastSeen: request.displayTime(session.lastSeenAt), device: Self.device(session.userAgent),
                isCurrent: session.id == request.signInSession?.id)
        }
        let model = AccountPages.Overview(
            name: person.displayName, email: person.email, roles: actor.roles.sorted(),
            hasSecondFactor: person.hasSecondFactor, sessions: rows, csrf: request.csrfToken)
        return request.page("Your account", AccountPages.overview(model))
    }

    /// A rough, non-identifying name for a browser.
    package static func device(_ userAgent: String?) -> String {
        guard let agent = userAgent else { return "Unknown device" }
        let browser = ["Firefox", "Edg", "Chrome", "Safari"].first { agent.contains($0) }.map {
            $0 == "Edg" ? "Edge" : $0
        }
        let system = ["Windows", "Mac OS", "iPhone", "Android", "Linux"].first { agent.contains($0) }
        return [browser, system].compactMap { $0 }.joined(separator: " on ").nonEmpty ?? "Other device"
    }

    @Sendable package func showPassword(request: Request) async throws -> HTMLPage {
        request.page("Change your password", AccountPages.changePassword(.init(csrf: request.csrfToken)))
    }

    package struct PasswordForm: Content {
        package var currentPassword: String?
        package var password: String?
    }

    @Sendable package func changePassword(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        let form = try request.content.decode(PasswordForm.self)
        let errors = try await AccountService(request: request).changePassword(
            actor: actor, current: form.currentPassword ?? "", new: form.password ?? "")
        guard errors.isEmpty else {
            let page = AccountPages.changePassword(.init(errors: errors, csrf: request.csrfToken))
            return try await request.page("Error: Change your password", page).encodeResponse(for: request)
        }
        let response = request.redirect(to: SiteURL.account.path)
        try await SessionStore(request: request).start(for: actor.personID, secondFactorDone: true, response: response)
        return response
    }

    @Sendable package func showSecondFactor(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let person = try await Person.find(actor.personID, on: request.db) else { throw Abort(.notFound) }
        return try await SecondFactorService(request: request)
            .enrolmentPage(person: person, errors: FormErrors(), sealed: nil, action: .accountSecondFactor)
            .encodeResponse(for: request)
    }

    @Sendable package func enrolSecondFactor(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let person = try await Person.find(actor.personID, on: request.db) else { throw Abort(.notFound) }
        let form = try request.content.decode(SignInController.CodeForm.self)
        let service = SecondFactorService(request: request)
        if person.hasSecondFactor {
            let matches = try await Accounts.passwordMatches(form.currentPassword ?? "", for: person, request: request)
            guard matches else {
                var errors = FormErrors()
                errors.add("currentPassword", "Enter your password to replace your authenticator")
                try await request.audit(
                    AccountsAudit.secondFactorChangeRefused, resourceType: .person, subject: actor.personID,
                    outcome: .failure)
                return try await service.enrolmentPage(
                    person: person, errors: errors, sealed: form.enrolment, action: .accountSecondFactor
                ).encodeResponse(for: request)
            }
        }
        guard let sealed = form.enrolment, let secret = service.pendingSecret(sealed: sealed, personID: actor.personID),
            let codes = try await service.confirmEnrolment(person: person, secret: secret, code: form.code ?? "")
        else {
            var errors = FormErrors()
            errors.add("code", "Enter the 6-digit code your authenticator app shows now")
            return try await service.enrolmentPage(
                person: person, errors: errors, sealed: form.enrolment, action: .accountSecondFactor
            ).encodeResponse(for: request)
        }
        // A change of second factor ends other sessions and renews this one.
        try await SessionStore.endAll(for: actor.personID, except: request.signInSession?.id, on: request.db)
        let response = try await request.page(
            "Save your recovery codes",
            SignInPages.recoveryCodes(codes, continueTo: SiteURL.account.path + "?notice=second-factor-on")
        ).encodeResponse(for: request)
        try await SessionStore(request: request).start(for: actor.personID, secondFactorDone: true, response: response)
        return response
    }

    @Sendable package func endSession(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let sessionID = request.parameters.get("sessionID", as: UUID.self),
            let session = try await SignInSession.find(sessionID, on: request.db)
        else { throw Abort(.notFound) }
        guard Policy.decide(actor, .manageOwnAccount, on: .ownedBy(session.personID)) == .allow else {
            try await request.audit(AccountsAudit.endSession, resourceType: .session, outcome: .denied)
            throw Abort(.notFound)
        }
        try await session.delete(on: request.db)
        try await request.audit(AccountsAudit.endSession, resourceType: .session, subject: actor.personID)
        return request.redirect(to: SiteURL.account.path)
    }

    @Sendable package func tokens(request: Request) async throws -> HTMLPage {
        try await tokensPage(request: request, newSecret: nil, name: "", errors: FormErrors())
    }

    private func tokensPage(request: Request, newSecret: String?, name: String, errors: FormErrors) async throws
        -> HTMLPage
    {
        let actor = try request.requireActor()
        let now = request.application.cairn.collaborators.now()
        let tokens = try await APITokenService(database: request.db, now: now).list(personID: actor.personID)
        let rows = try tokens.map { token in
            let expired = token.expiresAt.map { $0 <= now } ?? false
            return AccountPages.Tokens.Row(
                id: try token.requireID(), name: token.name, prefix: token.prefix,
                created: request.displayTime(token.createdAt),
                lastUsed: request.displayTime(token.lastUsedAt),
                status: token.revokedAt != nil ? "Revoked" : (expired ? "Expired" : "Active"),
                isLive: token.revokedAt == nil && !expired)
        }
        let model = AccountPages.Tokens(
            rows: rows, newSecret: newSecret, name: name, errors: errors, csrf: request.csrfToken)
        return request.page(Forms.title("API tokens", errors: errors), AccountPages.tokens(model))
    }

    package struct TokenForm: Content {
        package var name: String?
    }

    @Sendable package func createToken(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let name = (try request.content.decode(TokenForm.self).name ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if name.isEmpty { errors.add("name", "Enter what the token is for") }
        if name.count > 80 { errors.add("name", "Name must be 80 characters or fewer") }
        guard errors.isEmpty else {
            return try await tokensPage(request: request, newSecret: nil, name: name, errors: errors)
        }
        let created = try await APITokenService(
            database: request.db, now: request.application.cairn.collaborators.now()
        )
        .create(personID: actor.personID, name: name, lifetimeDays: 90)
        try await request.audit(
            AccountsAudit.apiTokenCreated, resourceType: .apiToken, resourceID: created.token.id?.uuidString,
            subject: actor.personID)
        return try await tokensPage(request: request, newSecret: created.secret, name: "", errors: FormErrors())
    }

    @Sendable package func revokeToken(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let tokenID = request.parameters.get("tokenID", as: UUID.self) else { throw Abort(.notFound) }
        let service = APITokenService(database: request.db, now: request.application.cairn.collaborators.now())
        guard try await service.revoke(tokenID: tokenID, personID: actor.personID) else { throw Abort(.notFound) }
        try await request.audit(
            AccountsAudit.apiTokenRevoked, resourceType: .apiToken, resourceID: tokenID.uuidString,
            subject: actor.personID)
        return request.redirect(to: SiteURL.accountTokens.path)
    }
}

extension String {
    package var nonEmpty: String? { isEmpty ? nil : self }
}

extension Request {
    /// The signed-in actor; the policy gate has already refused anyone else.
    package func requireActor() throws -> Actor {
        guard let actor else { throw Abort(.unauthorized) }
        return actor
    }
}
