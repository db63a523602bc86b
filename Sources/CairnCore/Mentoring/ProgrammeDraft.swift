import Foundation

/// How a programme pairs its mentors and mentees.
public enum ProgrammeMatching: String, Codable, Sendable, CaseIterable {
    /// The best total fit (the optimal matcher).
    case optimal
    /// Stable from both sides' rankings, derived from the scores (the stable matcher).
    case stable
    /// The programme lead pairs people by hand; proposals start empty.
    case manual
}

/// A field of a programme's settings: its form name and, as a JSON pointer, where the API carries it, so a refusal
/// names the field whichever way the settings came.
public enum ProgrammeField: Hashable, Sendable {
    case name, audience, cohortStartsOn, sessionCount, sessionMinutes, sessionMode, windowMonths, matchingMode
    case weight(ScoreFactor)

    public static var allCases: [ProgrammeField] {
        [.name, .audience, .cohortStartsOn, .sessionCount, .sessionMinutes, .sessionMode, .windowMonths, .matchingMode]
            + ScoreFactor.allCases.map(ProgrammeField.weight)
    }

    public var formName: String {
        switch self {
        case .name: "name"
        case .audience: "audience"
        case .cohortStartsOn: "cohort_starts_on"
        case .sessionCount: "session_count"
        case .sessionMinutes: "session_minutes"
        case .sessionMode: "session_mode"
        case .windowMonths: "window_months"
        case .matchingMode: "matching_mode"
        case .weight(let factor): "weight_" + factor.rawValue
        }
    }

    public var jsonPointer: String {
        switch self {
        case .name: "/name"
        case .audience: "/audience"
        case .cohortStartsOn: "/cohortStartsOn"
        case .sessionCount: "/sessionCount"
        case .sessionMinutes: "/sessionMinutes"
        case .sessionMode: "/sessionMode"
        case .windowMonths: "/windowMonths"
        case .matchingMode: "/matchingMode"
        case .weight(let factor): "/weights/" + factor.rawValue
        }
    }
}

/// A programme's settings as typed on the page or sent to the API, before they are checked (issue #12 item 4).
public struct ProgrammeDraft: Sendable, Equatable {
    public var name: String?
    public var audience: String?
    public var cohortStartsOn: String?
    public var sessionCount: Int?
    public var sessionMinutes: Int?
    public var sessionMode: String?
    public var windowMonths: Int?
    public var matchingMode: String?
    /// Points per factor; a factor left out keeps its standard weight.
    public var weights: [ScoreFactor: Int] = [:]
    public var excludeSameEmployer = true
    public var excludeSameSpecialty = false
    public var openForApplications = false
    /// Fields whose typed text was not a whole number (a form's text; the API's numbers are always numbers).
    public var unreadable: Set<ProgrammeField> = []

    public init() {}

    /// Reads a form's text fields (`value(formName)`) and its rule checkboxes.
    public static func fromForm(_ value: (String) -> String?, rules: Set<String>) -> ProgrammeDraft {
        var draft = ProgrammeDraft()
        func text(_ field: ProgrammeField) -> String? { value(field.formName)?.trimmed.nonEmptyValue }
        func number(_ field: ProgrammeField) -> Int? {
            guard let typed = text(field) else { return nil }
            guard let number = Int(typed) else {
                draft.unreadable.insert(field)
                return nil
            }
            return number
        }
        draft.name = text(.name)
        draft.audience = text(.audience)
        draft.cohortStartsOn = text(.cohortStartsOn)
        draft.sessionCount = number(.sessionCount)
        draft.sessionMinutes = number(.sessionMinutes)
        draft.sessionMode = text(.sessionMode)
        draft.windowMonths = number(.windowMonths)
        draft.matchingMode = text(.matchingMode)
        for factor in ScoreFactor.allCases {
            if let points = number(.weight(factor)) { draft.weights[factor] = points }
        }
        draft.excludeSameEmployer = rules.contains("exclude_same_employer")
        draft.excludeSameSpecialty = rules.contains("exclude_same_specialty")
        draft.openForApplications = rules.contains("open_for_applications")
        return draft
    }

    /// Checked settings, ready to store.
    public struct Settings: Sendable, Equatable {
        public var name: String
        public var audience: String
        public var cohortStartsOn: CalendarDay
        public var template: SessionTemplate
        public var matching: ProgrammeMatching
        public var weights: ProgrammeWeights
        public var excludeSameEmployer: Bool
        public var excludeSameSpecialty: Bool
        public var openForApplications: Bool
    }

    public typealias Problem = DraftProblem<ProgrammeField>

    public func validate() -> Result<Settings, DraftRefusal<ProgrammeField>> {
        var problems: [Problem] = []
        let name = (self.name ?? "").trimmed
        if name.isEmpty { problems.append(.init(.name, "Enter the programme's name")) }
        if name.count > 160 { problems.append(.init(.name, "The name must be 160 characters or fewer")) }
        let audience = (self.audience ?? "").trimmed
        if audience.isEmpty { problems.append(.init(.audience, "Say who the programme is for")) }
        if audience.count > 500 { problems.append(.init(.audience, "Keep this to 500 characters or fewer")) }
        let start = CalendarDay(iso: cohortStartsOn ?? "")
        if start == nil { problems.append(.init(.cohortStartsOn, "Enter the date the cohort starts")) }
        let mode = SessionTemplate.Mode(rawValue: sessionMode ?? "")
        let template = SessionTemplate(
            count: sessionCount ?? 0, minutes: sessionMinutes ?? 0, mode: mode ?? .video,
            windowMonths: windowMonths ?? 0)
        for problem in template.problems {
            switch problem {
            case .count: problems.append(.init(.sessionCount, problem.message))
            case .minutes: problems.append(.init(.sessionMinutes, problem.message))
            case .window: problems.append(.init(.windowMonths, problem.message))
            }
        }
        if mode == nil { problems.append(.init(.sessionMode, "Choose how sessions happen")) }
        let matching = ProgrammeMatching(rawValue: matchingMode ?? "")
        if matching == nil { problems.append(.init(.matchingMode, "Choose how mentors and mentees are matched")) }
        var points = ProgrammeWeights.standard.points
        var weightsRead = true
        for factor in ScoreFactor.allCases {
            if unreadable.contains(.weight(factor)) {
                problems.append(.init(.weight(factor), "A weight is a whole number from 0 to 1000"))
                weightsRead = false
            } else if let given = weights[factor] {
                guard (0...1000).contains(given) else {
                    problems.append(.init(.weight(factor), "A weight is a whole number from 0 to 1000"))
                    weightsRead = false
                    continue
                }
                points[factor] = given
            }
        }
        var checkedWeights = ProgrammeWeights.standard
        if weightsRead {
            do { checkedWeights = try ProgrammeWeights(points) } catch {
                problems.append(
                    .init(.weight(.sameProfession), error.message.prefix(1).uppercased() + error.message.dropFirst()))
            }
        }
        guard problems.isEmpty, let start, let matching else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Settings(
                name: name, audience: audience, cohortStartsOn: start, template: template, matching: matching,
                weights: checkedWeights, excludeSameEmployer: excludeSameEmployer,
                excludeSameSpecialty: excludeSameSpecialty, openForApplications: openForApplications))
    }
}
