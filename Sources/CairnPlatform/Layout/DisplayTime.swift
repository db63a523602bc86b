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
}

extension Request {
    package func displayTime(_ date: Date?) -> String {
        DisplayTime.format(date, in: application.cairn.configuration.timeZone)
    }
}
