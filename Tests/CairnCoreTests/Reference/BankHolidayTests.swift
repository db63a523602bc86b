import Foundation
import Testing

@testable import CairnCore

/// Re-derives every bank holiday from the published rules, independently of the table.
@Suite("Bank holidays")
struct BankHolidayTests {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func weekday(_ day: CalendarDay) -> Int {
        calendar.component(
            .weekday, from: calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!)
    }

    static func shifted(_ day: CalendarDay, by days: Int) -> CalendarDay {
        let date = calendar.date(
            byAdding: .day, value: days,
            to: calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(parts.year!, parts.month!, parts.day!)
    }

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    static func easter(_ year: Int) -> CalendarDay {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        return CalendarDay(year, (h + l - 7 * m + 114) / 31, ((h + l - 7 * m + 114) % 31) + 1)
    }

    static func firstMonday(_ year: Int, _ month: Int) -> CalendarDay {
        var day = CalendarDay(year, month, 1)
        while weekday(day) != 2 { day = shifted(day, by: 1) }
        return day
    }

    static func lastMonday(_ year: Int, _ month: Int) -> CalendarDay {
        var day = shifted(CalendarDay(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1), by: -1)
        while weekday(day) != 2 { day = shifted(day, by: -1) }
        return day
    }

    /// A holiday on a weekend moves to the next weekday not already taken.
    static func substituted(_ days: [CalendarDay]) -> Set<CalendarDay> {
        var taken = Set<CalendarDay>()
        for day in days {
            var actual = day
            while [1, 7].contains(weekday(actual)) || taken.contains(actual) { actual = shifted(actual, by: 1) }
            taken.insert(actual)
        }
        return taken
    }

    static func englandAndWales(_ year: Int) -> Set<CalendarDay> {
        let easter = easter(year)
        return substituted([CalendarDay(year, 1, 1)]).union([
            shifted(easter, by: -2), shifted(easter, by: 1), firstMonday(year, 5), lastMonday(year, 5),
            lastMonday(year, 8),
        ]).union(substituted([CalendarDay(year, 12, 25), CalendarDay(year, 12, 26)]))
    }

    @Test(arguments: Array(BankHolidays.coveredYears))
    func englandAndWalesFollowTheRules(year: Int) {
        let table = BankHolidays.days(for: .england).filter { $0.year == year }
        #expect(table == Self.englandAndWales(year))
        #expect(BankHolidays.days(for: .wales) == BankHolidays.days(for: .england))
    }

    @Test(arguments: Array(BankHolidays.coveredYears))
    func scotlandFollowsTheRules(year: Int) {
        let easter = Self.easter(year)
        let expected = Self.substituted([CalendarDay(year, 1, 1), CalendarDay(year, 1, 2)])
            .union([
                Self.shifted(easter, by: -2), Self.firstMonday(year, 5), Self.lastMonday(year, 5),
                Self.firstMonday(year, 8),
            ])
            .union(Self.substituted([CalendarDay(year, 11, 30)]))
            .union(Self.substituted([CalendarDay(year, 12, 25), CalendarDay(year, 12, 26)]))
        #expect(BankHolidays.days(for: .scotland).filter { $0.year == year } == expected)
    }

    @Test(arguments: Array(BankHolidays.coveredYears))
    func northernIrelandAddsStPatrickAndTheBoyne(year: Int) {
        let expected = Self.englandAndWales(year)
            .union(Self.substituted([CalendarDay(year, 3, 17)])).union(Self.substituted([CalendarDay(year, 7, 12)]))
        #expect(BankHolidays.days(for: .northernIreland).filter { $0.year == year } == expected)
    }
}
