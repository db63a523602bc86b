import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// The one way another feature adds people and roles (issue #12, item 1: the accounts target is the only writer of
/// people, role grants and invitations). Every person created and every role granted here is audited, through the
/// caller's context, on the database given (the caller's transaction).
package enum PeopleDirectory {
    /// The person with this email, given `role` if they lack it; or a new invited person with that role and an
    /// invitation by email to set their password.
    package static func findOrInvite(
        email: String, name: String, role: Role, organisationID: UUID, context: ServiceContext,
        on database: any Database
    ) async throws -> (id: UUID, isNew: Bool) {
        let invitedBy = context.actor?.personID
        if let person = try await Accounts.person(email: email, on: database) {
            let personID = try person.requireID()
            try await grant(role, to: personID, in: organisationID, context: context, on: database)
            return (personID, false)
        }
        let personID = context.newID()
        try await Person(id: personID, email: email, displayName: name, status: .invited).create(on: database)
        try await RoleGrant(personID: personID, organisationID: organisationID, role: role, grantedBy: invitedBy)
            .create(on: database)
        try await context.audit(
            AdministrationAudit.roleGranted, resourceType: .roleGrant, resourceID: role.rawValue, subject: personID,
            on: database)
        let token = try await OneTimeLinks.create(.acceptInvitation, for: personID, now: context.now, on: database)
        let message = AccountEmails.invitation(
            name: name, organisation: context.state.organisation?.name ?? "",
            link: context.link(.acceptInvitation(token)))
        try await Outbox.enqueue(
            to: email, subject: message.subject, body: message.body, now: context.now, on: database)
        try await context.audit(
            AdministrationAudit.personInvited, resourceType: .person, resourceID: personID.uuidString,
            subject: personID, on: database)
        return (personID, true)
    }

    /// The one person a unit's imported earlier records belong to (issue #14 item 3): disabled, with no password and
    /// no role, so nobody ever signs in as it; made on the first import (audited), found on every later one.
    package static func earlierRecordsHolder(context: ServiceContext, on database: any Database) async throws -> UUID {
        let email = "earlier-records@cairn.invalid"
        if let person = try await Accounts.person(email: email, on: database) { return try person.requireID() }
        let personID = context.newID()
        try await Person(id: personID, email: email, displayName: "Earlier records (imported)", status: .disabled)
            .create(on: database)
        try await context.audit(
            AdministrationAudit.personInvited, resourceType: .person, resourceID: personID.uuidString,
            subject: personID, reason: "holds the unit's imported earlier records; cannot sign in", on: database)
        return personID
    }

    /// Gives `role` to the person, when they do not hold it yet; audited.
    package static func grant(
        _ role: Role, to personID: UUID, in organisationID: UUID, context: ServiceContext, on database: any Database
    ) async throws {
        let roles = try await Accounts.roles(of: personID, in: organisationID, on: database)
        guard !roles.contains(role) else { return }
        try await RoleGrant(
            personID: personID, organisationID: organisationID, role: role, grantedBy: context.actor?.personID
        ).create(on: database)
        try await context.audit(
            AdministrationAudit.roleGranted, resourceType: .roleGrant, resourceID: role.rawValue, subject: personID,
            on: database)
    }

    /// A person who exists only in demonstration data: active, without a password (they cannot sign in).
    /// The address a demonstration person gets from their name ("Dr Amira Haddad" → amira.haddad@demo.cairn.test).
    package static func demonstrationEmail(for name: String) -> String {
        name.replacingOccurrences(of: "Dr ", with: "").lowercased().replacingOccurrences(of: " ", with: ".")
            + "@demo.cairn.test"
    }

    package static func createForDemonstration(
        email: String, name: String, roles: Set<Role>, organisationID: UUID, on database: any Database
    ) async throws -> UUID {
        let person = Person(id: UUID(), email: email, displayName: name, status: .active)
        try await person.create(on: database)
        for role in roles.sorted() {
            try await RoleGrant(
                personID: try person.requireID(), organisationID: organisationID, role: role, grantedBy: nil
            )
            .create(on: database)
        }
        return try person.requireID()
    }
}
