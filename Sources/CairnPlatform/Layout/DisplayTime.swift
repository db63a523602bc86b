import CairnCore
import Foundation
import Vapor

/// Times are stored in UTC and shown in the organisation's time zone, in plain English ("25 Nov 2026, 13:04").
package enum DisplayTime {
    package static func format(_ date: Date?, in zone: TimeZone) -> String {
        guard let date else { return "Never" }
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: "en_GB"))
        style.timeZone = zone
        return date.formatted(style)
    }

    private static func components(_ date: Date, in zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
    }

    /// "Tuesday 2 March 2027": a day in prose, with its weekday (for what people plan to attend).
    package static func day(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(date, in: zone)
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let day = CalendarDay(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        return weekdays[((parts.weekday ?? 1) - 1) % 7] + " " + day.longText
    }

    /// "09:30", on the 24-hour clock.
    package static func clock(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(date, in: zone)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// "09:30:12", on the 24-hour clock with seconds (when figures were worked out).
    package static func clockWithSeconds(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// "2027-03-02": the day as a form's date field holds it.
    package static func isoDay(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(date, in: zone)
        return CalendarDay(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1).description
    }
}

extension Request {
    package func displayTime(_ date: Date?) -> String {
        DisplayTime.format(date, in: application.cairn.configuration.timeZone)
    }
}
