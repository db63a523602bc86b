import Foundation

/// When supervision meets in a new starter's first six months (seed 002: supportive supervision makes the role
/// work): weekly in the first month, then monthly. Days count from the first day of work.
public enum SupervisionSchedule {
    /// The meeting days for an induction starting on `start`: days 7, 14, 21 and 28, then the same day of each
    /// following month to the sixth (the last day of a shorter month when the day does not exist in it).
    public static func days(from start: CalendarDay) -> [CalendarDay] {
        days(from: start, weekly: standardWeekly, monthly: standardMonthly)
    }

    /// The standard: weekly for the first four weeks, then five monthly meetings (to six months).
    public static let standardWeekly = 4
    public static let standardMonthly = 5
    /// What a template may ask for.
    public static let allowed = 0...12

    /// `weekly` meetings a week apart from day 7, then `monthly` meetings on the same day of each month, the first
    /// in the first month that falls more than two weeks after the last weekly one.
    public static func days(from start: CalendarDay, weekly: Int, monthly: Int) -> [CalendarDay] {
        let weeks = max(0, min(weekly, allowed.upperBound))
        let months = max(0, min(monthly, allowed.upperBound))
        var days = (0..<weeks).map { start.adding(days: 7 * ($0 + 1)) }
        let settled = start.adding(days: 7 * weeks + 14)
        var first = 1
        while start.adding(months: first) <= settled { first += 1 }
        for offset in 0..<months {
            days.append(start.adding(months: first + offset))
        }
        return days
    }

    /// What is wrong with a schedule a lead typed, or nil.
    public static func problem(weekly: String, monthly: String) -> String? {
        guard let weekly = Int(weekly.trimmingCharacters(in: .whitespaces)), allowed.contains(weekly),
            let monthly = Int(monthly.trimmingCharacters(in: .whitespaces)), allowed.contains(monthly)
        else { return "Enter how many weekly and monthly meetings, each from 0 to 12" }
        return nil
    }

    public static let minutes = 60
    /// The hour a planned meeting starts at, in the organisation's time zone; the supervisor moves it as needed.
    public static let startMinute = 16 * 60
}

extension CalendarDay {
    /// The same day `count` months on, or the last day of that month when it is shorter.
    public func adding(months count: Int) -> CalendarDay {
        let index = (year * 12 + (month - 1)) + count
        let year = index / 12
        let month = index % 12 + 1
        return CalendarDay(year, month, min(day, MeetingRule.daysIn(year: year, month: month)))
    }
}

/// A field of a supervision record or action, by its form name and JSON pointer.
public enum SupervisionField: String, CaseIterable, Sendable {
    case topics, record, actionText, actionOwner, actionDue, privateNote

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// What the supervisor writes after a meeting: the topics and a short record both sides read.
public struct SupervisionRecordDraft: Sendable, Equatable {
    public var topics: String
    public var record: String

    public init(topics: String = "", record: String = "") {
        self.topics = topics
        self.record = record
    }

    public struct Checked: Sendable, Equatable {
        public var topics: String
        public var record: String
    }

    public func checked() -> Result<Checked, DraftRefusal<SupervisionField>> {
        var problems: [DraftProblem<SupervisionField>] = []
        let topics = topics.trimmingCharacters(in: .whitespacesAndNewlines)
        let record = record.trimmingCharacters(in: .whitespacesAndNewlines)
        if topics.isEmpty { problems.append(.init(.topics, "Enter what you talked about")) }
        if topics.count > 1_000 { problems.append(.init(.topics, "Keep the topics to 1,000 characters or fewer")) }
        if record.count > 4_000 { problems.append(.init(.record, "Keep the record to 4,000 characters or fewer")) }
        guard problems.isEmpty else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(topics: topics, record: record))
    }
}

/// An action agreed at supervision, as typed.
public struct SupervisionActionDraft: Sendable, Equatable {
    public var text: String
    public var owner: String
    public var dueOn: String

    public init(text: String = "", owner: String = "", dueOn: String = "") {
        self.text = text
        self.owner = owner
        self.dueOn = dueOn
    }

    public struct Checked: Sendable, Equatable {
        public var text: String
        public var owner: InductionOwner
        public var dueOn: CalendarDay
    }

    /// Owned by the new starter or the supervisor; due from the meeting's day to a year after today.
    public func checked(meetingDay: CalendarDay, today: CalendarDay) -> Result<
        Checked, DraftRefusal<SupervisionField>
    > {
        var problems: [DraftProblem<SupervisionField>] = []
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems.append(.init(.actionText, "Enter the action")) }
        if text.count > 500 { problems.append(.init(.actionText, "Keep the action to 500 characters or fewer")) }
        let owner = InductionOwner(rawValue: owner).flatMap { $0 == .department ? nil : $0 }
        if owner == nil { problems.append(.init(.actionOwner, "Choose who will do it")) }
        let due = CalendarDay(iso: dueOn.trimmingCharacters(in: .whitespaces))
        if let due {
            if due < min(meetingDay, today) || due > today.adding(days: 366) {
                problems.append(.conflict(.actionDue, "Enter a date from the meeting to a year from today"))
            }
        } else {
            problems.append(.init(.actionDue, "Enter when it is due as a real date"))
        }
        guard problems.isEmpty, let owner, let due else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(text: text, owner: owner, dueOn: due))
    }
}
