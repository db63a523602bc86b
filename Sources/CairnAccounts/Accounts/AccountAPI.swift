import CairnAPI
import CairnCore
import CairnPlatform
import Fluent
import Vapor

extension APIHandler {
    package func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard let person = try await Person.find(actor.personID, on: request.db) else { throw Abort(.unauthorized) }
        let roles = actor.roles.sorted().compactMap { Components.Schemas.Me.RolesPayloadPayload(rawValue: $0.rawValue) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: actor.personID.uuidString.lowercased(), displayName: person.displayName,
                        email: person.email,
                        organisationId: actor.organisationID.uuidString.lowercased(), roles: roles))))
    }

    /// `GET /api/v1/me/tokens`: the caller's own tokens as `/account/tokens` lists them (never a secret or hash).
    package func listOwnTokens(_ input: Operations.ListOwnTokens.Input) async throws -> Operations.ListOwnTokens.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let now = request.application.cairn.collaborators.now()
        let (tokens, paging) = try await APITokenService(database: request.db, now: now).page(
            personID: actor.personID, page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        tokens: try tokens.map { try Self.tokenRecord($0, now: now) }))))
    }

    /// `DELETE /api/v1/me/tokens/{tokenId}`: revokes one of the caller's own tokens (the one in use, too: a client
    /// retiring itself). Making a token stays in the browser: a token never mints another, so revoking a leaked one
    /// ends its access.
    package func revokeOwnToken(_ input: Operations.RevokeOwnToken.Input) async throws
        -> Operations.RevokeOwnToken.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard let tokenID = UUID(uuidString: input.path.tokenId) else { throw Abort(.notFound) }
        let service = APITokenService(database: request.db, now: request.application.cairn.collaborators.now())
        guard try await service.revoke(tokenID: tokenID, personID: actor.personID) else { throw Abort(.notFound) }
        try await request.audit(
            AccountsAudit.apiTokenRevoked, resourceType: .apiToken, resourceID: tokenID.uuidString,
            subject: actor.personID)
        return .noContent(.init())
    }

    static func tokenRecord(_ token: APIToken, now: Date) throws -> Components.Schemas.APITokenRecord {
        let expired = token.expiresAt.map { $0 <= now } ?? false
        return .init(
            id: try token.requireID().uuidString.lowercased(), name: token.name, prefix: token.prefix,
            createdAt: token.createdAt, lastUsedAt: token.lastUsedAt, expiresAt: token.expiresAt,
            status: token.revokedAt != nil ? .revoked : (expired ? .expired : .active))
    }
}
