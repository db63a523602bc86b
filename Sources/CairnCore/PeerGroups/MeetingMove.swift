public import Foundation

/// A one-off move of one meeting (issue #16 item 2): another day, start or length, and for that meeting only another
/// place. The group's rule is unchanged; the day the rule gave is remembered, so planning never puts it back.
public struct MeetingMove: Sendable, Equatable {
    public var day: String
    public var startTime: String
    public var minutes: String
    /// Empty: the group's usual place.
    public var place: String

    public init(day: String, startTime: String, minutes: String, place: String = "") {
        self.day = day
        self.startTime = startTime
        self.minutes = minutes
        self.place = place
    }

    /// What the move sets, once it checked.
    public struct Checked: Sendable, Equatable {
        public var day: CalendarDay
        public var startMinute: Int
        public var minutes: Int
        public var place: String?
    }

    /// A move may reach this far ahead.
    public static let furthestDays = 550

    /// The checked move, or every problem by field (`day`, `startTime`, `minutes`, `place`). `today` bounds the day:
    /// from today to `furthestDays` ahead (whether the start has already passed is decided with the clock).
    /// Every problem with a move, by field.
    public struct Problems: Error, Sendable, Equatable {
        public var byField: [String: String]
    }

    public func checked(today: CalendarDay) -> Result<Checked, Problems> {
        var problems: [String: String] = [:]
        let day = CalendarDay(iso: day.trimmingCharacters(in: .whitespaces))
        if let day {
            if day < today { problems["day"] = "Choose a day from today on" }
            if day > today.adding(days: Self.furthestDays) { problems["day"] = "Choose a day within 18 months" }
        } else {
            problems["day"] = "Enter the new date as a real date"
        }
        let start = MeetingRule.minute(ofClock: startTime)
        if start == nil { problems["startTime"] = "Enter a time like 12:30" }
        let minutes = Int(minutes.trimmingCharacters(in: .whitespaces))
        if minutes == nil || !(15...480).contains(minutes!) {
            problems["minutes"] = "A meeting lasts between 15 minutes and 8 hours"
        }
        let place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        if place.count > 300 { problems["place"] = "Keep the place to 300 characters or fewer" }
        guard problems.isEmpty, let day, let start, let minutes else { return .failure(Problems(byField: problems)) }
        return .success(Checked(day: day, startMinute: start, minutes: minutes, place: place.isEmpty ? nil : place))
    }

    /// The start of the moved meeting in `timeZone`.
    public static func start(of move: Checked, in timeZone: TimeZone) -> Date? {
        MeetingRule(ordinal: 1, weekday: 1, startMinute: move.startMinute, minutes: move.minutes)
            .start(on: move.day, in: timeZone)
    }
}
