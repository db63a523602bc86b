public import Foundation

/// A field of a session's time, link and status. The page types the time as a date and a clock time; the API sends
/// one instant, `startsAt`, so both of the page's fields point there.
public enum SessionScheduleField: String, CaseIterable, Sendable {
    case date, time, videoLink, status

    public var formName: String { rawValue }

    public var jsonPointer: String {
        switch self {
        case .date, .time: "/startsAt"
        case .videoLink: "/videoLink"
        case .status: "/status"
        }
    }
}

/// A change to a session's time, link or status, as typed or sent, before it is checked (issue #12 item 4). A
/// field left out (nil) keeps what the session has; the page's empty fields clear the time and the link.
public struct SessionScheduleDraft: Sendable, Equatable {
    /// When the session starts.
    public enum Start: Sendable, Equatable {
        /// Not part of this change.
        case unchanged
        /// Sent empty: the time is no longer agreed.
        case cleared
        /// An instant (the API).
        case instant(Date)
        /// A date and a clock time in the organisation's time zone, as typed (the page).
        case typed(date: String, time: String)
    }

    public var start: Start
    public var videoLink: String?
    public var status: String?

    public init(start: Start = .unchanged, videoLink: String? = nil, status: String? = nil) {
        self.start = start
        self.videoLink = videoLink
        self.status = status
    }

    /// Reads the page's fields (`date`, `time`, `videoLink`, `status`): both time fields empty keep the time.
    public static func fromForm(_ value: (String) -> String?) -> SessionScheduleDraft {
        let date = (value("date") ?? "").trimmed
        let time = (value("time") ?? "").trimmed
        return SessionScheduleDraft(
            start: date.isEmpty && time.isEmpty ? .unchanged : .typed(date: date, time: time),
            videoLink: value("videoLink"), status: value("status"))
    }

    public struct Settings: Sendable, Equatable {
        public var startsAt: Date?
        public var videoLink: String?
        public var status: String
    }

    /// The change applied to what the session has now; `isKnownStatus` says which statuses exist.
    public func validate(
        startsAt current: Date?, videoLink currentLink: String?, status currentStatus: String, in zone: TimeZone,
        isKnownStatus: (String) -> Bool
    ) -> Result<Settings, DraftRefusal<SessionScheduleField>> {
        var problems: [DraftProblem<SessionScheduleField>] = []
        var startsAt = current
        switch start {
        case .unchanged: break
        case .cleared: startsAt = nil
        case .instant(let instant): startsAt = instant
        case .typed(let date, let time):
            startsAt = nil
            if let day = CalendarDay(iso: date) {
                if let minutes = Self.minutesPastMidnight(time) {
                    var calendar = Calendar(identifier: .gregorian)
                    calendar.timeZone = zone
                    startsAt = calendar.date(
                        from: DateComponents(
                            year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))
                } else {
                    problems.append(.init(.time, "Enter a time like 14:30"))
                }
            } else {
                problems.append(.init(.date, "Enter the date as a real date"))
            }
        }
        // Left out (an API client changing only the status): unchanged. Sent empty (the page's field): removed.
        let link = (videoLink ?? currentLink ?? "").trimmed
        if !link.isEmpty, !MeetingLink.isAcceptable(link) {
            problems.append(.init(.videoLink, "Enter the meeting's https:// address, as the video service gives it"))
        }
        let status = status ?? currentStatus
        if !isKnownStatus(status) { problems.append(.init(.status, "Choose what happened to the session")) }
        guard problems.isEmpty else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Settings(startsAt: startsAt, videoLink: link.isEmpty ? nil : link, status: status))
    }

    /// "14:30" → 870; anything else is nil.
    public static func minutesPastMidnight(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
