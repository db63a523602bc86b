/// Where a support episode stands. Only the moves in `allowedNext` are possible, and each is recorded.
///
/// referred → triaged → active → closing → closed, with declined (by the unit, with a reason) and withdrawn
/// (by the clinician, at any open stage).
public enum CaseState: String, CaseIterable, Codable, Sendable {
    case referred
    case triaged
    case active
    case closing
    case closed
    case declined
    case withdrawn

    public var allowedNext: Set<CaseState> {
        switch self {
        case .referred: [.triaged, .declined, .withdrawn]
        case .triaged: [.active, .declined, .withdrawn]
        case .active: [.closing, .withdrawn]
        case .closing: [.closed, .active, .withdrawn]
        case .closed, .declined, .withdrawn: []
        }
    }

    public var isOpen: Bool { !allowedNext.isEmpty }

    public func canMove(to next: CaseState) -> Bool { allowedNext.contains(next) }

    /// How the state is named to a clinician and to staff.
    public var title: String {
        switch self {
        case .referred: "Received"
        case .triaged: "Being arranged"
        case .active: "Support under way"
        case .closing: "Closing"
        case .closed: "Closed"
        case .declined: "Redirected"
        case .withdrawn: "Withdrawn"
        }
    }

    /// A move, checked: the error names both states, so a person can see why it was refused.
    public func moving(to next: CaseState) throws(CaseStateError) -> CaseState {
        guard canMove(to: next) else { throw CaseStateError(from: self, to: next) }
        return next
    }
}

public struct CaseStateError: Error, Equatable, Sendable, CustomStringConvertible {
    public var from: CaseState
    public var to: CaseState

    public var description: String {
        "A case that is \(from.title.lowercased()) cannot become \(to.title.lowercased())."
    }
}
