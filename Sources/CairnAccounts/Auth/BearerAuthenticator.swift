import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Turns `Authorization: Bearer cairn_…` into an `Actor` for the JSON API. The API never reads the session
/// cookie, so a browser cannot be made to act through it (no CSRF surface). A token that does not work answers
/// 401 at once; no token leaves the request anonymous for the policy to refuse.
package struct BearerAuthenticator: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/v1/") else { return try await next.respond(to: request) }
        guard let header = request.headers.first(name: .authorization) else {
            return try await next.respond(to: request)
        }
        guard header.lowercased().hasPrefix("bearer ") else { throw Self.unauthorised }
        let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let state = request.application.cairn
        guard
            let (token, identity) = try await APITokenService(database: request.db, now: state.collaborators.now())
                .authenticate(secret: secret, request: request),
            let identity,
            let organisation = state.organisation
        else {
            try await request.audit(PlatformAudit.apiTokenRefused, resourceType: .apiToken, outcome: .denied)
            throw Self.unauthorised
        }
        request.actor = Actor(
            personID: identity.personID, displayName: identity.displayName, organisationID: organisation.id,
            roles: identity.roles, channel: .api(tokenID: try token.requireID()), isFullySignedIn: true)
        return try await next.respond(to: request)
    }

    package static let unauthorised = Abort(
        .unauthorized, headers: ["WWW-Authenticate": "Bearer"],
        reason: "Send a valid API token as `Authorization: Bearer cairn_…`; create one at /account/tokens.")

    package init() {}
}
