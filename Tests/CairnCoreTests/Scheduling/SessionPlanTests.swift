import Foundation
import Testing

@testable import CairnCore

@Suite("Session plans and calendars")
struct SessionPlanTests {
    let london = TimeZone(identifier: "Europe/London")!

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func fourSessionsSpreadThroughSixMonthsOnWorkingDays() {
        let days = WorkingDays(nation: .scotland, timeZone: london)
        let plan = SessionPlan.make(template: .nesScotland, start: date("2026-08-05T09:00:00Z"), workingDays: days)
        #expect(plan.sessions.count == 4)
        #expect(plan.windowStart == CalendarDay(2026, 8, 5))
        #expect(plan.windowEnd == CalendarDay(2027, 2, 5))
        #expect(plan.sessions.allSatisfy { days.isWorkingDay($0.due) })
        #expect(plan.sessions.allSatisfy { $0.due >= plan.windowStart && $0.due <= plan.windowEnd })
        #expect(plan.sessions.map(\.due) == plan.sessions.map(\.due).sorted())
        #expect(plan.sessions.last!.due <= plan.windowEnd)
    }

    @Test func aDueDateOnABankHolidayMovesToTheWorkingDayBefore() {
        // St Andrew's Day (Monday 30 November 2026) is a holiday in Scotland: the Friday before is used.
        let days = WorkingDays(nation: .scotland, timeZone: london)
        #expect(
            SessionPlan.previousWorkingDay(onOrBefore: CalendarDay(2026, 11, 30), workingDays: days)
                == CalendarDay(2026, 11, 27))
    }

    @Test func heldSessionsCountOnlyInsideTheWindow() {
        let days = WorkingDays(nation: .england, timeZone: london)
        let plan = SessionPlan.make(template: .nesScotland, start: date("2026-01-05T09:00:00Z"), workingDays: days)
        #expect(
            plan.heldWithinWindow([CalendarDay(2026, 2, 1), CalendarDay(2026, 6, 30), CalendarDay(2026, 8, 1)]) == 2)
    }

    @Test func templatesOutsideSenseAreExplained() {
        #expect(
            SessionTemplate(count: 0, minutes: 5, mode: .video, windowMonths: 30).problems == [
                .count, .minutes, .window,
            ])
        #expect(SessionTemplate.nesScotland.problems.isEmpty)
    }

    @Test func theCalendarHasStableUIDsSequencesCancellationAndFoldedEscapedLines() {
        let event = ICalendar.Event(
            uid: "session-1@cairn", sequence: 2, start: date("2026-11-25T14:00:00Z"), minutes: 60,
            summary: "Mentoring, session 1; video, with Dr Okafor",
            description: String(repeating: "é", count: 60) + "\nsecond line", cancelled: true,
            stamp: date("2026-11-20T09:00:00Z"))
        let text = ICalendar.calendar([event], method: "CANCEL")
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("METHOD:CANCEL\r\n"))
        #expect(text.contains("UID:session-1@cairn\r\nSEQUENCE:2\r\n"))
        #expect(text.contains("DTSTART:20261125T140000Z\r\nDTEND:20261125T150000Z\r\n"))
        #expect(text.contains("SUMMARY:Mentoring\\, session 1\\; video\\, with Dr Okafor"))
        #expect(text.contains("STATUS:CANCELLED"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
        }
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}

/// The calendar read back by Python's `icalendar` parser, an implementation independent of ours. CI installs it and
/// sets CAIRN_REQUIRE_ICALENDAR_TEST=1, so there this runs or fails; elsewhere it is skipped when missing.
@Suite("Calendars read by an independent parser")
struct ICalendarInteropTests {
    static func python(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (-1, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var available: Bool {
        ProcessInfo.processInfo.environment["CAIRN_REQUIRE_ICALENDAR_TEST"] == "1"
            || python(["-c", "import icalendar"]).status == 0
    }

    @Test(.enabled(if: available, "needs Python's icalendar (pip install icalendar)"))
    func pythonsIcalendarReadsWhatWeWrite() throws {
        let start = ISO8601DateFormatter().date(from: "2026-11-25T14:00:00Z")!
        let events = (1...4).map { number in
            ICalendar.Event(
                uid: "session-\(number)@cairn", sequence: number - 1,
                start: start.addingTimeInterval(Double(number) * 86_400 * 40),
                minutes: 60, summary: "Mentoring session \(number), by video; with Dr Okafor",
                description: "Agenda: café, goals\nand next steps " + String(repeating: "ü", count: 50),
                cancelled: number == 4,
                stamp: start)
        }
        let path = NSTemporaryDirectory() + "cairn-\(UUID()).ics"
        try ICalendar.calendar(events, method: "PUBLISH").write(toFile: path, atomically: true, encoding: .utf8)
        let script = """
            import icalendar, sys
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = [c for c in cal.walk('VEVENT')]
            assert len(events) == 4, len(events)
            for n, e in enumerate(events, 1):
                assert str(e['UID']) == f'session-{n}@cairn'
                assert int(e['SEQUENCE']) == n - 1
                assert str(e['SUMMARY']) == f'Mentoring session {n}, by video; with Dr Okafor', str(e['SUMMARY'])
                assert str(e['DESCRIPTION']).startswith('Agenda: café, goals\\nand next steps'), repr(str(e['DESCRIPTION']))
                assert (e.decoded('DTEND') - e.decoded('DTSTART')).total_seconds() == 3600
            assert str(events[3]['STATUS']) == 'CANCELLED'
            print('ok')
            """
        let result = Self.python(["-c", script, path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok"))
    }
}
