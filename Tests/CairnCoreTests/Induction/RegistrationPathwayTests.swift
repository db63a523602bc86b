import Testing

@testable import CairnCore

/// Every pathway rule at its boundaries: the day before, of and after each window closes (issue #17 item 5), and
/// the COVID-era PLAB 2 window chosen by the day PLAB 1 was passed.
@Suite("GMC registration pathway rules")
struct RegistrationPathwayTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(y, m, d) }

    func status(_ entries: [PathwayEntry], on today: CalendarDay, route: RegistrationRoute = .plab) -> PathwayStatus {
        PathwayStatus.evaluate(route: route, entries: entries, today: today)
    }

    @Test func calendarArithmetic() {
        #expect(day(2024, 2, 29).adding(years: 2) == day(2026, 2, 28))
        #expect(day(2024, 2, 29).adding(years: 4) == day(2028, 2, 29))
        #expect(day(2026, 1, 31).adding(years: 2) == day(2028, 1, 31))
        #expect(day(2026, 11, 30).days(until: day(2027, 2, 11)) == 73)
        #expect(day(2027, 2, 11).days(until: day(2026, 11, 30)) == -73)
        #expect(day(2026, 12, 7).longText == "7 December 2026")
    }

    @Test func aNewPathwayIsHeldUpAtItsFirstStep() {
        let plab = status([], on: day(2026, 11, 30))
        #expect(plab.steps.map(\.step) == [.qualification, .english, .plab1, .plab2, .application, .registration])
        #expect(plab.blocking == .qualification)
        #expect(plab.deadlines.isEmpty)
        let portfolio = status([], on: day(2026, 11, 30), route: .portfolio)
        #expect(portfolio.steps.map(\.step) == [.qualification, .english, .application, .identityCheck, .registration])
    }

    @Test func anEnglishResultIsValidForTwoYearsToTheDayBeforeItsAnniversary() {
        let passed = [
            PathwayEntry(.qualification, .done, on: day(2024, 1, 5)), .init(.english, .passed, on: day(2025, 3, 10)),
        ]
        let lastDay = status(passed, on: day(2027, 3, 9))
        #expect(lastDay.status(of: .english)?.state == .done(day(2025, 3, 10)))
        #expect(
            lastDay.deadlines.first
                == PathwayDeadline(
                    kind: .englishExpires, step: .english, closesOn: day(2027, 3, 10), daysLeft: 1))
        let anniversary = status(passed, on: day(2027, 3, 10))
        #expect(anniversary.status(of: .english)?.state == .expired(day(2027, 3, 10)))
        #expect(anniversary.blocking == .english)
        #expect(anniversary.deadlines.isEmpty)
        let after = status(passed, on: day(2027, 3, 11))
        #expect(after.status(of: .english)?.state == .expired(day(2027, 3, 10)))
    }

    @Test func warningsComeAtNinetyThirtyAndSevenDays() {
        let passed = [PathwayEntry(.english, .passed, on: day(2025, 3, 10))]
        func warning(_ today: CalendarDay) -> Int? { status(passed, on: today).deadlines.first?.warning }
        // Closes 10 March 2027.
        #expect(warning(day(2026, 12, 9)) == nil)  // 91 days left
        #expect(warning(day(2026, 12, 10)) == 90)  // 90
        #expect(warning(day(2027, 2, 7)) == 90)  // 31
        #expect(warning(day(2027, 2, 8)) == 30)  // 30
        #expect(warning(day(2027, 3, 2)) == 30)  // 8
        #expect(warning(day(2027, 3, 3)) == 7)  // 7
        #expect(warning(day(2027, 3, 9)) == 7)  // 1
        #expect(status(passed, on: day(2027, 3, 9)).deadlines.first?.whenText == "tomorrow")
    }

    @Test func theEnglishResultMustBeValidOnThePLAB1Day() {
        let late = [
            PathwayEntry(.english, .passed, on: day(2023, 1, 10)), .init(.plab1, .passed, on: day(2025, 1, 10)),
        ]
        #expect(status(late, on: day(2025, 2, 1)).status(of: .english)?.problems.count == 1)
        let inTime = [
            PathwayEntry(.english, .passed, on: day(2023, 1, 10)), .init(.plab1, .passed, on: day(2025, 1, 9)),
        ]
        #expect(status(inTime, on: day(2025, 2, 1)).status(of: .english)?.problems.isEmpty == true)
    }

    @Test func theEnglishResultMustBeValidOnTheDayOfRegistration() {
        let base = [
            PathwayEntry(.qualification, .done, on: day(2024, 1, 2)), .init(.english, .passed, on: day(2024, 2, 1)),
            .init(.plab1, .passed, on: day(2024, 5, 1)), .init(.plab2, .passed, on: day(2024, 11, 1)),
            .init(.application, .done, on: day(2025, 12, 1)),
        ]
        let valid = status(base + [.init(.registration, .done, on: day(2026, 1, 31))], on: day(2026, 3, 1))
        #expect(valid.blocking == nil)
        #expect(valid.status(of: .english)?.problems.isEmpty == true)
        let lapsed = status(base + [.init(.registration, .done, on: day(2026, 2, 1))], on: day(2026, 3, 1))
        #expect(lapsed.status(of: .english)?.problems.count == 1)
        // Before registration, the lapse blocks the road even though PLAB is passed.
        let waiting = status(base, on: day(2026, 2, 1))
        #expect(waiting.blocking == .english)
    }

    @Test func plab2MustBePassedWithinTwoYearsOfPLAB1() {
        let plab1 = [
            PathwayEntry(.english, .passed, on: day(2025, 6, 1)), .init(.plab1, .passed, on: day(2025, 9, 15)),
        ]
        // Two years from 15 September 2025: the last day is 14 September 2027.
        let dayBefore = status(plab1, on: day(2027, 9, 14))
        #expect(
            dayBefore.deadlines.contains(
                PathwayDeadline(kind: .plab2Window, step: .plab2, closesOn: day(2027, 9, 15), daysLeft: 1)))
        #expect(dayBefore.status(of: .plab2)?.state == .notStarted)
        let closed = status(plab1, on: day(2027, 9, 15))
        #expect(closed.status(of: .plab2)?.state == .windowClosed(day(2027, 9, 15)))
        #expect(status(plab1, on: day(2027, 9, 16)).status(of: .plab2)?.state == .windowClosed(day(2027, 9, 15)))
        let passedOnLastDay = status(plab1 + [.init(.plab2, .passed, on: day(2027, 9, 14))], on: day(2027, 10, 1))
        #expect(passedOnLastDay.status(of: .plab2)?.state == .done(day(2027, 9, 14)))
        #expect(passedOnLastDay.status(of: .plab2)?.problems.isEmpty == true)
        let passedLate = status(plab1 + [.init(.plab2, .passed, on: day(2027, 9, 15))], on: day(2027, 10, 1))
        #expect(passedLate.status(of: .plab2)?.problems.count == 1)
        // Passing PLAB 1 again opens a new window.
        let again = status(plab1 + [.init(.plab1, .passed, on: day(2027, 11, 1))], on: day(2027, 12, 1))
        #expect(again.status(of: .plab2)?.state == .notStarted)
        #expect(again.deadlines.contains { $0.kind == .plab2Window && $0.closesOn == day(2029, 11, 1) })
    }

    @Test func theCOVIDEraWindowWasThreeYearsByTheDayPLAB1WasPassed() {
        func window(_ plab1: CalendarDay) -> CalendarDay? {
            status([.init(.plab1, .passed, on: plab1)], on: plab1.adding(days: 1)).deadlines
                .first { $0.kind == .plab2Window }?.closesOn
        }
        #expect(window(day(2020, 3, 22)) == day(2022, 3, 22))  // the day before the extension
        #expect(window(day(2020, 3, 23)) == day(2023, 3, 23))  // the day it began
        #expect(window(day(2025, 3, 30)) == day(2028, 3, 30))  // its last day
        #expect(window(day(2025, 3, 31)) == day(2027, 3, 31))  // two years again
        #expect(window(day(2025, 4, 1)) == day(2027, 4, 1))
        #expect(PathwayRules.inForce(on: day(2025, 3, 30)).plab2WindowYears == 3)
        #expect(PathwayRules.inForce(on: day(2025, 3, 31)).plab2WindowYears == 2)
    }

    @Test func registrationMustBeApprovedWithinTwoYearsOfPLAB2() {
        let entries = [
            PathwayEntry(.qualification, .done, on: day(2025, 1, 2)), .init(.english, .passed, on: day(2025, 8, 1)),
            .init(.plab1, .passed, on: day(2025, 9, 1)), .init(.plab2, .passed, on: day(2026, 3, 4)),
        ]
        let lastDay = status(entries, on: day(2028, 3, 3))
        #expect(
            lastDay.deadlines.contains(
                PathwayDeadline(kind: .approvalWindow, step: .registration, closesOn: day(2028, 3, 4), daysLeft: 1)))
        #expect(status(entries, on: day(2028, 3, 4)).status(of: .registration)?.state == .windowClosed(day(2028, 3, 4)))
        #expect(status(entries, on: day(2028, 3, 5)).blocking == .english)  // the English result lapsed first
        let registered = status(entries + [.init(.registration, .done, on: day(2027, 3, 3))], on: day(2028, 3, 5))
        #expect(registered.blocking == nil)
        #expect(registered.deadlines.isEmpty)
    }

    @Test func fourAttemptsThenOneMoreWithEvidenceOfExtraLearning() {
        let english = PathwayEntry(.english, .passed, on: day(2026, 1, 5))
        let fails = (1...4).map { PathwayEntry(.plab1, .failed, on: day(2026, 1 + $0, 10)) }
        let three = status([english] + fails.prefix(3), on: day(2026, 6, 1))
        #expect(three.status(of: .plab1)?.state == .tryingAgain(used: 3, allowed: 4))
        let four = status([english] + fails, on: day(2026, 6, 1))
        #expect(four.status(of: .plab1)?.state == .attemptsUsed(used: 4, extraAvailable: true))
        #expect(four.blocking == .plab1)
        let evidence = [english] + fails + [.init(.plab1, .booked, on: day(2026, 9, 1), extraLearning: true)]
        #expect(status(evidence, on: day(2026, 6, 1)).status(of: .plab1)?.state == .booked(day(2026, 9, 1)))
        let fifth = evidence + [.init(.plab1, .failed, on: day(2026, 9, 1))]
        #expect(
            status(fifth, on: day(2026, 10, 1)).status(of: .plab1)?.state
                == .attemptsUsed(
                    used: 5, extraAvailable: false))
        let passedFifth = evidence + [.init(.plab1, .passed, on: day(2026, 9, 1))]
        #expect(status(passedFifth, on: day(2026, 10, 1)).status(of: .plab1)?.state == .done(day(2026, 9, 1)))
    }

    @Test func plab2AttemptsCountOnlyAfterPLAB1() {
        let entries = [
            PathwayEntry(.english, .passed, on: day(2026, 1, 5)), .init(.plab1, .passed, on: day(2026, 2, 1)),
            .init(.plab2, .failed, on: day(2026, 5, 1)), .init(.plab2, .booked, on: day(2026, 12, 1)),
        ]
        let booked = status(entries, on: day(2026, 11, 30))
        #expect(booked.status(of: .plab2)?.state == .booked(day(2026, 12, 1)))
        #expect(booked.blocking == .qualification)
    }

    @Test func anApplicationStaysOpenNinetyDays() {
        let entries = [PathwayEntry(.application, .done, on: day(2026, 10, 1))]
        let open = status(entries, on: day(2026, 12, 29), route: .sponsorship)
        #expect(
            open.deadlines == [
                PathwayDeadline(kind: .applicationOpen, step: .application, closesOn: day(2026, 12, 30), daysLeft: 1)
            ])
        #expect(status(entries, on: day(2026, 12, 30), route: .sponsorship).deadlines.isEmpty)
    }
}
