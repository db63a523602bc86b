import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Turns the session cookie into an `Actor` for pages. The JSON API never reads the cookie (bearer tokens only).
package struct SessionAuthenticator: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard !request.url.path.hasPrefix("/api/"), !RequestMetrics.isStatic(request.url.path) else {
            return try await next.respond(to: request)
        }
        let settings = request.application.cairn.configuration.security
        var loaded: SignedInIdentity?
        // Asking how long is left (the time-out warning) must not itself count as activity.
        let touch = request.url.path != SiteURL.sessionRemaining.path
        let session = try await SessionStore(request: request).find(touch: touch) { _, identity in
            loaded = identity
            guard let roles = loaded?.roles else { return -1 }
            return roles.contains(where: \.isStaff) ? settings.staffIdle : settings.idle
        }
        if let session, let identity = loaded, let organisation = request.application.cairn.organisation {
            request.signInSession = session
            request.actor = Actor(
                personID: identity.personID, displayName: identity.displayName, organisationID: organisation.id,
                roles: identity.roles, channel: .browser(sessionID: try session.requireID()),
                isFullySignedIn: session.secondFactorDone)
            request.headerSignOut = HeaderSignOut(
                action: SiteURL.signOut.path, csrf: session.csrfToken,
                timeOut: session.secondFactorDone
                    ? SessionTimeOut(
                        idleSeconds: Int(request.sessionIdleLimit ?? 0),
                        remainingSeconds: SessionStore(request: request).remainingSeconds(),
                        remainingPath: SiteURL.sessionRemaining.path, keepAlivePath: SiteURL.sessionKeepAlive.path)
                    : nil)
        }
        return try await next.respond(to: request)
    }

    package init() {}
}
