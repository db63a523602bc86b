import CairnCore
import Foundation
import Vapor

/// Who is asking: a signed-in person with their roles in the current organisation, by session or by token.
package struct Actor: Sendable, Equatable {
    package enum Channel: Sendable, Equatable {
        case browser(sessionID: UUID)
        case api(tokenID: UUID)
    }

    package var personID: UUID
    package var displayName: String
    package var organisationID: UUID
    package var roles: Set<Role>
    package var channel: Channel
    /// False between password and second factor: such an actor may only finish signing in or sign out.
    package var isFullySignedIn: Bool

    package var isStaff: Bool { roles.contains { $0.isStaff } }
    package var needsSecondFactor: Bool { roles.contains { $0.requiresSecondFactor } }
    package var sortedRoleNames: [String] { roles.sorted().map(\.rawValue) }

    package init(
        personID: UUID, displayName: String, organisationID: UUID, roles: Set<Role>, channel: Channel,
        isFullySignedIn: Bool
    ) {
        self.personID = personID
        self.displayName = displayName
        self.organisationID = organisationID
        self.roles = roles
        self.channel = channel
        self.isFullySignedIn = isFullySignedIn
    }
}

extension Request {
    private struct ActorKey: StorageKey {
        package typealias Value = Actor
    }

    /// Set by `SessionAuthenticator` (pages) or `BearerAuthenticator` (API); nil for a visitor.
    package var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }
}
