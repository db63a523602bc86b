import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Personal API tokens: `cairn_` and 43 random characters, shown once, stored as SHA-256, revocable.
/// A token acts with its holder's roles at the time of each request (so revoking a role narrows it at once).
package struct APITokenService {
    package let database: any Database
    package let now: Date

    package static let prefix = "cairn_"

    package struct Created {
        package var token: APIToken
        package var secret: String
    }

    package func create(personID: UUID, name: String, lifetimeDays: Int?) async throws -> Created {
        let secret = Self.prefix + Secrets.token()
        let token = APIToken(
            personID: personID, name: name, tokenHash: Secrets.hash(secret), prefix: String(secret.prefix(12)),
            now: now,
            expiresAt: lifetimeDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) })
        try await token.create(on: database)
        return Created(token: token, secret: secret)
    }

    package func list(personID: UUID) async throws -> [APIToken] {
        try await APIToken.query(on: database).filter(\.$personID == personID).sort(\.$createdAt, .descending).all()
    }

    /// One page of the person's tokens, newest first, counted and paged in SQL.
    package func page(personID: UUID, page requested: Int, pageSize: Int = 50) async throws
        -> (tokens: [APIToken], paging: Paging)
    {
        let query = APIToken.query(on: database).filter(\.$personID == personID)
        let paging = Paging(total: try await query.count(), pageSize: pageSize, requested: requested)
        let tokens = try await APIToken.query(on: database).filter(\.$personID == personID)
            .sort(\.$createdAt, .descending).sort(\.$id).range(paging.offset..<(paging.offset + pageSize)).all()
        return (tokens, paging)
    }

    /// Revokes one of the person's own tokens; false when it is not theirs.
    package func revoke(tokenID: UUID, personID: UUID) async throws -> Bool {
        guard let token = try await APIToken.find(tokenID, on: database), token.personID == personID else {
            return false
        }
        if token.revokedAt == nil {
            token.revokedAt = now
            try await token.update(on: database)
        }
        return true
    }

    /// The live token behind a bearer secret, with its person (if active) and their roles, read in one query.
    package func authenticate(secret: String, request: Request) async throws -> (APIToken, SignedInIdentity?)? {
        guard secret.hasPrefix(Self.prefix), secret.count < 200,
            let (token, identity) = try await Accounts.credentialWithIdentity(
                APIToken.self, tokenHash: Secrets.hash(secret), request: request),
            token.revokedAt == nil, token.expiresAt.map({ $0 > now }) ?? true
        else { return nil }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.update(on: database)
        }
        return (token, identity)
    }
}
