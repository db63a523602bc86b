import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform
@testable import CairnServer

@Suite("Supervision: the schedule, the record both sides read, actions, and notes only their author reads")
struct SupervisionTests {
    @Test func theScheduleIsWeeklyForAMonthThenMonthly() {
        let days = SupervisionSchedule.days(from: CalendarDay(2027, 1, 31))
        #expect(
            days == [
                CalendarDay(2027, 2, 7), CalendarDay(2027, 2, 14), CalendarDay(2027, 2, 21), CalendarDay(2027, 2, 28),
                CalendarDay(2027, 3, 31), CalendarDay(2027, 4, 30), CalendarDay(2027, 5, 31), CalendarDay(2027, 6, 30),
                CalendarDay(2027, 7, 31),
            ])
        #expect(CalendarDay(2027, 11, 30).adding(months: 3) == CalendarDay(2028, 2, 29))
    }

    @Test func theSupervisorRecordsAMeetingBothSidesAddActionsAndPrivateNotesStayPrivate() async throws {
        try await withCairn { app in
            // Started ten days ago: the first weekly meeting was three days ago.
            let started = try await InductionJourneyTests.start(
                app, startsOn: app.cairn.today.adding(days: -10).description)
            let meetings = try await SupervisionMeeting.query(on: app.db)
                .filter(\.$inductionID == started.induction.id!).sort(\.$startsAt).all()
            #expect(meetings.count == 9)
            let first = try #require(meetings.first)
            let path = "/supervision/\(first.id!.uuidString.lowercased())"

            // Both see the induction's meetings; the lead sees only that they are planned, with no link.
            let leadPage = try await started.lead.get(InductionJourneyTests.path(started.induction.id))
            #expect(leadPage.body.contains("0 of 9 meetings held"))
            #expect(!leadPage.body.contains(path))
            #expect(try await started.lead.get(path).status == .forbidden)
            let starterPage = try await started.starter.get(InductionJourneyTests.path(started.induction.id))
            #expect(starterPage.body.contains(path))

            // The supervisor records it; the new starter cannot.
            try await started.starter.get(path)
            #expect(
                try await started.starter.post(path + "/record", [("topics", "x"), ("version", "1")]).status
                    == .forbidden)
            try await started.supervisor.get(path)
            let empty = try await started.supervisor.post(path + "/record", [("topics", " "), ("version", "1")])
            #expect(empty.status == .unprocessableEntity)
            let recorded = try await started.supervisor.post(
                path + "/record",
                [("topics", "The first week; the <b>MSW</b> role"), ("record", "Settling in well"), ("version", "1")])
            #expect(recorded.status == .seeOther)
            let stored = try #require(try await SupervisionMeeting.find(first.id, on: app.db))
            #expect(stored.status == .held)
            #expect(stored.topics?.contains("first week") == false)  // sealed
            let read = try await started.starter.get(path)
            #expect(read.body.contains("The first week; the &lt;b&gt;MSW&lt;/b&gt; role"))
            #expect(read.body.contains("Settling in well"))

            // An action for the new starter, done by them.
            let today = app.cairn.today
            let badAction = try await started.starter.post(
                path + "/actions", [("actionText", "Book PLAB 1"), ("actionOwner", "department"), ("actionDue", "x")])
            #expect(badAction.status == .unprocessableEntity)
            #expect(badAction.body.contains("Book PLAB 1"))
            try await started.starter.get(path)
            let added = try await started.starter.post(
                path + "/actions",
                [
                    ("actionText", "Book PLAB 1"), ("actionOwner", "inductee"),
                    ("actionDue", today.adding(days: 14).description),
                ])
            #expect(added.status == .seeOther)
            let action = try #require(try await SupervisionAction.query(on: app.db).first())
            try await started.supervisor.get(path)
            #expect(
                try await started.supervisor.post(path + "/actions/\(action.id!.uuidString.lowercased())/done", [])
                    .status == .seeOther)
            #expect(try await SupervisionAction.find(action.id, on: app.db)?.doneOn == today.description)

            // Each side's private note is theirs alone.
            try await started.starter.get(path)
            try await started.starter.post(path + "/private-note", [("privateNote", "Nervous about the exam")])
            try await started.supervisor.get(path)
            try await started.supervisor.post(path + "/private-note", [("privateNote", "Check study leave")])
            let starterView = try await started.starter.get(path)
            #expect(starterView.body.contains("Nervous about the exam"))
            #expect(!starterView.body.contains("Check study leave"))
            let supervisorView = try await started.supervisor.get(path)
            #expect(supervisorView.body.contains("Check study leave"))
            #expect(!supervisorView.body.contains("Nervous about the exam"))
            let stranger = TestBrowser(app)
            try await stranger.signIn(try await app.makePerson([.supervisor]))
            #expect(try await stranger.get(path).status == .notFound)

            // The meetings are in both people's calendar feeds as events, and each has an invitation.
            let invite = try await started.starter.get(path + "/invite.ics")
            #expect(invite.status == .ok)
            #expect(invite.body.contains("BEGIN:VEVENT"))
            let events = try await SupervisionCalendar.events(
                for: started.supervisorPerson.id, state: app.cairn, on: app.db)
            #expect(events.count == 9)
        }
    }
}
