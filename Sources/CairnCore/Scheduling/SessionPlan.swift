public import Foundation

/// A mentoring programme's promise of sessions, e.g. "4 × 60 minutes, by video, within 6 months of the cohort's
/// start" (the NES Scotland programme, SERVICE.md §5).
public struct SessionTemplate: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case video
        case inPerson = "in_person"
        case phone
    }

    public var count: Int
    public var minutes: Int
    public var mode: Mode
    public var windowMonths: Int

    public init(count: Int, minutes: Int, mode: Mode, windowMonths: Int) {
        self.count = count
        self.minutes = minutes
        self.mode = mode
        self.windowMonths = windowMonths
    }

    public static let nesScotland = SessionTemplate(count: 4, minutes: 60, mode: .video, windowMonths: 6)

    public enum Problem: Equatable, Sendable {
        case count, minutes, window

        public var message: String {
            switch self {
            case .count: "Choose between 1 and 24 sessions"
            case .minutes: "A session lasts between 15 and 240 minutes"
            case .window: "The window is between 1 and 24 months"
            }
        }
    }

    public var problems: [Problem] {
        var problems: [Problem] = []
        if !(1...24).contains(count) { problems.append(.count) }
        if !(15...240).contains(minutes) { problems.append(.minutes) }
        if !(1...24).contains(windowMonths) { problems.append(.window) }
        return problems
    }
}

/// The template turned into due dates for one pair: spread evenly through the window, each on a working day, the
/// last one inside the window. The pair then agree actual times; the due dates are what "on track" is measured by.
public struct SessionPlan: Sendable, Equatable {
    public struct Due: Sendable, Equatable {
        public var number: Int
        public var due: CalendarDay
    }

    public var windowStart: CalendarDay
    public var windowEnd: CalendarDay
    public var sessions: [Due]

    /// Pure: the start, the template and the organisation's working days in, the plan out.
    public static func make(template: SessionTemplate, start: Date, workingDays: WorkingDays) -> SessionPlan {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = workingDays.timeZone
        let end = calendar.date(byAdding: .month, value: template.windowMonths, to: start) ?? start
        let span = end.timeIntervalSince(start)
        var sessions: [Due] = []
        for number in 1...max(template.count, 1) {
            // Session n is due at n/count of the window, pulled back to the previous working day.
            let target = start.addingTimeInterval(span * Double(number) / Double(template.count))
            var day = workingDays.day(of: target)
            if number == template.count { day = min(day, workingDays.day(of: end.addingTimeInterval(-1))) }
            sessions.append(Due(number: number, due: previousWorkingDay(onOrBefore: day, workingDays: workingDays)))
        }
        return SessionPlan(
            windowStart: workingDays.day(of: start), windowEnd: workingDays.day(of: end.addingTimeInterval(-1)),
            sessions: sessions)
    }

    static func previousWorkingDay(onOrBefore day: CalendarDay, workingDays: WorkingDays) -> CalendarDay {
        var current = day
        var guardDays = 0
        while !workingDays.isWorkingDay(current), guardDays < 14, let date = workingDays.start(of: current) {
            current = workingDays.day(of: date.addingTimeInterval(-43_200))
            guardDays += 1
        }
        return current
    }

    /// Held sessions within the window, out of those the template promised.
    public func heldWithinWindow(_ held: [CalendarDay]) -> Int {
        held.filter { $0 >= windowStart && $0 <= windowEnd }.count
    }
}
