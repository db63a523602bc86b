import CairnCore

/// Something a route or an operation does, named, with the rule that decides who may do it.
///
/// Every route declares one (see `RoutesBuilder.on(_:action:use:)`) and `Policy` decides each for each actor. A
/// feature declares its own actions next to their rules (`extension Action { static let … }` in its folder) and
/// lists them in `Feature.actions`; nothing outside the feature names them. Deny by default: a route without an
/// action answers 403, and a rule that does not recognise a record's standing denies.
package struct Action: Hashable, Sendable, CustomStringConvertible {
    /// Who the action is open to before its rule is asked.
    package enum Audience: Sendable {
        /// Visitors too: the rule is not asked.
        case anyone
        /// Anyone who has given a password, even with the second factor still owed (finishing or leaving sign-in).
        case signedIn
        /// A fully signed-in person, and then only as the rule decides.
        case fullySignedIn
    }

    /// The name the authorisation matrix, the audit log and `openapi.yaml`'s `x-cairn-action` use.
    package let rawValue: String
    package let audience: Audience
    /// Decided with the record in hand: a route naming a record with such an action needs a loader for the gate.
    package let isDecidedOnARecord: Bool
    private let rule: @Sendable (Actor, Policy.Resource) -> Policy.Decision
    /// What a visitor (no one signed in) gets, decided on the record's standing: for what may be public (an event,
    /// a library item). Nil: visitors are sent to sign in. On no record a visitor is let in (a list shows them only
    /// what is public); on a record the rule's `.deny` sends them to sign in too.
    private let visitorRule: (@Sendable (Policy.Resource) -> Policy.Decision)?

    package init(
        _ rawValue: String, for audience: Audience = .fullySignedIn, decidedOnARecord: Bool = false,
        rule: @escaping @Sendable (Actor, Policy.Resource) -> Policy.Decision = { _, _ in .allow },
        visitors: (@Sendable (Policy.Resource) -> Policy.Decision)? = nil
    ) {
        self.rawValue = rawValue
        self.audience = audience
        self.isDecidedOnARecord = decidedOnARecord
        self.rule = rule
        self.visitorRule = visitors
    }

    /// Whether visitors are asked about at all (the action has a rule for them).
    package var admitsVisitors: Bool { visitorRule != nil }

    /// The visitors' rule: allowed only where it says so; everywhere else they are asked to sign in.
    package func decideForVisitor(on resource: Policy.Resource) -> Policy.Decision {
        guard let visitorRule else { return .signInRequired }
        if resource == .none { return .allow }
        return visitorRule(resource) == .allow ? .allow : .signInRequired
    }

    /// The rule, for a fully signed-in actor.
    package func decide(_ actor: Actor, on resource: Policy.Resource) -> Policy.Decision {
        rule(actor, resource)
    }

    package var description: String { rawValue }

    package static func == (lhs: Action, rhs: Action) -> Bool { lhs.rawValue == rhs.rawValue }
    package func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// Helpers rules are written with.
extension Action {
    /// Allowed to anyone holding one of `roles`, on no record.
    package static func holding(_ roles: Role...) -> @Sendable (Actor, Policy.Resource) -> Policy.Decision {
        let roles = Set(roles)
        return { actor, _ in actor.roles.isDisjoint(with: roles) ? .deny : .allow }
    }
}

/// Every action of the application, gathered from its features: how `openapi.yaml`'s `x-cairn-action` names and
/// the authorisation matrix's rows are read back into actions. Two features naming the same action stop start-up.
package struct ActionCatalogue: Sendable {
    package let all: [Action]
    private let byName: [String: Action]

    package init(_ actions: [Action]) throws {
        var byName: [String: Action] = [:]
        for action in actions {
            guard byName.updateValue(action, forKey: action.rawValue) == nil else {
                throw ConfigurationError("features", "declare the action \"\(action.rawValue)\" twice.")
            }
        }
        self.all = actions
        self.byName = byName
    }

    package func action(named name: String) -> Action? { byName[name] }
}
