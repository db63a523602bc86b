/// A day on the calendar, free of time zones: what bank holidays and due dates are made of.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days since 1 January 1970 (negative before it), on the proleptic Gregorian calendar: day arithmetic in
    /// whole numbers, with no calendar or time zone to consult (H. Hinnant's `days_from_civil`).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` days after 1 January 1970 (`civil_from_days`); the inverse of `daysSinceEpoch`.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        self.init(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * shifted + 2) / 5 + 1)
    }

    /// 0 for Sunday … 6 for Saturday.
    public var weekday: Int {
        let days = daysSinceEpoch
        return ((days % 7) + 7 + 4) % 7  // 1 January 1970 was a Thursday.
    }

    /// ISO 8601 (`2026-11-25`).
    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}

/// The UK nations, whose bank holidays differ (DOMAIN.md §7).
public enum Nation: String, CaseIterable, Codable, Sendable {
    case england
    case wales
    case scotland
    case northernIreland = "northern_ireland"

    public var title: String {
        switch self {
        case .england: "England"
        case .wales: "Wales"
        case .scotland: "Scotland"
        case .northernIreland: "Northern Ireland"
        }
    }
}

/// Bank holidays 2024–2028 for each nation, as published on gov.uk/bank-holidays (substitute days included).
/// `BankHolidayTests` re-derives every date from the rules (Easter, first and last Mondays, substitutes).
public enum BankHolidays {
    public static let coveredYears = 2024...2028

    public static func days(for nation: Nation) -> Set<CalendarDay> {
        switch nation {
        case .england, .wales: englandAndWales
        case .scotland: scotland
        case .northernIreland: northernIreland
        }
    }

    static let englandAndWales: Set<CalendarDay> = [
        .init(2024, 1, 1), .init(2024, 3, 29), .init(2024, 4, 1), .init(2024, 5, 6), .init(2024, 5, 27),
        .init(2024, 8, 26), .init(2024, 12, 25), .init(2024, 12, 26),
        .init(2025, 1, 1), .init(2025, 4, 18), .init(2025, 4, 21), .init(2025, 5, 5), .init(2025, 5, 26),
        .init(2025, 8, 25), .init(2025, 12, 25), .init(2025, 12, 26),
        .init(2026, 1, 1), .init(2026, 4, 3), .init(2026, 4, 6), .init(2026, 5, 4), .init(2026, 5, 25),
        .init(2026, 8, 31), .init(2026, 12, 25), .init(2026, 12, 28),
        .init(2027, 1, 1), .init(2027, 3, 26), .init(2027, 3, 29), .init(2027, 5, 3), .init(2027, 5, 31),
        .init(2027, 8, 30), .init(2027, 12, 27), .init(2027, 12, 28),
        .init(2028, 1, 3), .init(2028, 4, 14), .init(2028, 4, 17), .init(2028, 5, 1), .init(2028, 5, 29),
        .init(2028, 8, 28), .init(2028, 12, 25), .init(2028, 12, 26),
    ]

    static let scotland: Set<CalendarDay> = [
        .init(2024, 1, 1), .init(2024, 1, 2), .init(2024, 3, 29), .init(2024, 5, 6), .init(2024, 5, 27),
        .init(2024, 8, 5), .init(2024, 12, 2), .init(2024, 12, 25), .init(2024, 12, 26),
        .init(2025, 1, 1), .init(2025, 1, 2), .init(2025, 4, 18), .init(2025, 5, 5), .init(2025, 5, 26),
        .init(2025, 8, 4), .init(2025, 12, 1), .init(2025, 12, 25), .init(2025, 12, 26),
        .init(2026, 1, 1), .init(2026, 1, 2), .init(2026, 4, 3), .init(2026, 5, 4), .init(2026, 5, 25),
        .init(2026, 8, 3), .init(2026, 11, 30), .init(2026, 12, 25), .init(2026, 12, 28),
        .init(2027, 1, 1), .init(2027, 1, 4), .init(2027, 3, 26), .init(2027, 5, 3), .init(2027, 5, 31),
        .init(2027, 8, 2), .init(2027, 11, 30), .init(2027, 12, 27), .init(2027, 12, 28),
        .init(2028, 1, 3), .init(2028, 1, 4), .init(2028, 4, 14), .init(2028, 5, 1), .init(2028, 5, 29),
        .init(2028, 8, 7), .init(2028, 11, 30), .init(2028, 12, 25), .init(2028, 12, 26),
    ]

    static let northernIreland: Set<CalendarDay> = englandAndWales.union([
        .init(2024, 3, 18), .init(2024, 7, 12),
        .init(2025, 3, 17), .init(2025, 7, 14),
        .init(2026, 3, 17), .init(2026, 7, 13),
        .init(2027, 3, 17), .init(2027, 7, 12),
        .init(2028, 3, 17), .init(2028, 7, 12),
    ])
}
