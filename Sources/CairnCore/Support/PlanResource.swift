public import Foundation

/// What kind of thing from elsewhere in Cairn a support plan item points to (issue #19 item 6): a guide in the
/// library or an upcoming learning event. Each kind is the support of one intervention, so the plan's figures
/// (support by kind, cost per case) count it like any other item.
public enum PlanResourceKind: String, CaseIterable, Codable, Sendable {
    case libraryItem = "library_item"
    case learningEvent = "learning_event"

    /// The intervention a plan item of this kind records.
    public var intervention: Intervention {
        switch self {
        case .libraryItem: .resources
        case .learningEvent: .learningEvent
        }
    }

    public var title: String {
        switch self {
        case .libraryItem: "Library item"
        case .learningEvent: "Learning event"
        }
    }
}

/// A guide or an event, by kind and id: all a plan item keeps of it (its title and place are asked of the feature
/// that owns it each time the plan is shown, so a renamed guide or a moved event is never shown stale).
public struct PlanResourceReference: Hashable, Sendable {
    public var kind: PlanResourceKind
    public var id: UUID

    public init(kind: PlanResourceKind, id: UUID) {
        self.kind = kind
        self.id = id
    }
}
