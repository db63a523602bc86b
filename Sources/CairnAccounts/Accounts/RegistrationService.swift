import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Registration, email verification, password recovery and invitations: the ways into an account.
///
/// Answers never reveal whether an email address has an account: registering a known address and asking to
/// reset an unknown one look the same to the person asking.
package struct RegistrationService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var now: Date { context.state.collaborators.now() }
    package var state: CairnState { context.state }

    package struct RegistrationForm: Content, Sendable {
        package var displayName: String?
        package var email: String?
        package var password: String?
        /// A local path to come back to after confirming and signing in (anything else is dropped).
        package var next: String?
    }

    /// Validates and registers; returns the errors to show, or empty when the "check your email" page follows.
    package func register(_ form: RegistrationForm) async throws -> FormErrors {
        let name = (form.displayName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form.password ?? ""
        var errors = FormErrors()
        if name.isEmpty { errors.add("displayName", "Enter your name") }
        if name.count > 120 { errors.add("displayName", "Name must be 120 characters or fewer") }
        if email.isEmpty {
            errors.add("email", "Enter your email address")
        } else if !Accounts.isPlausibleEmail(email) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org")
        }
        if let problem = PasswordPolicy().problem(with: password, email: email, name: name) {
            errors.add("password", password.isEmpty ? "Enter a password" : problem.message)
        }
        guard errors.isEmpty else { return errors }

        if let existing = try await Accounts.person(email: email, on: context.database) {
            let message = AccountEmails.alreadyRegistered(
                name: existing.displayName, signInLink: context.link(.signIn),
                resetLink: context.link(.forgotPassword))
            try await Outbox.enqueue(
                to: existing.email, subject: message.subject, body: message.body, now: now, on: context.database)
            try await context.audit(AccountsAudit.registerExistingEmail, resourceType: .person, subject: existing.id)
            return errors
        }
        let hash = try await state.passwordHasher.hash(password, on: context.threadPool)
        try await context.database.transaction { database in
            let person = Person(id: state.collaborators.newID(), email: email, displayName: name, status: .unverified)
            person.passwordHash = hash
            person.passwordChangedAt = now
            try await person.create(on: database)
            let token = try await OneTimeLinks.create(.verifyEmail, for: try person.requireID(), now: now, on: database)
            // The link carries where the person was going (only a local path), so confirming brings them back.
            let back = form.next.flatMap(SignInRedirect.localPath).map { "?next=" + SignInRedirect.encode($0) } ?? ""
            let message = AccountEmails.verifyEmail(
                name: name, link: context.link(.verifyEmail(token)) + back)
            try await Outbox.enqueue(to: email, subject: message.subject, body: message.body, now: now, on: database)
            try await context.audit(
                AccountsAudit.register, resourceType: .person, resourceID: person.id?.uuidString, subject: person.id,
                on: database)
        }
        return errors
    }

    /// Confirms the address and makes the account a clinician's; false when the link is unknown, used or old.
    package func verifyEmail(token: String) async throws -> Bool {
        guard let link = try await OneTimeLinks.find(.verifyEmail, token: token, now: now, on: context.database),
            let organisation = state.organisation
        else { return false }
        return try await context.database.transaction { database in
            guard try await OneTimeLinks.redeem(link, now: now, on: database),
                let person = try await Person.find(link.personID, on: database), person.status == .unverified
            else { return false }
            person.status = .active
            person.emailVerifiedAt = now
            try await person.update(on: database)
            try await RoleGrant(
                personID: link.personID, organisationID: organisation.id, role: .clinician, grantedBy: nil
            )
            .create(on: database)
            try await context.audit(
                AccountsAudit.verifyEmail, resourceType: .person, resourceID: link.personID.uuidString,
                subject: link.personID,
                actorID: link.personID, on: database)
            return true
        }
    }

    /// Sends a reset link when the address has an active account; the answer is the same either way.
    package func requestPasswordReset(email: String) async throws {
        guard Accounts.isPlausibleEmail(email),
            let person = try await Accounts.person(email: email, on: context.database),
            person.status == .active
        else { return }
        try await context.database.transaction { database in
            let token = try await OneTimeLinks.create(
                .resetPassword, for: try person.requireID(), now: now, on: database)
            let message = AccountEmails.resetPassword(
                name: person.displayName, link: context.link(.resetPassword(token)))
            try await Outbox.enqueue(
                to: person.email, subject: message.subject, body: message.body, now: now, on: database)
            try await context.audit(
                AccountsAudit.passwordResetRequested, resourceType: .person, subject: person.id, on: database)
        }
    }

    /// Sets a new password from a reset or invitation link and ends every session. The second factor still applies
    /// at the next sign-in: a reset never skips it.
    package func setPassword(
        purpose: OneTimeLink.Purpose, token: String, password: String, displayName: String? = nil
    ) async throws -> FormErrors? {
        guard let link = try await OneTimeLinks.find(purpose, token: token, now: now, on: context.database),
            let person = try await Person.find(link.personID, on: context.database)
        else { return nil }
        var errors = FormErrors()
        let name = (displayName ?? person.displayName).trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.add("displayName", "Enter your name") }
        if let problem = PasswordPolicy().problem(with: password, email: person.email, name: name) {
            errors.add("password", password.isEmpty ? "Enter a password" : problem.message)
        }
        guard errors.isEmpty else { return errors }
        let hash = try await state.passwordHasher.hash(password, on: context.threadPool)
        let done = try await context.database.transaction { database -> Bool in
            guard try await OneTimeLinks.redeem(link, now: now, on: database) else { return false }
            person.passwordHash = hash
            person.passwordChangedAt = now
            person.displayName = name
            if person.status == .invited || (purpose == .acceptInvitation && person.status != .disabled) {
                person.status = .active
                person.emailVerifiedAt = person.emailVerifiedAt ?? now
            }
            try await person.update(on: database)
            try await SessionStore.endAll(for: link.personID, on: database)
            let action = purpose == .acceptInvitation ? AccountsAudit.invitationAccepted : AccountsAudit.passwordReset
            try await context.audit(
                action, resourceType: .person, subject: link.personID, actorID: link.personID, on: database)
            return true
        }
        return done ? errors : nil
    }
}
