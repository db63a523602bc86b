import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// What administrators do: find people, invite staff, grant and revoke roles, disable accounts. Every change is
/// audited. Nothing here reads support content.
package struct AdminService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }
    package var organisationID: UUID { state.organisation?.id ?? UUID() }

    package struct PersonRow {
        package var id: UUID
        package var name: String
        package var email: String
        package var status: Person.Status
        package var roles: [Role]
    }

    /// One page of the people found, with how many there are in all: counted and paged in SQL.
    package struct PeoplePage {
        package var rows: [PersonRow]
        package var paging: Paging
    }

    /// Narrows `find`: only those holding a role here, only those whose account is in a state.
    package struct PeopleFilter: Sendable, Equatable {
        package var role: Role?
        package var status: Person.Status?

        package init(role: Role? = nil, status: Person.Status? = nil) {
            self.role = role
            self.status = status
        }
    }

    package func find(query: String, filter: PeopleFilter = PeopleFilter(), page requested: Int = 1, pageSize: Int = 50)
        async throws -> PeoplePage
    {
        let text = query.trimmingCharacters(in: .whitespacesAndNewlines)
        var builder = Person.query(on: context.database).sort(\.$displayName).sort(\.$id)
        if !text.isEmpty {
            builder = builder.group(.or) { group in
                group.filter(\.$emailNormalised ~~ text.lowercased()).filter(\.$displayName ~~ text)
            }
        }
        if let role = filter.role {
            // One grant a person, role and organisation (unique), so the join never repeats a person.
            builder = builder.join(RoleGrant.self, on: \Person.$id == \RoleGrant.$person.$id)
                .filter(RoleGrant.self, \.$roleName == role.rawValue)
                .filter(RoleGrant.self, \.$organisationID == organisationID)
        }
        if let status = filter.status { builder = builder.filter(\.$status == status) }
        let paging = Paging(total: try await builder.count(), pageSize: pageSize, requested: requested)
        let people = try await builder.range(paging.offset..<(paging.offset + pageSize)).all()
        let ids = try people.map { try $0.requireID() }
        let grants = try await RoleGrant.query(on: context.database)
            .filter(\.$person.$id ~~ ids).filter(\.$organisationID == organisationID).all()
        let rolesByPerson = Dictionary(grouping: grants, by: { $0.$person.id }).mapValues {
            $0.compactMap(\.role).sorted()
        }
        let rows = try people.map { person in
            PersonRow(
                id: try person.requireID(), name: person.displayName, email: person.email, status: person.status,
                roles: rolesByPerson[try person.requireID()] ?? [])
        }
        return PeoplePage(rows: rows, paging: paging)
    }

    package func person(_ id: UUID) async throws -> PersonRow? {
        guard let person = try await Person.find(id, on: context.database) else { return nil }
        let roles = try await Accounts.roles(of: id, in: organisationID, on: context.database)
        return PersonRow(
            id: id, name: person.displayName, email: person.email, status: person.status, roles: roles.sorted())
    }

    package struct Invitation {
        package var name: String
        package var email: String
        package var roles: Set<Role>
    }

    /// Invites a member of staff by email; returns field errors or the new person's id.
    package func invite(_ invitation: Invitation, by admin: Actor) async throws -> Result<UUID, FormErrors> {
        var errors = FormErrors()
        let name = invitation.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let email = invitation.email.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.add("displayName", "Enter their name") }
        if !Accounts.isPlausibleEmail(email) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org")
        }
        if invitation.roles.isEmpty { errors.add("roles", "Select at least one role") }
        if errors.isEmpty, try await Accounts.person(email: email, on: context.database) != nil {
            errors.add(
                "email", "Someone already has an account with this email address: find them and change their roles")
        }
        guard errors.isEmpty else { return .failure(errors) }
        let personID = state.collaborators.newID()
        try await context.database.transaction { database in
            try await Person(id: personID, email: email, displayName: name, status: .invited).create(on: database)
            for role in invitation.roles.sorted() {
                try await RoleGrant(
                    personID: personID, organisationID: organisationID, role: role, grantedBy: admin.personID
                )
                .create(on: database)
                try await context.audit(
                    AdministrationAudit.roleGranted, resourceType: .roleGrant, resourceID: role.rawValue,
                    subject: personID,
                    on: database)
            }
            let token = try await OneTimeLinks.create(.acceptInvitation, for: personID, now: now, on: database)
            let message = AccountEmails.invitation(
                name: name, organisation: state.organisation?.name ?? "",
                link: context.link(.acceptInvitation(token)))
            try await Outbox.enqueue(to: email, subject: message.subject, body: message.body, now: now, on: database)
            try await context.audit(
                AdministrationAudit.personInvited, resourceType: .person, resourceID: personID.uuidString,
                subject: personID,
                on: database)
        }
        return .success(personID)
    }

    package enum ChangeRefusal: Error, Equatable {
        case notFound
        case wouldLockOutAdministrators
    }

    /// Sets a person's roles to exactly `roles`; their sessions end so the change takes effect with a fresh sign-in.
    package func setRoles(of personID: UUID, to roles: Set<Role>, by admin: Actor) async throws -> Result<
        Void, ChangeRefusal
    > {
        guard try await Person.find(personID, on: context.database) != nil else { return .failure(.notFound) }
        let current = try await Accounts.roles(of: personID, in: organisationID, on: context.database)
        if personID == admin.personID, current.contains(.admin), !roles.contains(.admin) {
            return .failure(.wouldLockOutAdministrators)
        }
        try await context.database.transaction { database in
            for role in roles.subtracting(current).sorted() {
                try await RoleGrant(
                    personID: personID, organisationID: organisationID, role: role, grantedBy: admin.personID
                )
                .create(on: database)
                try await context.audit(
                    AdministrationAudit.roleGranted, resourceType: .roleGrant, resourceID: role.rawValue,
                    subject: personID,
                    on: database)
            }
            for role in current.subtracting(roles).sorted() {
                try await RoleGrant.query(on: database).filter(\.$person.$id == personID)
                    .filter(\.$organisationID == organisationID).filter(\.$roleName == role.rawValue).delete()
                try await context.audit(
                    AdministrationAudit.roleRevoked, resourceType: .roleGrant, resourceID: role.rawValue,
                    subject: personID,
                    on: database)
            }
            if roles != current, personID != admin.personID {
                try await SessionStore.endAll(for: personID, on: database)
            }
        }
        return .success(())
    }

    /// Disables (ending every session at once) or re-enables an account.
    package func setStatus(of personID: UUID, disabled: Bool, by admin: Actor) async throws -> Result<
        Void, ChangeRefusal
    > {
        guard let person = try await Person.find(personID, on: context.database) else { return .failure(.notFound) }
        if personID == admin.personID { return .failure(.wouldLockOutAdministrators) }
        try await context.database.transaction { database in
            if disabled {
                person.status = .disabled
            } else {
                person.status = person.passwordHash == nil ? .invited : .active
            }
            try await person.update(on: database)
            if disabled { try await SessionStore.endAll(for: personID, on: database) }
            try await context.audit(
                disabled ? AdministrationAudit.accountDisabled : AdministrationAudit.accountEnabled,
                resourceType: .person, subject: personID,
                on: database)
        }
        return .success(())
    }
}
