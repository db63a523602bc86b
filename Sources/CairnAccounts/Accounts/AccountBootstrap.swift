import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Accounts made from the command line: the first administrator, and the demonstration people.
public enum AccountBootstrap {
    /// `cairn create-admin`: an active administrator who must set up two-step sign-in at first sign-in.
    public static func createAdmin(app: Application, email: String, name: String, password: String) async throws -> UUID
    {
        guard Accounts.isPlausibleEmail(email) else {
            throw ConfigurationError(
                "--email", "must be an email address in the correct format, like name@example.org.")
        }
        if let problem = PasswordPolicy().problem(with: password, email: email, name: name) {
            throw ConfigurationError("The password", "is not acceptable: \(problem.message.lowercased()).")
        }
        guard try await Accounts.person(email: email, on: app.db) == nil else {
            throw ConfigurationError(
                "--email", "already belongs to an account: grant the role from /admin/people instead.")
        }
        let id = try await create(app: app, email: email, name: name, password: password, roles: [.admin])
        try await AuditLog.append(
            AuditEvent(
                action: AccountsAudit.adminCreatedFromCommandLine, resourceType: .person, resourceID: id.uuidString,
                subjectID: id),
            at: app.cairn.collaborators.now(), cipher: app.cairn.cipher, on: app.db)
        return id
    }

    package static func create(
        app: Application, email: String, name: String, password: String, roles: Set<Role>, totpSecret: [UInt8]? = nil
    ) async throws -> UUID {
        guard let organisation = app.cairn.organisation else { throw Abort(.serviceUnavailable) }
        let state = app.cairn
        let hash = try await state.passwordHasher.hash(password, on: app.threadPool)
        let id = state.collaborators.newID()
        let now = state.collaborators.now()
        try await app.db.transaction { database in
            let person = Person(id: id, email: email, displayName: name, status: .active)
            person.passwordHash = hash
            person.passwordChangedAt = now
            person.emailVerifiedAt = now
            if let totpSecret {
                person.totpSecret = try state.cipher.seal(
                    Base32.encode(totpSecret), for: SecondFactorService.secretBinding(id))
            }
            try await person.create(on: database)
            for role in roles.sorted() {
                try await RoleGrant(personID: id, organisationID: organisation.id, role: role, grantedBy: nil).create(
                    on: database)
            }
        }
        return id
    }
}
