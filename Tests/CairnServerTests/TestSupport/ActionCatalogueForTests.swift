@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// The actions of the whole application, as the features declare them: what the matrix and contract tests read
/// names back into.
extension Action {
    static var allCases: [Action] { CairnFeatures.all.flatMap(\.actions) }

    init?(rawValue: String) {
        guard let action = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = action
    }
}

extension ActionCatalogue {
    static var cairn: ActionCatalogue {
        get throws { try ActionCatalogue(Action.allCases) }
    }
}
