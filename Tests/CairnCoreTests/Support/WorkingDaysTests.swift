import Foundation
import Testing

@testable import CairnCore

@Suite("Working days and the first-contact clock")
struct WorkingDaysTests {
    let london = TimeZone(identifier: "Europe/London")!

    func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    /// Whole-number days agree with Foundation's Gregorian calendar (date, weekday, round trip) on every day from 2020
    /// to 2030 and every 97th day from 1800 to 2200, and a date's day in London agrees with the calendar's every 293
    /// minutes over two years that cross both clock changes. Asynchronous and yielding: Foundation's calendar is slow
    /// in a debug build, and a long synchronous test holds one of the few threads every other test's tasks run on
    /// (the suite's timing-bound tests waited out their limits when this one looped for seconds without yielding).
    @Test func wholeNumberDaysAgreeWithFoundationsCalendar() async {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        var mismatches = 0
        func check(_ number: Int) {
            let cursor = Date(timeIntervalSince1970: Double(number) * 86_400)
            let parts = utc.dateComponents([.year, .month, .day, .weekday], from: cursor)
            let day = CalendarDay(daysSinceEpoch: number)
            if day != CalendarDay(parts.year!, parts.month!, parts.day!) || day.daysSinceEpoch != number
                || day.weekday != parts.weekday! - 1
            {
                mismatches += 1
            }
        }
        let (first, last) = (CalendarDay(1800, 1, 1).daysSinceEpoch, CalendarDay(2200, 12, 31).daysSinceEpoch)
        #expect(first == -62_091 && CalendarDay(1970, 1, 1).daysSinceEpoch == 0)
        for (index, number) in stride(from: first, through: last, by: 97).enumerated() {
            check(number)
            if index % 500 == 0 { await Task.yield() }
        }
        for (index, number) in (CalendarDay(2020, 1, 1).daysSinceEpoch...CalendarDay(2030, 12, 31).daysSinceEpoch)
            .enumerated()
        {
            check(number)
            if index % 500 == 0 { await Task.yield() }
        }
        #expect(mismatches == 0)
        var london = Calendar(identifier: .gregorian)
        london.timeZone = self.london
        let days = WorkingDays(nation: .england, timeZone: self.london)
        var instant = date("2025-01-01T00:00:00Z")
        var steps = 0
        while instant < date("2027-01-01T00:00:00Z") {
            let parts = london.dateComponents([.year, .month, .day], from: instant)
            if days.day(of: instant) != CalendarDay(parts.year!, parts.month!, parts.day!) { mismatches += 1 }
            instant = instant.addingTimeInterval(293 * 60)
            steps += 1
            if steps % 500 == 0 { await Task.yield() }
        }
        #expect(mismatches == 0)
        // 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time); in January it is still the same day.
        #expect(days.day(of: date("2026-07-01T23:30:00Z")) == CalendarDay(2026, 7, 2))
        #expect(days.day(of: date("2026-01-01T23:30:00Z")) == CalendarDay(2026, 1, 1))
    }

    @Test func fiveWorkingDaysFromAFridayIsTheNextFriday() {
        let days = WorkingDays(nation: .england, timeZone: london)
        #expect(days.adding(5, to: date("2026-11-20T10:00:00Z")) == CalendarDay(2026, 11, 27))
    }

    @Test func easterIsSkippedInEnglandButEasterMondayIsNotInScotland() {
        // Thursday 2 April 2026; Good Friday 3rd; Easter Monday 6th (not a holiday in Scotland)
        let received = date("2026-04-02T09:00:00Z")
        #expect(WorkingDays(nation: .england, timeZone: london).adding(5, to: received) == CalendarDay(2026, 4, 13))
        #expect(WorkingDays(nation: .scotland, timeZone: london).adding(5, to: received) == CalendarDay(2026, 4, 10))
    }

    @Test func christmasSubstituteDaysAreSkipped() {
        // Wednesday 23 December 2026: 25th (Fri) and 28th (Mon, Boxing Day substitute) are holidays
        let due = WorkingDays(nation: .wales, timeZone: london).adding(5, to: date("2026-12-23T12:00:00Z"))
        #expect(due == CalendarDay(2027, 1, 4))
    }

    @Test func stAndrewsAndTheTwelfthDependOnTheNation() {
        let scotland = WorkingDays(nation: .scotland, timeZone: london)
        #expect(!scotland.isWorkingDay(CalendarDay(2026, 11, 30)))
        #expect(WorkingDays(nation: .england, timeZone: london).isWorkingDay(CalendarDay(2026, 11, 30)))
        #expect(!WorkingDays(nation: .northernIreland, timeZone: london).isWorkingDay(CalendarDay(2027, 7, 12)))
    }

    @Test func theDayIsTakenInTheOrganisationsTimeZone() {
        // 23:30 UTC on Friday 26 June 2026 is already Saturday in London (BST)
        let days = WorkingDays(nation: .england, timeZone: london)
        #expect(days.day(of: date("2026-06-26T23:30:00Z")) == CalendarDay(2026, 6, 27))
    }

    @Test func countingWorkingDaysBetweenTwoMoments() {
        let days = WorkingDays(nation: .england, timeZone: london)
        #expect(days.count(from: date("2026-11-20T10:00:00Z"), to: date("2026-11-20T16:00:00Z")) == 0)
        #expect(days.count(from: date("2026-11-20T10:00:00Z"), to: date("2026-11-23T09:00:00Z")) == 1)
        #expect(days.count(from: date("2026-11-20T10:00:00Z"), to: date("2026-11-27T09:00:00Z")) == 5)
    }

    @Test func theClockStandsOnTrackDueAndOverdue() {
        let clock = FirstContactClock(workingDays: WorkingDays(nation: .england, timeZone: london))
        let received = date("2026-11-20T10:00:00Z")
        #expect(clock.standing(receivedAt: received, contactedAt: nil, now: date("2026-11-26T10:00:00Z")) == .onTrack)
        #expect(clock.standing(receivedAt: received, contactedAt: nil, now: date("2026-11-27T10:00:00Z")) == .dueToday)
        #expect(clock.standing(receivedAt: received, contactedAt: nil, now: date("2026-11-30T08:00:00Z")) == .overdue)
        #expect(
            clock.standing(
                receivedAt: received, contactedAt: date("2026-11-27T17:00:00Z"), now: date("2026-12-10T08:00:00Z"))
                == .met)
        #expect(
            clock.standing(
                receivedAt: received, contactedAt: date("2026-11-30T09:00:00Z"), now: date("2026-12-10T08:00:00Z"))
                == .missed)
    }
}

@Suite("The case state machine")
struct CaseStateTests {
    @Test func theHappyPathIsAllowed() throws {
        var state = CaseState.referred
        for next in [CaseState.triaged, .active, .closing, .closed] {
            state = try state.moving(to: next)
        }
        #expect(state == .closed)
        #expect(!state.isOpen)
    }

    @Test func everyOpenStateCanBeWithdrawnAndNoClosedOneCan() {
        for state in CaseState.allCases {
            #expect(state.canMove(to: .withdrawn) == state.isOpen)
        }
    }

    @Test func skippingAStageIsRefusedWithAReason() {
        #expect(throws: CaseStateError(from: .referred, to: .active)) { try CaseState.referred.moving(to: .active) }
        #expect(
            CaseStateError(from: .referred, to: .closed).description == "A case that is received cannot become closed.")
    }

    @Test func onlyReferredAndTriagedCasesCanBeDeclined() {
        let declinable = CaseState.allCases.filter { $0.canMove(to: .declined) }
        #expect(Set(declinable) == [.referred, .triaged])
    }
}

@Suite("Self-referral answers")
struct SelfReferralTests {
    @Test(arguments: ["07700 900 982", "+447700900982", "07700900982", "0113 496 0000"])
    func phoneNumbersPeopleTypeAreAccepted(number: String) {
        #expect(SelfReferral.isPhoneNumber(number))
    }

    @Test(arguments: ["0770", "+690973094002*", "07700  900982", " 07700900982", "07700-900-982", "+", ""])
    func otherPhoneTextIsRefused(number: String) {
        #expect(!SelfReferral.isPhoneNumber(number))
    }

    @Test func onlyWhiteSpaceIsBlankButOtherCharactersAreAnAnswer() {
        var answers = SelfReferral()
        answers.ownWords = " \t\u{2003}\n"
        #expect(answers.problems(in: .yourWords).map(\.field) == ["ownWords"])
        answers.ownWords = "\u{0085}"
        #expect(answers.problems(in: .yourWords).isEmpty)
    }

    @Test func everyStepSaysWhatItNeeds() {
        let answers = SelfReferral()
        #expect(answers.firstIncompleteStep == .aboutYou)
        #expect(answers.problems(in: .consent).map(\.field) == ["consentToHold"])
        #expect(answers.problems(in: .safety).map(\.field) == ["atRisk"])
    }
}
