public import Foundation

/// Working days: Monday to Friday, less the bank holidays of the organisation's nation, counted in its time zone.
///
/// Pure: give it the nation, the zone and the dates. Beyond the years the reference data covers, only weekends
/// are skipped (and `isCovered` says so), so a clock never stops; the reference list is extended each year.
///
/// Days are whole numbers (`CalendarDay.daysSinceEpoch`): a date becomes its day with one time-zone offset, and
/// stepping through days asks no calendar (pages work out a due day per row; Foundation's calendar arithmetic was
/// most of the triage page's time).
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
        CalendarDay(daysSinceEpoch: dayNumber(of: date))
    }

    /// Days since 1 January 1970 of `date`'s day in the organisation's zone.
    private func dayNumber(of date: Date) -> Int {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return Int((local / 86_400).rounded(.down))
    }

    private func isWorkingDay(number: Int) -> Bool {
        let weekday = ((number % 7) + 7 + 4) % 7  // 0 = Sunday; 1 January 1970 was a Thursday.
        return weekday != 0 && weekday != 6 && !holidays.contains(CalendarDay(daysSinceEpoch: number))
    }

    public func isCovered(_ day: CalendarDay) -> Bool { BankHolidays.coveredYears.contains(day.year) }

    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        isWorkingDay(number: day.daysSinceEpoch)
    }

    /// Midnight at the start of `day` in the organisation's zone.
    public func start(of day: CalendarDay) -> Date? {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    public func next(_ day: CalendarDay) -> CalendarDay {
        CalendarDay(daysSinceEpoch: day.daysSinceEpoch + 1)
    }

    /// The day `count` working days after `date`'s day (a referral on Friday with 5 working days is due the
    /// following Friday, later when holidays fall between).
    public func adding(_ count: Int, to date: Date) -> CalendarDay {
        var current = dayNumber(of: date)
        var remaining = count
        while remaining > 0 {
            current += 1
            if isWorkingDay(number: current) { remaining -= 1 }
        }
        return CalendarDay(daysSinceEpoch: current)
    }

    /// Working days after `from`'s day up to and including `to`'s day (0 on the same day).
    public func count(from: Date, to: Date) -> Int {
        var current = dayNumber(of: from)
        let end = dayNumber(of: to)
        var count = 0
        while current < end {
            current += 1
            if isWorkingDay(number: current) { count += 1 }
        }
        return count
    }
}
