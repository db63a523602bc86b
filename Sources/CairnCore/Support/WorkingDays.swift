public import Foundation

/// Working days: Monday to Friday, less the bank holidays of the organisation's nation, counted in its time zone.
///
/// Pure: give it the nation, the zone and the dates. Beyond the years the reference data covers, only weekends
/// are skipped (and `isCovered` says so), so a clock never stops; the reference list is extended each year.
public struct WorkingDays: Sendable {
    public var nation: Nation
    public var timeZone: TimeZone
    private let holidays: Set<CalendarDay>
    private let calendar: Calendar

    public init(nation: Nation, timeZone: TimeZone) {
        self.nation = nation
        self.timeZone = timeZone
        self.holidays = BankHolidays.days(for: nation)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public func day(of date: Date) -> CalendarDay {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(parts.year!, parts.month!, parts.day!)
    }

    public func isCovered(_ day: CalendarDay) -> Bool { BankHolidays.coveredYears.contains(day.year) }

    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        guard let date = start(of: day) else { return false }
        let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday, 7 = Saturday
        return weekday != 1 && weekday != 7 && !holidays.contains(day)
    }

    /// Midnight at the start of `day` in the organisation's zone.
    public func start(of day: CalendarDay) -> Date? {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    public func next(_ day: CalendarDay) -> CalendarDay {
        guard let date = start(of: day), let following = calendar.date(byAdding: .day, value: 1, to: date) else {
            return day
        }
        return self.day(of: following)
    }

    /// The day `count` working days after `date`'s day (a referral on Friday with 5 working days is due the
    /// following Friday, later when holidays fall between).
    public func adding(_ count: Int, to date: Date) -> CalendarDay {
        var current = day(of: date)
        var remaining = count
        while remaining > 0 {
            current = next(current)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// Working days after `from`'s day up to and including `to`'s day (0 on the same day).
    public func count(from: Date, to: Date) -> Int {
        var current = day(of: from)
        let end = day(of: to)
        guard current < end else { return 0 }
        var count = 0
        while current < end {
            current = next(current)
            if isWorkingDay(current) { count += 1 }
        }
        return count
    }
}
