import CairnCore
import Foundation
import Vapor

/// Who is asking: a signed-in person with their roles in the current organisation, by session or by token.
struct Actor: Sendable, Equatable {
    enum Channel: Sendable, Equatable {
        case browser(sessionID: UUID)
        case api(tokenID: UUID)
    }

    var personID: UUID
    var displayName: String
    var organisationID: UUID
    var roles: Set<Role>
    var channel: Channel
    /// False between password and second factor: such an actor may only finish signing in or sign out.
    var isFullySignedIn: Bool

    var isStaff: Bool { roles.contains { $0.isStaff } }
    var needsSecondFactor: Bool { roles.contains { $0.requiresSecondFactor } }
    var sortedRoleNames: [String] { roles.sorted().map(\.rawValue) }
}

extension Request {
    private struct ActorKey: StorageKey {
        typealias Value = Actor
    }

    /// Set by `SessionAuthenticator` (pages) or `BearerAuthenticator` (API); nil for a visitor.
    var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }
}
