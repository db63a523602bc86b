public import Foundation

/// An iCalendar (RFC 5545) writer for mentoring sessions: a stable UID per session, SEQUENCE bumped on every
/// change, METHOD:CANCEL with STATUS:CANCELLED when a session is called off, text escaped and lines folded at 75
/// octets, CRLF line ends.
public enum ICalendar {
    public struct Event: Sendable, Equatable {
        public var uid: String
        public var sequence: Int
        public var start: Date
        public var minutes: Int
        public var summary: String
        public var description: String?
        public var location: String?
        public var cancelled: Bool
        public var stamp: Date

        public init(
            uid: String, sequence: Int, start: Date, minutes: Int, summary: String, description: String? = nil,
            location: String? = nil, cancelled: Bool = false, stamp: Date
        ) {
            self.uid = uid
            self.sequence = sequence
            self.start = start
            self.minutes = minutes
            self.summary = summary
            self.description = description
            self.location = location
            self.cancelled = cancelled
            self.stamp = stamp
        }
    }

    /// One calendar. `method` is PUBLISH for a feed, REQUEST for an invitation, CANCEL for a cancellation.
    public static func calendar(_ events: [Event], method: String = "PUBLISH") -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cairn//Mentoring//EN", "CALSCALE:GREGORIAN",
            "METHOD:\(method)",
        ]
        for event in events { lines += eventLines(event) }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func eventLines(_ event: Event) -> [String] {
        var lines = [
            "BEGIN:VEVENT", "UID:\(escape(event.uid))", "SEQUENCE:\(event.sequence)", "DTSTAMP:\(utc(event.stamp))",
            "DTSTART:\(utc(event.start))", "DTEND:\(utc(event.start.addingTimeInterval(Double(event.minutes) * 60)))",
            "SUMMARY:\(escape(event.summary))", "STATUS:\(event.cancelled ? "CANCELLED" : "CONFIRMED")",
        ]
        if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
        if let location = event.location { lines.append("LOCATION:\(escape(location))") }
        lines.append("END:VEVENT")
        return lines
    }

    /// `20261125T140000Z`.
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return
            "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after CRLF and a space, never splitting a character.
    static func fold(_ line: String) -> String {
        var result = ""
        var width = 0
        for character in line {
            let size = String(character).utf8.count
            if width + size > 75 {
                result += "\r\n "
                width = 1
            }
            result.append(character)
            width += size
        }
        return result
    }
}
