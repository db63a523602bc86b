import Foundation

/// A support-plan item as typed on the page or sent to the API, before it is checked (issue #12 item 4): one
/// field enum names each field for the form and, as a JSON pointer, for the API, so a refusal names the field
/// whichever way it came.
public enum PlanItemField: String, CaseIterable, Sendable {
    case intervention, status, provider, startsOn, endsOn, reviewOn, cost

    /// The form field's name (and the id its error summary links to).
    public var formName: String { rawValue }

    /// Where the field sits in the API's JSON body.
    public var jsonPointer: String { self == .cost ? "/costPence" : "/" + rawValue }
}

/// Where a plan item stands.
public enum PlanItemStatus: String, CaseIterable, Codable, Sendable {
    case proposed, agreed
    case inProgress = "in_progress"
    case done, cancelled

    public var title: String {
        switch self {
        case .proposed: "Proposed"
        case .agreed: "Agreed"
        case .inProgress: "In progress"
        case .done: "Done"
        case .cancelled: "Cancelled"
        }
    }
}

/// One thing wrong with a draft, and the field it belongs to.
public struct DraftProblem<Field: Sendable & Equatable>: Sendable, Equatable {
    public var field: Field
    public var message: String
    /// The value is well formed but the record's state or today's date does not allow it (a 409 through the API,
    /// not a 422): a booking in the past, a step the route does not have.
    public var isConflictWithState = false

    public init(_ field: Field, _ message: String) {
        self.field = field
        self.message = message
    }

    /// A problem with the value's fit to the record's state or to today, not with the value itself.
    public static func conflict(_ field: Field, _ message: String) -> DraftProblem {
        var problem = DraftProblem(field, message)
        problem.isConflictWithState = true
        return problem
    }
}

/// A draft that did not check: every problem, each with its field.
public struct DraftRefusal<Field: Sendable & Equatable>: Error, Sendable, Equatable {
    public var problems: [DraftProblem<Field>]

    public init(problems: [DraftProblem<Field>]) {
        self.problems = problems
    }
}

public struct PlanItemDraft: Sendable, Equatable {
    public var intervention: String?
    public var status: String?
    public var provider: String?
    public var startsOn: String?
    public var endsOn: String?
    public var reviewOn: String?
    /// The cost as typed ("120", "£120.50", "1,200"), or nil for none.
    public var cost: String?
    /// The cost in pence, as the API sends it (used when `cost` is nil).
    public var costPence: Int?

    public init(
        intervention: String? = nil, status: String? = nil, provider: String? = nil, startsOn: String? = nil,
        endsOn: String? = nil, reviewOn: String? = nil, cost: String? = nil, costPence: Int? = nil
    ) {
        self.intervention = intervention
        self.status = status
        self.provider = provider
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.reviewOn = reviewOn
        self.cost = cost
        self.costPence = costPence
    }

    /// A checked plan item.
    public struct Settings: Sendable, Equatable {
        public var intervention: Intervention
        public var status: PlanItemStatus
        public var provider: String?
        public var startsOn: CalendarDay?
        public var endsOn: CalendarDay?
        public var reviewOn: CalendarDay?
        public var costPence: Int
    }

    public typealias Problem = DraftProblem<PlanItemField>

    public func validate() -> Result<Settings, DraftRefusal<PlanItemField>> {
        var problems: [Problem] = []
        let intervention = Intervention(rawValue: intervention ?? "")
        if intervention == nil { problems.append(.init(.intervention, "Select the support to add")) }
        let status = PlanItemStatus(rawValue: status?.nonEmptyValue ?? PlanItemStatus.proposed.rawValue)
        if status == nil { problems.append(.init(.status, "Select where this support stands")) }
        let pence = cost.map(Self.pence) ?? .some(costPence ?? 0)
        if pence == nil || (pence ?? 0) < 0 || (pence ?? 0) > 99_999_999 {
            problems.append(.init(.cost, "Enter the cost in pounds, like 120 or 120.50, or leave it empty"))
        }
        var days: [PlanItemField: CalendarDay] = [:]
        for (field, value) in [(PlanItemField.startsOn, startsOn), (.endsOn, endsOn), (.reviewOn, reviewOn)] {
            guard let value = value?.nonEmptyValue else { continue }
            if let day = Self.day(value) {
                days[field] = day
            } else {
                problems.append(.init(field, "Enter the date as a real date"))
            }
        }
        if let start = days[.startsOn], let end = days[.endsOn], end < start {
            problems.append(.init(.endsOn, "The end date must be on or after the start date"))
        }
        if (provider ?? "").unicodeScalars.count > 160 {
            problems.append(.init(.provider, "Provider must be 160 characters or fewer"))
        }
        guard problems.isEmpty, let intervention, let status, let pence else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(
            Settings(
                intervention: intervention, status: status, provider: provider?.nonEmptyValue,
                startsOn: days[.startsOn], endsOn: days[.endsOn], reviewOn: days[.reviewOn], costPence: pence))
    }

    /// "120", "£120.50", "1,200" → pence; empty is free; anything else is nil.
    public static func pence(_ text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "")
            .trimmed
        if cleaned.isEmpty { return 0 }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let pounds = Int(parts[0].isEmpty ? "0" : String(parts[0])), pounds < 1_000_000
        else { return nil }
        guard parts.count == 2 else { return pounds * 100 }
        let fraction = String(parts[1])
        guard fraction.count <= 2, let pennies = Int(fraction.isEmpty ? "0" : fraction) else { return nil }
        return pounds * 100 + (fraction.count == 1 ? pennies * 10 : pennies)
    }

    /// A real calendar date written year-month-day (2026-02-31 is not one).
    public static func day(_ text: String) -> CalendarDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (2000...2100).contains(year), (1...12).contains(month), day >= 1
        else { return nil }
        let lengths = [
            31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        guard day <= lengths[month - 1] else { return nil }
        return CalendarDay(year, month, day)
    }
}

extension String {
    var nonEmptyValue: String? {
        let value = trimmed
        return value.isEmpty ? nil : value
    }
}
