import Foundation
import Testing

@testable import CairnCore

@Suite("Peer group meeting rules")
struct MeetingRuleTests {
    @Test func weekdaysAreISO() {
        #expect(MeetingRule.isoWeekday(CalendarDay(1970, 1, 1)) == 4)  // a Thursday
        #expect(MeetingRule.isoWeekday(CalendarDay(2026, 11, 30)) == 1)  // a Monday
        #expect(MeetingRule.isoWeekday(CalendarDay(2000, 2, 29)) == 2)  // a Tuesday
        #expect(MeetingRule.isoWeekday(CalendarDay(2015, 9, 1)) == 2)
    }

    @Test func theFirstTuesdayOfEachMonth() {
        let rule = MeetingRule(ordinal: 1, weekday: 2, startMinute: 750, minutes: 60)
        let days = rule.days(from: CalendarDay(2027, 1, 1), through: CalendarDay(2027, 4, 30))
        #expect(
            days == [
                CalendarDay(2027, 1, 5), CalendarDay(2027, 2, 2), CalendarDay(2027, 3, 2), CalendarDay(2027, 4, 6),
            ])
        #expect(rule.rrule == "FREQ=MONTHLY;BYDAY=1TU")
        #expect(rule.summary == "First Tuesday of each month, 12:30 to 13:30")
    }

    @Test func theLastFridayAndTheFourthSunday() {
        let last = MeetingRule(ordinal: -1, weekday: 5, startMinute: 600, minutes: 90)
        #expect(
            last.days(from: CalendarDay(2027, 1, 1), through: CalendarDay(2027, 3, 31))
                == [CalendarDay(2027, 1, 29), CalendarDay(2027, 2, 26), CalendarDay(2027, 3, 26)])
        #expect(last.rrule == "FREQ=MONTHLY;BYDAY=-1FR")
        // February 2026 begins on a Sunday: four Sundays, the fourth on the 22nd
        let fourth = MeetingRule(ordinal: 4, weekday: 7, startMinute: 600, minutes: 60)
        #expect(
            fourth.days(from: CalendarDay(2026, 2, 1), through: CalendarDay(2026, 2, 28)) == [CalendarDay(2026, 2, 22)])
    }

    @Test func bankHolidaysAreSkippedNotMoved() {
        // The first Monday of May is the Early May bank holiday; the last Monday of August is the summer one
        // (England), but not in Scotland, whose summer holiday is the first Monday of August.
        let firstMonday = MeetingRule(ordinal: 1, weekday: 1, startMinute: 750, minutes: 60)
        let england = BankHolidays.days(for: .england)
        let days = firstMonday.days(from: CalendarDay(2027, 4, 1), through: CalendarDay(2027, 6, 30), skipping: england)
        #expect(days == [CalendarDay(2027, 4, 5), CalendarDay(2027, 6, 7)])
        let lastMonday = MeetingRule(ordinal: -1, weekday: 1, startMinute: 750, minutes: 60)
        #expect(
            lastMonday.days(from: CalendarDay(2027, 8, 1), through: CalendarDay(2027, 8, 31), skipping: england) == [])
        #expect(
            lastMonday.days(
                from: CalendarDay(2027, 8, 1), through: CalendarDay(2027, 8, 31),
                skipping: BankHolidays.days(for: .scotland)) == [CalendarDay(2027, 8, 30)])
    }

    @Test func theRangeIsInclusiveAndCrossesYears() {
        let rule = MeetingRule(ordinal: 2, weekday: 3, startMinute: 780, minutes: 60)
        let days = rule.days(from: CalendarDay(2026, 12, 9), through: CalendarDay(2027, 1, 13))
        #expect(days == [CalendarDay(2026, 12, 9), CalendarDay(2027, 1, 13)])
        #expect(rule.days(from: CalendarDay(2026, 12, 10), through: CalendarDay(2027, 1, 12)) == [])
    }

    @Test func theStartIsLocalTimeAcrossTheClockChange() throws {
        let rule = MeetingRule(ordinal: 1, weekday: 2, startMinute: 750, minutes: 60)
        let london = try #require(TimeZone(identifier: "Europe/London"))
        let winter = try #require(rule.start(on: CalendarDay(2027, 1, 5), in: london))
        let summer = try #require(rule.start(on: CalendarDay(2027, 7, 6), in: london))
        #expect(ISO8601DateFormatter().string(from: winter) == "2027-01-05T12:30:00Z")
        #expect(ISO8601DateFormatter().string(from: summer) == "2027-07-06T11:30:00Z")
    }

    @Test func aBadRuleSaysWhatIsWrong() {
        #expect(
            MeetingRule(ordinal: 5, weekday: 8, startMinute: -1, minutes: 5).problems.keys.sorted() == [
                "minutes", "ordinal", "startTime", "weekday",
            ])
        #expect(MeetingRule.minute(ofClock: "12:30") == 750)
        #expect(MeetingRule.minute(ofClock: "24:00") == nil)
        #expect(MeetingRule.minute(ofClock: "9:5") == nil)
    }

    @Test func aGroupDraftChecksEveryField() {
        let bad = PeerGroupDraft(
            name: " ", capacity: "1", place: "", agreement: "short", startTime: "noon", firstDay: "soon")
        guard case .failure(let refusal) = bad.checked() else {
            Issue.record("a bad draft checked")
            return
        }
        #expect(Set(refusal.problems.map(\.field)) == [.name, .capacity, .place, .agreement, .startTime, .firstDay])
        let good = PeerGroupDraft(name: "Clinical café", place: "Seminar room 2", firstDay: "2027-01-01")
        guard case .success(let checked) = good.checked() else {
            Issue.record("a good draft did not check")
            return
        }
        #expect(checked.rule == MeetingRule(ordinal: 1, weekday: 2, startMinute: 750, minutes: 60))
        #expect(checked.capacity == 10)
        // a group may plan from up to three months back (to record its recent meetings), not further
        let today = CalendarDay(2027, 3, 31)
        #expect((try? good.checked(today: today).get()) != nil)
        var old = good
        old.firstDay = "2026-12-30"
        guard case .failure(let tooOld) = old.checked(today: today) else {
            Issue.record("a first day four months back checked")
            return
        }
        #expect(tooOld.problems.map(\.field) == [.firstDay])
    }

    @Test func daysAreAddedAcrossMonthsYearsAndLeapDays() {
        #expect(CalendarDay(2027, 3, 31).adding(days: -90) == CalendarDay(2026, 12, 31))
        #expect(CalendarDay(2028, 2, 28).adding(days: 1) == CalendarDay(2028, 2, 29))
        #expect(CalendarDay(2028, 2, 29).adding(days: 1) == CalendarDay(2028, 3, 1))
        #expect(CalendarDay(2026, 12, 31).adding(days: 1) == CalendarDay(2027, 1, 1))
        #expect(CalendarDay(1970, 1, 1).adding(days: 0) == CalendarDay(1970, 1, 1))
        for offset in stride(from: -800, through: 800, by: 37) {
            let day = CalendarDay(2026, 11, 30).adding(days: offset)
            #expect(MeetingRule.daysFromCivil(day) - MeetingRule.daysFromCivil(CalendarDay(2026, 11, 30)) == offset)
        }
    }
}

@Suite("Details that identify a patient")
struct IdentifiableDetailsTests {
    @Test func nhsNumbersWithAValidCheckDigitAreFound() {
        #expect(IdentifiableDetails.findings(in: "Patient 943 476 5919 came back") == [.nhsNumber])
        #expect(IdentifiableDetails.findings(in: "NHS no 9434765919.") == [.nhsNumber])
        #expect(IdentifiableDetails.findings(in: "ref 943-476-5919") == [.nhsNumber])
        // ten digits whose check digit is wrong, and a phone number, are not NHS numbers
        #expect(IdentifiableDetails.findings(in: "order 1234567890") == [])
        #expect(IdentifiableDetails.findings(in: "call 020 7946 0000") == [])
    }

    @Test func datesOfBirthAreFoundButMeetingDatesAreNot() {
        #expect(IdentifiableDetails.findings(in: "DOB 12/03/1985") == [.dateOfBirth])
        #expect(IdentifiableDetails.findings(in: "a man born 3.4.21 with") == [.dateOfBirth])
        #expect(IdentifiableDetails.findings(in: "an elderly lady (01-02-1931)") == [.dateOfBirth])
        #expect(IdentifiableDetails.findings(in: "we met on 05/01/2027 and discussed uncertainty") == [])
        #expect(IdentifiableDetails.findings(in: "A difficult conversation about a missed diagnosis") == [])
    }
}

@Suite("Reflective models")
struct ReflectiveModelTests {
    @Test func theFourModelsHaveTheirStages() {
        #expect(ReflectiveModel.all.map(\.id) == ["atkins_murphy", "gibbs", "rolfe", "nmc_account"])
        #expect(ReflectiveModel.atkinsMurphy.stages.count == 5)
        #expect(ReflectiveModel.gibbs.stages.count == 6)
        #expect(ReflectiveModel.rolfe.stages.map(\.title) == ["What?", "So what?", "Now what?"])
        #expect(ReflectiveModel.nmcAccount.stages.count == 4)
        for model in ReflectiveModel.all {
            #expect(Set(model.stages.map(\.id)).count == model.stages.count)
        }
    }
}

@Suite("The presenter rota")
struct PresenterRotaTests {
    @Test func fewestTurnsFirstThenLongestSinceThenName() {
        let day = { (n: Double) in Date(timeIntervalSince1970: n * 86_400) }
        let ids = (0..<5).map { _ in UUID() }
        let order = PresenterRota.order([
            .init(id: ids[0], name: "Ann", times: 2, lastPresented: day(10)),
            .init(id: ids[1], name: "Ben", times: 1, lastPresented: day(30)),
            .init(id: ids[2], name: "Cat", times: 1, lastPresented: day(20)),
            .init(id: ids[3], name: "Dan", times: 0, lastPresented: nil),
            .init(id: ids[4], name: "Eve", times: 0, lastPresented: nil),
        ])
        #expect(order.map(\.name) == ["Dan", "Eve", "Cat", "Ben", "Ann"])
        #expect(PresenterRota.order([]).isEmpty)
    }
}
