import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Reading people and their roles: the queries the rest of the app shares.
package enum Accounts {
    /// The credential a request carries (a session, an API token) with its person, if active, and the person's roles
    /// in the current organisation, in one query: the credential left-joined to its person and their role grants, a
    /// row per grant. Every signed-in request pays this one query before any work (it was three).
    package static func credentialWithIdentity<Credential: Model>(
        _ query: QueryBuilder<Credential>, person personID: KeyPath<Credential, FieldProperty<Credential, UUID>>,
        request: Request
    ) async throws -> (credential: Credential, identity: (Person, Set<Role>)?)? {
        let rows = try await query.join(Person.self, on: personID == \Person.$id, method: .left)
            .join(RoleGrant.self, on: personID == \RoleGrant.$person.$id, method: .left)
            .all()
        guard let credential = rows.first else { return nil }
        guard let organisation = request.application.cairn.organisation,
            let person = try? credential.joined(Person.self), person.id != nil, person.status == .active
        else { return (credential, nil) }
        let roles = rows.compactMap { row -> Role? in
            guard let grant = try? row.joined(RoleGrant.self), grant.id != nil,
                grant.organisationID == organisation.id
            else { return nil }
            return grant.role
        }
        return (credential, (person, Set(roles)))
    }

    package static func roles(of personID: UUID, in organisationID: UUID, on database: any Database) async throws
        -> Set<Role>
    {
        let grants = try await RoleGrant.query(on: database)
            .filter(\.$person.$id == personID).filter(\.$organisationID == organisationID).all()
        return Set(grants.compactMap(\.role))
    }

    /// Whether `password` is this person's; a person with no password (invited, demo) never matches.
    package static func passwordMatches(_ password: String, for person: Person, request: Request) async throws -> Bool {
        try await passwordMatches(password, for: person, context: ServiceContext(request))
    }

    package static func passwordMatches(_ password: String, for person: Person, context: ServiceContext)
        async throws -> Bool
    {
        guard let hash = person.passwordHash, !password.isEmpty else { return false }
        return try await context.state.passwordHasher.verify(password, against: hash, on: context.threadPool)
    }

    /// Names by id for the people given, in one query (authors of notes and messages, case managers).
    package static func displayNames(of ids: some Collection<UUID>, on database: any Database) async throws -> [UUID:
        String]
    {
        guard !ids.isEmpty else { return [:] }
        let people = try await Person.query(on: database).filter(\.$id ~~ Set(ids)).all()
        return Dictionary(uniqueKeysWithValues: try people.map { (try $0.requireID(), $0.displayName) })
    }

    package static func person(email: String, on database: any Database) async throws -> Person? {
        try await Person.query(on: database).filter(\.$emailNormalised == Person.normalise(email: email)).first()
    }

    /// A plausible email: one @, something either side, a dot in the domain, no spaces.
    package static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), email.count <= 254
        else { return false }
        return !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
    }
}
