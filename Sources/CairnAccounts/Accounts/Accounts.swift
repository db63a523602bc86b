import CairnCore
import CairnPlatform
import Fluent
import FluentSQL
import Foundation
import SQLKit
import Vapor

/// Reading people and their roles: the queries the rest of the app shares.
package enum Accounts {
    /// The credential whose token hashes to `tokenHash` (a sign-in session or an API token) and who it signs in:
    /// their name and roles in this organisation, nil when the person is no longer active. Every signed-in request
    /// asks this, so it is one statement written out once and read by column: building and decoding it through
    /// Fluent's models (reflection per field) and SQLKit's builder was a third of `GET /api/v1/me` (issue #21).
    package static func credentialWithIdentity<Credential: PersonCredential>(
        _ type: Credential.Type, tokenHash: String, request: Request
    ) async throws -> (credential: Credential, identity: SignedInIdentity?)? {
        let sql = request.db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT c.*, p.display_name AS identity_name, p.status AS identity_status, g.role AS identity_role,
                g.organisation_id AS identity_organisation
            FROM \(ident: Credential.schema) c
            LEFT JOIN people p ON p.id = c.person_id
            LEFT JOIN role_grants g ON g.person_id = c.person_id
            WHERE c.token_hash = \(bind: tokenHash)
            """
        ).all()
        guard let first = rows.first else { return nil }
        let credential = try first.decode(fluentModel: Credential.self)
        guard let organisation = request.application.cairn.organisation,
            let name = try first.decode(column: "identity_name", as: String?.self),
            try first.decode(column: "identity_status", as: String?.self) == Person.Status.active.rawValue
        else { return (credential, nil) }
        var roles: Set<Role> = []
        for row in rows {
            guard try row.decode(column: "identity_organisation", as: UUID?.self) == organisation.id,
                let role = try row.decode(column: "identity_role", as: String?.self).flatMap(Role.init(rawValue:))
            else { continue }
            roles.insert(role)
        }
        return (
            credential,
            SignedInIdentity(
                personID: try first.decode(column: "person_id", as: UUID.self), displayName: name, roles: roles)
        )
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

/// Who a credential signs in, as every request needs it: no model, nothing sealed.
package struct SignedInIdentity: Sendable {
    package var personID: UUID
    package var displayName: String
    package var roles: Set<Role>
}

/// A credential stored by the hash of its token for a person (`token_hash`, `person_id`): a sign-in session or an
/// API token.
package protocol PersonCredential: Model {}
extension SignInSession: PersonCredential {}
extension APIToken: PersonCredential {}
