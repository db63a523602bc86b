import CairnCore
import Foundation

/// The one place that decides whether an actor may do an action on a resource. Deny by default.
///
/// Support is separate from assessment: no role reaches support content through a rule here unless it is inside
/// that support relationship; administrators manage accounts, never support content.
enum Policy {
    enum Decision: Equatable, Sendable {
        case allow
        /// No one is signed in: pages send the person to sign in, the API answers 401.
        case signInRequired
        /// Signed in with a password; the second factor is still owed.
        case secondFactorRequired
        case deny
    }

    /// The record an action touches, when it touches one.
    enum Resource: Sendable, Equatable {
        case none
        /// Something belonging to a person (their sessions, tokens, account).
        case ownedBy(UUID)
    }

    static func decide(_ actor: Actor?, _ action: Action, on resource: Resource = .none) -> Decision {
        switch action {
        case .viewPublicPage, .checkOperations, .signIn, .register, .recoverAccount, .acceptInvitation:
            return .allow
        case .completeSecondFactor, .signOut:
            return actor == nil ? .signInRequired : .allow
        default:
            break
        }
        guard let actor else { return .signInRequired }
        guard actor.isFullySignedIn else { return .secondFactorRequired }
        switch action {
        case .viewOwnAccount, .manageOwnAccount, .manageOwnTokens, .readOrganisation, .readOwnProfile:
            return owns(actor, resource) ? .allow : .deny
        case .findPeople, .invitePeople, .changeRoles, .changeAccountStatus:
            return actor.roles.contains(.admin) ? .allow : .deny
        case .viewPublicPage, .checkOperations, .signIn, .register, .recoverAccount, .acceptInvitation,
            .completeSecondFactor, .signOut:
            return .allow
        }
    }

    private static func owns(_ actor: Actor, _ resource: Resource) -> Bool {
        switch resource {
        case .none: true
        case .ownedBy(let owner): owner == actor.personID
        }
    }
}
