public import Foundation

/// A field of the event forms, by its form name and the JSON pointer the API reports it at.
public enum EventField: Sendable, Equatable, Hashable {
    case title, description, professions, grades, staffOnly, visibility, format, place, videoLink, capacity
    case bookingOpens, bookingCloses, cpdHours, sessions
    /// One session's row (0-based): its date, its start and end time.
    case sessionDate(Int)
    case sessionStart(Int)
    case sessionEnd(Int)
    case rating, usefulness, comment

    public var formName: String {
        switch self {
        case .sessionDate(let row): "session\(row + 1)Date"
        case .sessionStart(let row): "session\(row + 1)Start"
        case .sessionEnd(let row): "session\(row + 1)End"
        default: String(describing: self)
        }
    }

    /// The JSON pointer of a field named by its form name (what `FormErrors` keeps); other names pass as `/name`.
    public static func jsonPointer(forFormName name: String) -> String {
        let simple: [EventField] = [
            .title, .description, .professions, .grades, .staffOnly, .visibility, .format, .place, .videoLink,
            .capacity, .bookingOpens, .bookingCloses, .cpdHours, .sessions, .rating, .usefulness, .comment,
        ]
        if let field = simple.first(where: { $0.formName == name }) { return field.jsonPointer }
        for row in 0..<EventDraft.maximumSessions {
            for field in [EventField.sessionDate(row), .sessionStart(row), .sessionEnd(row)]
            where field.formName == name {
                return field.jsonPointer
            }
        }
        return "/" + name
    }

    public var jsonPointer: String {
        switch self {
        case .sessionDate(let row), .sessionStart(let row): "/sessions/\(row)/startsAt"
        case .sessionEnd(let row): "/sessions/\(row)/endsAt"
        case .bookingOpens: "/bookingOpensAt"
        case .bookingCloses: "/bookingClosesAt"
        default: "/" + String(describing: self)
        }
    }
}

private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

/// An event as an organiser types it (the page: dates and clock times in the organisation's zone) or sends it (the
/// API: instants), before it is checked.
public struct EventDraft: Sendable, Equatable {
    /// A session's times.
    public enum SessionTimes: Sendable, Equatable {
        /// The page's row: a date and two clock times ("2027-03-04", "09:30", "12:30").
        case typed(date: String, start: String, end: String)
        case instants(start: Date, end: Date)
    }

    /// When booking opens or closes: left to its default, a typed day, or an instant.
    public enum Moment: Sendable, Equatable {
        case unset
        case day(String)
        case instant(Date)
    }

    public var title: String
    public var description: String
    public var professions: [String]
    public var grades: [String]
    public var staffOnly: Bool
    public var visibility: String
    public var format: String
    public var place: String
    public var videoLink: String
    public var capacity: String
    public var bookingOpens: Moment
    public var bookingCloses: Moment
    public var cpdHours: String
    public var sessions: [SessionTimes]

    public init(
        title: String = "", description: String = "", professions: [String] = [], grades: [String] = [],
        staffOnly: Bool = false, visibility: String = EventVisibility.members.rawValue,
        format: String = EventFormat.inPerson.rawValue, place: String = "", videoLink: String = "",
        capacity: String = "", bookingOpens: Moment = .unset, bookingCloses: Moment = .unset, cpdHours: String = "",
        sessions: [SessionTimes] = []
    ) {
        self.title = title
        self.description = description
        self.professions = professions
        self.grades = grades
        self.staffOnly = staffOnly
        self.visibility = visibility
        self.format = format
        self.place = place
        self.videoLink = videoLink
        self.capacity = capacity
        self.bookingOpens = bookingOpens
        self.bookingCloses = bookingCloses
        self.cpdHours = cpdHours
        self.sessions = sessions
    }

    /// How many session rows the page offers.
    public static let pageSessionRows = 4
    public static let maximumSessions = 20
    public static let maximumCapacity = 1_000

    public struct Session: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public var minutes: Int { Int(end.timeIntervalSince(start) / 60) }
    }

    public struct Checked: Sendable, Equatable {
        public var title: String
        public var description: String
        public var professions: [Profession]
        public var grades: [Grade]
        public var staffOnly: Bool
        public var visibility: EventVisibility
        public var format: EventFormat
        public var place: String?
        public var videoLink: String?
        public var capacity: Int
        public var bookingOpensAt: Date
        public var bookingClosesAt: Date
        public var cpdMinutes: Int
        /// In order of time, none overlapping.
        public var sessions: [Session]
    }

    /// Checks every field. `now` is when it is saved (booking opens then unless a day is given); sessions may be up
    /// to a year back (an event held before Cairn, recorded for its certificates) or two years ahead.
    public func checked(now: Date, in zone: TimeZone) -> Result<Checked, DraftRefusal<EventField>> {
        var problems: [DraftProblem<EventField>] = []
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let title = trimmed(title)
        if title.isEmpty { problems.append(.init(.title, "Enter the event's title")) }
        if title.count > 160 { problems.append(.init(.title, "Keep the title to 160 characters or fewer")) }
        let description = trimmed(description)
        if description.isEmpty {
            problems.append(.init(.description, "Describe the event: what it covers and who it is for"))
        }
        if description.count > 20_000 {
            problems.append(.init(.description, "Keep the description to 20,000 characters or fewer"))
        }
        let professions = professions.compactMap { Profession(rawValue: trimmed($0)) }
        if professions.count != self.professions.count {
            problems.append(.init(.professions, "Choose professions from the list"))
        }
        let grades = grades.compactMap { Grade(rawValue: trimmed($0)) }
        if grades.count != self.grades.count {
            problems.append(.init(.grades, "Choose grades from the list"))
        }
        let visibility = EventVisibility(rawValue: trimmed(visibility))
        if visibility == nil { problems.append(.init(.visibility, "Choose who may see the event")) }
        if staffOnly, visibility == .public {
            problems.append(.conflict(.visibility, "An event for unit staff only cannot be public"))
        }
        let format = EventFormat(rawValue: trimmed(format))
        if format == nil { problems.append(.init(.format, "Choose how the event is held")) }
        let place = trimmed(place)
        let link = trimmed(videoLink)
        if let format {
            if format.needsPlace, place.isEmpty { problems.append(.init(.place, "Enter where the event is held")) }
            if format.needsLink, link.isEmpty {
                problems.append(.init(.videoLink, "Enter the video meeting's https:// address"))
            }
        }
        if place.count > 300 { problems.append(.init(.place, "Keep the place to 300 characters or fewer")) }
        if !link.isEmpty, !MeetingLink.isAcceptable(link) {
            problems.append(.init(.videoLink, "Enter the meeting's https:// address, as the video service gives it"))
        }
        let capacity = Int(trimmed(capacity))
        if capacity == nil || !(1...Self.maximumCapacity).contains(capacity!) {
            problems.append(.init(.capacity, "Enter the number of places, from 1 to 1,000"))
        }
        let hoursText = trimmed(cpdHours).replacingOccurrences(of: ",", with: ".")
        var cpdMinutes = 0
        if !hoursText.isEmpty {
            if let hours = Double(hoursText), hours.isFinite, hours >= 0, hours <= 100,
                (hours * 4).rounded() == hours * 4
            {
                cpdMinutes = Int((hours * 60).rounded())
            } else {
                problems.append(.init(.cpdHours, "Enter CPD hours from 0 to 100, in quarter hours, like 1.5"))
            }
        }
        let sessions = checkSessions(now: now, calendar: calendar, into: &problems)
        let firstStart = sessions.first?.start
        let opensAt: Date? =
            switch bookingOpens {
            case .unset: now
            case .instant(let instant): instant
            case .day(let text):
                if trimmed(text).isEmpty {
                    now
                } else if let day = CalendarDay(iso: trimmed(text)) {
                    calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
                } else {
                    nil
                }
            }
        var closesAt: Date? =
            switch bookingCloses {
            case .unset: firstStart
            case .instant(let instant): instant
            case .day(let text):
                if trimmed(text).isEmpty {
                    firstStart
                } else if let day = CalendarDay(iso: trimmed(text)) {
                    calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day + 1))
                } else {
                    nil
                }
            }
        if opensAt == nil { problems.append(.init(.bookingOpens, "Enter the day booking opens")) }
        if closesAt == nil, firstStart != nil {
            problems.append(.init(.bookingCloses, "Enter the day booking closes"))
        }
        if let start = firstStart, let close = closesAt, close > start { closesAt = start }
        if let opensAt, let closesAt, opensAt >= closesAt, problems.isEmpty {
            problems.append(.conflict(.bookingCloses, "Booking must close after it opens, and by the event's start"))
        }
        guard problems.isEmpty, let visibility, let format, let capacity, let opensAt, let closesAt else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(
            Checked(
                title: title, description: description, professions: Profession.allCases.filter(professions.contains),
                grades: Grade.allCases.filter(grades.contains), staffOnly: staffOnly, visibility: visibility,
                format: format, place: format.needsPlace ? place : (place.isEmpty ? nil : place),
                videoLink: link.isEmpty ? nil : link, capacity: capacity, bookingOpensAt: opensAt,
                bookingClosesAt: closesAt, cpdMinutes: cpdMinutes, sessions: sessions))
    }

    private func checkSessions(now: Date, calendar: Calendar, into problems: inout [DraftProblem<EventField>])
        -> [Session]
    {
        var sessions: [Session] = []
        var rowOf: [Int] = []
        for (row, times) in self.sessions.enumerated() {
            switch times {
            case .instants(let start, let end):
                guard end > start else {
                    problems.append(.conflict(.sessionEnd(row), "A session ends after it starts"))
                    continue
                }
                sessions.append(Session(start: start, end: end))
                rowOf.append(row)
            case .typed(let date, let start, let end):
                let date = trimmed(date)
                let start = trimmed(start)
                let end = trimmed(end)
                if date.isEmpty, start.isEmpty, end.isEmpty { continue }
                guard let day = CalendarDay(iso: date) else {
                    problems.append(.init(.sessionDate(row), "Enter the session's date"))
                    continue
                }
                guard let from = SessionScheduleDraft.minutesPastMidnight(start) else {
                    problems.append(.init(.sessionStart(row), "Enter the time it starts, like 09:30"))
                    continue
                }
                guard let to = SessionScheduleDraft.minutesPastMidnight(end) else {
                    problems.append(.init(.sessionEnd(row), "Enter the time it ends, like 12:30"))
                    continue
                }
                guard to > from else {
                    problems.append(.init(.sessionEnd(row), "A session ends after it starts"))
                    continue
                }
                func instant(_ minutes: Int) -> Date? {
                    calendar.date(
                        from: DateComponents(
                            year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))
                }
                guard let startsAt = instant(from), let endsAt = instant(to) else { continue }
                sessions.append(Session(start: startsAt, end: endsAt))
                rowOf.append(row)
            }
        }
        if self.sessions.count > Self.maximumSessions {
            problems.append(.init(.sessions, "An event has at most \(Self.maximumSessions) sessions"))
        }
        for (index, session) in sessions.enumerated() {
            let row = rowOf[index]
            if session.end.timeIntervalSince(session.start) > 12 * 3600 {
                problems.append(.conflict(.sessionEnd(row), "A session lasts at most 12 hours: add a session per day"))
            }
            if session.start < now.addingTimeInterval(-366 * 86_400)
                || session.start > now.addingTimeInterval(731 * 86_400)
            {
                problems.append(.conflict(.sessionDate(row), "Enter a date from a year ago to two years ahead"))
            }
        }
        let rowProblem = problems.contains { problem in
            switch problem.field {
            case .sessionDate, .sessionStart, .sessionEnd, .sessions: true
            default: false
            }
        }
        if sessions.isEmpty, !rowProblem {
            problems.append(.init(.sessionDate(0), "Enter the date and times of at least one session"))
        }
        let ordered = zip(sessions, rowOf).sorted { $0.0.start < $1.0.start }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.0.start < previous.0.end {
            problems.append(.conflict(.sessionStart(next.1), "Sessions cannot overlap"))
        }
        return ordered.map(\.0)
    }
}

/// An attendee's feedback after an event: a rating, how useful it was, and a comment if they want.
public struct EventFeedbackDraft: Sendable, Equatable {
    public var rating: String
    public var usefulness: String
    public var comment: String

    public init(rating: String = "", usefulness: String = "", comment: String = "") {
        self.rating = rating
        self.usefulness = usefulness
        self.comment = comment
    }

    public struct Checked: Sendable, Equatable {
        public var rating: Int
        public var usefulness: Int
        public var comment: String?
    }

    public func checked() -> Result<Checked, DraftRefusal<EventField>> {
        var problems: [DraftProblem<EventField>] = []
        let rating = Int(trimmed(rating)).flatMap { (1...5).contains($0) ? $0 : nil }
        if rating == nil { problems.append(.init(.rating, "Choose a rating from 1 to 5")) }
        let usefulness = Int(trimmed(usefulness)).flatMap { (1...5).contains($0) ? $0 : nil }
        if usefulness == nil { problems.append(.init(.usefulness, "Choose how useful it was, from 1 to 5")) }
        let comment = trimmed(comment)
        if comment.count > 2_000 { problems.append(.init(.comment, "Keep the comment to 2,000 characters or fewer")) }
        guard problems.isEmpty, let rating, let usefulness else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(rating: rating, usefulness: usefulness, comment: comment.isEmpty ? nil : comment))
    }
}
