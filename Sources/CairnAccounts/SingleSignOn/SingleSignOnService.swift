import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Signing in through the organisation's OpenID provider (issue #20 item 5): the authorisation code flow with PKCE,
/// `state` and `nonce`, each sign-in bound to the browser that began it and usable once. Accounts are found by the
/// provider's identity, else linked by a verified email address, else made just in time with no roles.
package struct SingleSignOnService {
    package let context: ServiceContext
    package let provider: OpenIDProvider
    package let client: any Client

    /// How long a person has at the provider's sign-in page.
    package static let attemptLifetime: TimeInterval = 600

    package init(context: ServiceContext, provider: OpenIDProvider, client: any Client) {
        self.context = context
        self.provider = provider
        self.client = client
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    /// Where the provider sends the browser back.
    package var redirectURI: String { state.link(SiteURL.singleSignOnCallback) }

    /// A sign-in begun: where to send the browser, and the secret its cookie keeps (the PKCE verifier).
    package struct Beginning: Sendable {
        package var authorisationURL: String
        package var browserSecret: String
    }

    package func begin(next: String?) async throws -> Beginning {
        let endpoints = try await provider.metadata(client: client)
        let stateValue = Secrets.token()
        let verifier = Secrets.token()
        let nonce = Secrets.token()
        let attempt = SingleSignOnAttempt(
            id: state.collaborators.newID(), stateHash: Secrets.hash(stateValue), verifierHash: Secrets.hash(verifier),
            nonceHash: Secrets.hash(nonce), nextPath: next.flatMap(SignInRedirect.localPath), now: now,
            lifetime: Self.attemptLifetime)
        try await attempt.create(on: context.database)
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
        let query = [
            ("response_type", "code"), ("client_id", provider.settings.clientID), ("redirect_uri", redirectURI),
            ("scope", "openid email profile"), ("state", stateValue), ("nonce", nonce),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
        .map { OpenIDProvider.formEncode($0.0) + "=" + OpenIDProvider.formEncode($0.1) }.joined(separator: "&")
        let separator = endpoints.authorizationEndpoint.contains("?") ? "&" : "?"
        return Beginning(authorisationURL: endpoints.authorizationEndpoint + separator + query, browserSecret: verifier)
    }

    package enum Outcome: Sendable, Equatable {
        case signedIn(personID: UUID, needsSecondFactor: Bool, next: String?)
        case refused(SingleSignOnRefusal)
    }

    /// The provider's answer: the code exchanged, the ID token checked, the person found, linked or made.
    /// Every refusal is audited with its code; none says more than the page needs.
    package func complete(stateValue: String, code: String, browserSecret: String?) async throws -> Outcome {
        do {
            return try await signIn(stateValue: stateValue, code: code, browserSecret: browserSecret)
        } catch let refusal as SingleSignOnRefusal {
            context.logger.notice("single sign-on refused", metadata: ["reason": .string(refusal.code)])
            try await context.audit(
                AccountsAudit.singleSignOnRefused, resourceType: .session, outcome: .denied, reason: refusal.code)
            return .refused(refusal)
        }
    }

    private func signIn(stateValue: String, code: String, browserSecret: String?) async throws -> Outcome {
        guard let browserSecret, !browserSecret.isEmpty else {
            throw SingleSignOnRefusal(
                "no_browser_binding",
                "This sign-in was not begun in this browser, or it took too long. Go back and sign in again.")
        }
        // Used once, by the browser that began it, while it lasts: a replayed or stolen answer finds nothing.
        let sql = context.database as! any SQLDatabase
        let rows = try await sql.raw(
            """
            UPDATE single_sign_on_attempts SET used_at = \(bind: now)
            WHERE state_hash = \(bind: Secrets.hash(stateValue)) AND verifier_hash = \(bind: Secrets.hash(browserSecret))
                AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING nonce_hash, next_path
            """
        ).all()
        guard let row = rows.first else {
            throw SingleSignOnRefusal(
                "unknown_or_used_state",
                "This sign-in has already been used, was not begun in this browser, or took too long. "
                    + "Go back and sign in again.")
        }
        let nonceHash = try row.decode(column: "nonce_hash", as: String.self)
        let next = try row.decode(column: "next_path", as: String?.self)

        let tokens = try await provider.exchange(
            code: code, verifier: browserSecret, redirectURI: redirectURI, client: client)
        guard let idToken = tokens.idToken else { throw SingleSignOnRefusal.provider("no_id_token") }
        let claims = try await provider.verifySignature(of: idToken, client: client, now: now)
        try IDTokenCheck.check(
            claims, issuer: provider.issuer, clientID: provider.settings.clientID, nonceHash: nonceHash, now: now)

        var email = claims.email
        var verified = claims.emailVerified?.value
        var name = claims.name
        if email == nil, let accessToken = tokens.accessToken,
            let info = try await provider.userInfo(accessToken: accessToken, client: client)
        {
            // User-info answers for the same subject or not at all (OpenID Connect Core §5.3.2).
            guard info.sub == claims.sub else { throw SingleSignOnRefusal.token("userinfo_subject_mismatch") }
            email = info.email
            verified = info.emailVerified?.value
            name = name ?? info.name
        }
        let person = try await person(
            subject: claims.sub, email: email, emailVerified: verified == true, name: name)
        guard let personID = person.id else { throw SingleSignOnRefusal.provider("no_person") }
        let roles = try await Accounts.roles(
            of: personID, in: state.organisation?.id ?? UUID(), on: context.database)
        // Staff give a second factor: the provider's (its `amr` says it asked for one) or else Cairn's own.
        let providerAskedSecondFactor = !(Set(claims.amr ?? []).isDisjoint(with: provider.settings.multiFactorMethods))
        let needsSecondFactor =
            (roles.contains { $0.requiresSecondFactor } || person.hasSecondFactor) && !providerAskedSecondFactor
        return .signedIn(personID: personID, needsSecondFactor: needsSecondFactor, next: next)
    }

    /// The person this identity belongs to: linked before, or by a verified address, or new with no roles.
    private func person(subject: String, email: String?, emailVerified: Bool, name: String?) async throws -> Person {
        let issuer = provider.issuer
        if let identity = try await ExternalIdentity.query(on: context.database)
            .filter(\.$issuer == issuer).filter(\.$subject == subject).first(),
            let person = try await Person.find(identity.personID, on: context.database)
        {
            guard person.status == .active else { throw Self.closed }
            identity.lastSignedInAt = now
            try await identity.update(on: context.database)
            return person
        }
        guard let email = email?.trimmingCharacters(in: .whitespacesAndNewlines), Accounts.isPlausibleEmail(email),
            !email.contains("\0")
        else {
            throw SingleSignOnRefusal(
                "no_email",
                "Your organisation's sign-in service did not tell Cairn your email address, so Cairn cannot find your "
                    + "account. Ask your organisation's IT service to share it, or sign in with your Cairn password.")
        }
        guard emailVerified else {
            throw SingleSignOnRefusal(
                "email_not_verified",
                "Your organisation's sign-in service has not confirmed your email address, so Cairn cannot link it to "
                    + "an account. Sign in with your Cairn password, or ask your organisation's IT service.")
        }
        let displayName = Self.displayName(name, email: email)
        let now = self.now
        let newID = state.collaborators.newID()
        let identityID = state.collaborators.newID()
        return try await context.transaction { context in
            let database = context.database
            let person: Person
            if let existing = try await Accounts.person(email: email, on: database) {
                switch existing.status {
                case .disabled: throw Self.closed
                case .invited, .unverified:
                    // The provider has confirmed the address: the invitation or registration is complete.
                    existing.status = .active
                    existing.emailVerifiedAt = existing.emailVerifiedAt ?? now
                    try await existing.update(on: database)
                case .active: break
                }
                person = existing
                try await context.audit(
                    AccountsAudit.singleSignOnLinked, resourceType: .person, resourceID: existing.id?.uuidString,
                    subject: existing.id, actorID: existing.id)
            } else {
                person = Person(id: newID, email: email, displayName: displayName, status: .active)
                person.emailVerifiedAt = now
                try await person.create(on: database)
                try await context.audit(
                    AccountsAudit.singleSignOnProvisioned, resourceType: .person, resourceID: newID.uuidString,
                    subject: newID, actorID: newID)
            }
            try await ExternalIdentity(
                id: identityID, personID: try person.requireID(), issuer: issuer, subject: subject, now: now
            ).create(on: database)
            return person
        }
    }

    private static let closed = SingleSignOnRefusal(
        "account_closed", "This Cairn account is closed. If you think that is wrong, ask the service's administrator.")

    /// The provider's name for the person, or else the part of the address before the @.
    static func displayName(_ name: String?, email: String) -> String {
        let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines).filter { $0 != "\0" }
        if !trimmed.isEmpty { return String(trimmed.prefix(200)) }
        return String(email.split(separator: "@").first ?? "Member")
    }
}

extension Data {
    /// Base64url without padding (RFC 7636 §4.2).
    fileprivate func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
