public import Foundation

/// When a peer group meets: "monthly, the first Tuesday, 12:30 for 60 minutes", in the organisation's time zone.
///
/// The semantics are RFC 5545's `FREQ=MONTHLY;BYDAY=1TU` (or `-1TU` for the last), and `rrule` says it that way for
/// calendars. A bank holiday of the organisation's nation is skipped, not moved (an `EXDATE` in the same terms): a
/// group that meets on the first Monday does not meet on the May Day holiday, and nobody has to guess a new date.
public struct MeetingRule: Sendable, Equatable, Codable {
    /// Which of the month's weekdays: 1 to 4, or -1 for the last.
    public var ordinal: Int
    /// ISO weekday: 1 Monday … 7 Sunday.
    public var weekday: Int
    /// Minutes after local midnight when the meeting starts.
    public var startMinute: Int
    /// How long it lasts.
    public var minutes: Int

    public init(ordinal: Int, weekday: Int, startMinute: Int, minutes: Int) {
        self.ordinal = ordinal
        self.weekday = weekday
        self.startMinute = startMinute
        self.minutes = minutes
    }

    public static let ordinals: [(value: Int, title: String)] = [
        (1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last"),
    ]
    public static let weekdays: [(value: Int, title: String, code: String)] = [
        (1, "Monday", "MO"), (2, "Tuesday", "TU"), (3, "Wednesday", "WE"), (4, "Thursday", "TH"), (5, "Friday", "FR"),
        (6, "Saturday", "SA"), (7, "Sunday", "SU"),
    ]

    /// `FREQ=MONTHLY;BYDAY=1TU`.
    public var rrule: String {
        "FREQ=MONTHLY;BYDAY=\(ordinal)\(Self.weekdays.first { $0.value == weekday }?.code ?? "MO")"
    }

    /// "First Tuesday of each month, 12:30 to 13:30".
    public var summary: String {
        let which = Self.ordinals.first { $0.value == ordinal }?.title ?? "First"
        let day = Self.weekdays.first { $0.value == weekday }?.title ?? "Monday"
        return "\(which) \(day) of each month, \(Self.clock(startMinute)) to \(Self.clock(startMinute + minutes))"
    }

    static func clock(_ minute: Int) -> String {
        let hours = (minute / 60) % 24
        let minutes = minute % 60
        return "\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
    }

    /// The meeting days from `first` through `last` (inclusive), without the days in `skipping`.
    public func days(from first: CalendarDay, through last: CalendarDay, skipping: Set<CalendarDay> = [])
        -> [CalendarDay]
    {
        var result: [CalendarDay] = []
        var year = first.year
        var month = first.month
        while (year, month) <= (last.year, last.month) {
            if let day = Self.day(ordinal: ordinal, weekday: weekday, year: year, month: month), day >= first,
                day <= last, !skipping.contains(day)
            {
                result.append(day)
            }
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        return result
    }

    /// The `ordinal`th `weekday` of a month, or nil when the month has no such day.
    public static func day(ordinal: Int, weekday: Int, year: Int, month: Int) -> CalendarDay? {
        let length = daysIn(year: year, month: month)
        let firstWeekday = isoWeekday(CalendarDay(year, month, 1))
        let firstMatch = 1 + (weekday - firstWeekday + 7) % 7
        if ordinal == -1 {
            var day = firstMatch
            while day + 7 <= length { day += 7 }
            return CalendarDay(year, month, day)
        }
        let day = firstMatch + (ordinal - 1) * 7
        return day <= length ? CalendarDay(year, month, day) : nil
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO weekday (1 Monday … 7 Sunday), from days since 1970-01-01 (a Thursday).
    public static func isoWeekday(_ day: CalendarDay) -> Int {
        let days = daysFromCivil(day)
        return ((days % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(_ day: CalendarDay) -> Int {
        let y = day.month <= 2 ? day.year - 1 : day.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (day.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The start of a meeting on `day`, in `timeZone`.
    public func start(on day: CalendarDay, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(
            from: DateComponents(
                year: day.year, month: day.month, day: day.day, hour: startMinute / 60, minute: startMinute % 60))
    }

    /// What is wrong with a rule a facilitator typed, by field; empty when it is sound.
    public var problems: [String: String] {
        var problems: [String: String] = [:]
        if !Self.ordinals.contains(where: { $0.value == ordinal }) { problems["ordinal"] = "Choose which week" }
        if !(1...7).contains(weekday) { problems["weekday"] = "Choose a day of the week" }
        if !(0..<(24 * 60)).contains(startMinute) { problems["startTime"] = "Enter a time like 12:30" }
        if !(15...480).contains(minutes) { problems["minutes"] = "A meeting lasts between 15 minutes and 8 hours" }
        return problems
    }

    /// "12:30" → 750; nil when it is not a 24-hour time.
    public static func minute(ofClock text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), parts[1].count == 2,
            (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }
}

extension CalendarDay {
    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDay {
        let z = MeetingRule.daysFromCivil(self) + count + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return CalendarDay(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
