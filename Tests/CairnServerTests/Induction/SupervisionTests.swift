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
        // A template's own schedule: none weekly starts monthly in the first month; eight weekly pushes it on.
        let start = CalendarDay(2027, 1, 4)
        #expect(
            SupervisionSchedule.days(from: start, weekly: 0, monthly: 2) == [
                CalendarDay(2027, 2, 4), CalendarDay(2027, 3, 4),
            ])
        let eight = SupervisionSchedule.days(from: start, weekly: 8, monthly: 1)
        #expect(eight.count == 9 && eight[7] == CalendarDay(2027, 3, 1) && eight[8] == CalendarDay(2027, 4, 4))
        #expect(SupervisionSchedule.days(from: start, weekly: 40, monthly: 40).count == 24)
        #expect(SupervisionSchedule.problem(weekly: "13", monthly: "1") != nil)
        #expect(SupervisionSchedule.problem(weekly: "0", monthly: "12") == nil)
    }

    @Test func theSupervisorMovesOrCallsOffAPlannedMeeting() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            let meetings = try await SupervisionMeeting.query(on: app.db)
                .filter(\.$inductionID == started.induction.id!).sort(\.$startsAt).all()
            let first = meetings[0]
            let path = "/supervision/\(first.id!.uuidString.lowercased())"
            let today = app.cairn.today
            // The new starter cannot move it; the supervisor cannot move it into the past or onto another meeting's day.
            try await started.starter.get(path)
            #expect(
                try await started.starter.post(path + "/move", [("moveDay", today.description), ("version", "1")])
                    .status == .forbidden)
            try await started.supervisor.get(path)
            let past = try await started.supervisor.post(
                path + "/move",
                [("moveDay", today.adding(days: -1).description), ("moveTime", "10:00"), ("version", "1")])
            #expect(past.status == .conflict)
            #expect(past.body.contains("Choose a day from today to a year ahead"))
            let clash = try await started.supervisor.post(
                path + "/move", [("moveDay", meetings[1].day), ("moveTime", "10:00"), ("version", "1")])
            #expect(clash.status == .conflict)
            #expect(clash.body.contains("already a supervision meeting that day"))
            let badTime = try await started.supervisor.post(
                path + "/move",
                [("moveDay", today.adding(days: 9).description), ("moveTime", "25:00"), ("version", "1")])
            #expect(badTime.status == .unprocessableEntity)
            #expect(badTime.body.contains("25:00"))
            let moved = try await started.supervisor.post(
                path + "/move",
                [("moveDay", today.adding(days: 9).description), ("moveTime", "09:30"), ("version", "1")])
            #expect(moved.status == .seeOther)
            let stored = try #require(try await SupervisionMeeting.find(first.id, on: app.db))
            #expect(stored.day == today.adding(days: 9).description && stored.version == 2)
            // Called off: the invitation becomes a cancellation; a stale page is refused.
            try await started.supervisor.get(path)
            #expect(try await started.supervisor.post(path + "/cancel", [("version", "1")]).status == .conflict)
            #expect(try await started.supervisor.post(path + "/cancel", [("version", "2")]).status == .seeOther)
            let invite = try await started.starter.get(path + "/invite.ics")
            #expect(invite.body.contains("METHOD:CANCEL"))
        }
    }

    @Test func aTemplatesScheduleAndChangedItemsShapeInductionsStartedAfter() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            let template = try #require(
                try await InductionTemplate.query(on: app.db).filter(\.$role == .medicalSupportWorker).first())
            let templatePath = "/induction/templates/\(template.id!.uuidString.lowercased())"
            try await started.lead.get(templatePath)
            let bad = try await started.lead.post(
                templatePath + "/schedule",
                [("supervisionWeekly", "20"), ("supervisionMonthly", "1"), ("version", String(template.version))])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                try await started.lead.post(
                    templatePath + "/schedule",
                    [("supervisionWeekly", "2"), ("supervisionMonthly", "3"), ("version", String(template.version))]
                ).status == .seeOther)
            // Change an item in place.
            let entry = try #require(
                try await InductionTemplateEntry.query(on: app.db).filter(\.$templateID == template.id!)
                    .filter(\.$title == "Safeguarding adults and children (level 2)").first())
            let itemPath = templatePath + "/items/\(entry.id!.uuidString.lowercased())"
            let form = try await started.lead.get(itemPath)
            #expect(form.body.contains("Safeguarding adults and children (level 2)"))
            let wrongDay = try await started.lead.post(
                itemPath,
                [
                    ("title", "Safeguarding (level 3)"), ("phase", "first_week"), ("owner", "inductee"),
                    ("dueOffsetDays", "20"), ("version", String(template.version + 1)),
                ])
            #expect(wrongDay.status == .unprocessableEntity)
            #expect(wrongDay.body.contains("Safeguarding (level 3)"))
            #expect(
                try await started.lead.post(
                    itemPath,
                    [
                        ("title", "Safeguarding (level 3)"), ("phase", "first_month"), ("owner", "inductee"),
                        ("dueOffsetDays", "20"), ("needsSignOff[]", "yes"), ("version", String(template.version + 1)),
                    ]
                ).status == .seeOther)
            let changed = try #require(try await InductionTemplateEntry.find(entry.id, on: app.db))
            #expect(
                changed.title == "Safeguarding (level 3)" && changed.needsSignOff && changed.position == entry.position)
            // The induction already under way keeps its copy and its nine meetings; a new one follows the template.
            #expect(
                try await InductionItem.query(on: app.db).filter(\.$title == "Safeguarding (level 3)").count() == 0)
            let other = try await app.makePerson([.clinician])
            try await started.lead.get("/induction/new")
            try await started.lead.post(
                "/induction",
                [
                    ("inducteeName", "Dr Second"), ("inducteeEmail", other.email), ("supervisorName", "Dr Sue"),
                    ("supervisorEmail", started.supervisorPerson.email), ("templateID", template.id!.uuidString),
                    ("startsOn", app.cairn.today.description),
                ])
            let second = try #require(
                try await Induction.query(on: app.db).filter(\.$inducteeID == other.id).first())
            #expect(
                try await SupervisionMeeting.query(on: app.db).filter(\.$inductionID == second.id!).count() == 5)
            #expect(
                try await SupervisionMeeting.query(on: app.db).filter(\.$inductionID == started.induction.id!).count()
                    == 9)
            #expect(
                try await InductionItem.query(on: app.db).filter(\.$inductionID == second.id!)
                    .filter(\.$title == "Safeguarding (level 3)").count() == 1)
        }
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
