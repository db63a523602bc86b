/// What a case discussion was about, chosen from a list so trends can be counted without reading anything.
public enum DiscussionTheme: String, CaseIterable, Sendable, Codable {
    case uncertainty
    case conflict
    case error
    case bereavement
    case boundaries
    case workload
    case communication
    case ethics
    case wellbeing

    public var title: String {
        switch self {
        case .uncertainty: "Uncertainty"
        case .conflict: "Conflict"
        case .error: "Error or near miss"
        case .bereavement: "Death and bereavement"
        case .boundaries: "Professional boundaries"
        case .workload: "Workload and pressure"
        case .communication: "Communication"
        case .ethics: "Ethical dilemma"
        case .wellbeing: "Own wellbeing"
        }
    }
}
