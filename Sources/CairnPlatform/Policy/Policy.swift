import Foundation

/// The one place that decides whether an actor may do an action on a resource. Deny by default.
///
/// The decision itself is the action's rule (`Action`, declared by each feature next to its actions); this type
/// asks who is signed in first, so no rule sees a visitor or a half-signed-in person.
///
/// Support is separate from assessment: no role reaches support content through a rule unless it is inside that
/// support relationship; administrators manage accounts, never support content.
package enum Policy {
    package enum Decision: Equatable, Sendable {
        case allow
        /// No one is signed in: pages send the person to sign in, the API answers 401.
        case signInRequired
        /// Signed in with a password; the second factor is still owed.
        case secondFactorRequired
        case deny
    }

    /// The record an action touches, when it touches one.
    package enum Resource: Sendable, Equatable {
        case none
        /// Something belonging to a person (their sessions, tokens, account, a suggestion addressed to them).
        case ownedBy(UUID)
        /// A record of a feature, described by the actor's standing to it (a feature's own type).
        case record(any PolicyStanding)

        /// The standing, when the resource is a record of that kind.
        package func standing<Standing: PolicyStanding>(_ type: Standing.Type) -> Standing? {
            if case .record(let standing) = self { standing as? Standing } else { nil }
        }

        package static func == (lhs: Resource, rhs: Resource) -> Bool {
            switch (lhs, rhs) {
            case (.none, .none): true
            case (.ownedBy(let a), .ownedBy(let b)): a == b
            case (.record(let a), .record(let b)): AnyHashable(a) == AnyHashable(b)
            default: false
            }
        }
    }

    package static func decide(_ actor: Actor?, _ action: Action, on resource: Resource = .none) -> Decision {
        switch action.audience {
        case .anyone:
            return .allow
        case .signedIn:
            return actor == nil ? .signInRequired : .allow
        case .fullySignedIn:
            guard let actor else { return action.decideForVisitor(on: resource) }
            guard actor.isFullySignedIn else { return .secondFactorRequired }
            return action.decide(actor, on: resource)
        }
    }
}

/// How an actor stands to one record of a feature (their relation to a case, their place in a pair): what a rule
/// decides with. Each feature defines its own.
package protocol PolicyStanding: Sendable, Hashable {}

extension Policy.Resource {
    /// The resource is nothing, or something the actor owns.
    package func isOwned(by actor: Actor) -> Bool {
        switch self {
        case .none: true
        case .ownedBy(let owner): owner == actor.personID
        case .record: false
        }
    }
}
