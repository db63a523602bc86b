import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Changes to one's own account.
package struct AccountService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    /// Checks the current password, sets the new one, ends every other session and tells the person by email.
    package func changePassword(actor: Actor, current: String, new: String) async throws -> FormErrors {
        var errors = FormErrors()
        guard let person = try await Person.find(actor.personID, on: context.database) else { throw Abort(.notFound) }
        let matches = try await Accounts.passwordMatches(current, for: person, context: context)
        if current.isEmpty {
            errors.add("currentPassword", "Enter your current password")
        } else if !matches {
            errors.add("currentPassword", "Your current password is not right")
        }
        if let problem = PasswordPolicy().problem(with: new, email: person.email, name: person.displayName) {
            errors.add("password", new.isEmpty ? "Enter a new password" : problem.message)
        }
        guard errors.isEmpty else {
            if !current.isEmpty, !matches {
                try await context.audit(
                    AccountsAudit.passwordChangeFailed, resourceType: .person, subject: actor.personID,
                    outcome: .failure)
            }
            return errors
        }
        let hash = try await state.passwordHasher.hash(new, on: context.threadPool)
        // The session this change is made in stays; every other one ends.
        let currentSession: UUID? =
            if case .browser(let sessionID) = actor.channel { sessionID } else { nil }
        try await context.database.transaction { database in
            person.passwordHash = hash
            person.passwordChangedAt = now
            try await person.update(on: database)
            try await SessionStore.endAll(for: actor.personID, except: currentSession, on: database)
            let message = AccountEmails.passwordChanged(name: person.displayName)
            try await Outbox.enqueue(
                to: person.email, subject: message.subject, body: message.body, now: now, on: database)
            try await context.audit(
                AccountsAudit.passwordChanged, resourceType: .person, subject: actor.personID, on: database)
        }
        return errors
    }
}
