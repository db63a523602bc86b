import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Mentoring sessions: times, records, feedback, calendars and confidentiality")
struct MentoringSessionTests {
    static func signedIn(_ person: TestPerson, _ app: Application) async throws -> TestBrowser {
        let browser = TestBrowser(app)
        try await browser.signIn(person)
        try await browser.get("/mentoring/my")
        return browser
    }

    @Test func thePairAgreesATimeAndLinkAndBadInputIsExplained() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let session = try #require(try await fixture.amirasSessions().first)
            let mentor = try await Self.signedIn(fixture.james, app)
            try await mentor.get(sessionPath(session))
            var page = try await mentor.post(
                sessionPath(session),
                [("date", "2026-12-40"), ("time", "25:00"), ("videoLink", "javascript:alert(1)"), ("status", "held")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Enter the date as a real date"))
            #expect(page.body.contains("https:// address"))
            #expect(page.body.contains("javascript:alert(1)"), "what was typed comes back, escaped")
            page = try await mentor.post(
                sessionPath(session),
                [
                    ("date", "2026-12-10"), ("time", "14:30"), ("videoLink", "https://meet.example.org/okafor-haddad"),
                    ("status", "planned"),
                ])
            #expect(page.status == .seeOther)
            var saved = try #require(try await MentoringSession.find(session.requireID(), on: app.db))
            #expect(saved.sequence == 1)
            #expect(saved.videoLink == "https://meet.example.org/okafor-haddad")
            // Held only once its time has come.
            page = try await mentor.post(
                sessionPath(session), [("date", "2026-12-10"), ("time", "14:30"), ("status", "held")])
            #expect(page.body.contains("A session is held only once its time has come"))
            clock.advance(by: 16 * 86_400)
            let later = try await Self.signedIn(fixture.james, app)
            try await later.get(sessionPath(session))
            page = try await later.post(
                sessionPath(session),
                [
                    ("date", "2026-12-10"), ("time", "14:30"), ("videoLink", "https://meet.example.org/okafor-haddad"),
                    ("status", "held"),
                ])
            #expect(page.status == .seeOther)
            saved = try #require(try await MentoringSession.find(session.requireID(), on: app.db))
            #expect(saved.status == .held)
            #expect(saved.heldAt == clock.now, "logged now, by the server's clock")
            #expect(saved.sequence == 2)
        }
    }

    @Test func theRecordIsSealedReadOnlyByThePairAndEveryReadIsAudited() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let session = try #require(try await fixture.amirasSessions().first)
            let mentor = try await Self.signedIn(fixture.james, app)
            try await mentor.get(sessionPath(session))
            let words = "Talked about the AKT and feeling isolated at the practice"
            #expect(try await mentor.post(sessionPath(session) + "/record", [("record", words)]).status == .seeOther)
            let raw = try await (app.db as! any SQLDatabase).raw(
                "SELECT record FROM mentoring_sessions WHERE record IS NOT NULL"
            ).all().map { try $0.decode(column: "record", as: String.self) }
            #expect(raw.count == 1)
            // A phrase, not a three-letter word: base64 ciphertext holds "AKT" about once in a few thousand runs.
            #expect(!raw[0].contains("feeling isolated"))
            #expect(!raw[0].contains("Talked about"))
            let mentee = try await Self.signedIn(fixture.amira, app)
            #expect(try await mentee.get(sessionPath(session)).body.contains(words))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "mentoring_record_read").count() >= 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "mentoring_record_written").count() == 1)

            // Helen is a mentor in the same programme and Amira's supervisor: the pair does not exist for her.
            let helen = try await Self.signedIn(fixture.helen, app)
            #expect(try await helen.get(sessionPath(session)).status == .notFound)
            #expect(!(try await helen.get("/mentoring/my").body.contains("Amira")))
            let denied = try await AuditEntry.query(on: app.db).filter(\.$action == "work_in_mentoring_pair").all()
            #expect(denied.contains { $0.outcome == "denied" })
            // The programme lead, an administrator and a supervisor are refused before any lookup.
            #expect(try await fixture.lead.get(sessionPath(session)).status == .forbidden)
            for role in [Role.admin, .supervisor, .unitLead, .caseManager] {
                let browser = TestBrowser(app)
                try await browser.signIn(try await app.makePerson([role]))
                #expect(try await browser.get(sessionPath(session)).status == .forbidden, "\(role)")
                #expect(try await browser.get(sessionPath(session) + "/invite.ics").status == .forbidden, "\(role)")
            }
            // The dashboard has figures only.
            let dashboard = try await fixture.lead.get(fixture.programmePath + "/dashboard")
            #expect(dashboard.status == .ok)
            #expect(!dashboard.body.contains("AKT"))
            #expect(!dashboard.body.contains("Amira"))
        }
    }

    @Test func feedbackIsDualBlindUntilBothAnswerOrAWeekPasses() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let sessions = try await fixture.amirasSessions()
            let mentor = try await Self.signedIn(fixture.james, app)
            for session in sessions.prefix(2) {
                try await mentor.get(sessionPath(session))
                try await mentor.post(
                    sessionPath(session), [("date", "2026-11-20"), ("time", "10:00"), ("status", "held")])
            }
            let first = sessions[0]
            try await mentor.get(sessionPath(first))
            var page = try await mentor.post(sessionPath(first) + "/feedback", [("feltSafe", "9")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Choose how safe you felt"))
            page = try await mentor.post(
                sessionPath(first) + "/feedback",
                [
                    ("feltSafe", "4"), ("useful", "5"), ("actionsAgreed", "yes"), ("recommend", "9"),
                    ("comment", "A thoughtful first meeting"),
                ])
            #expect(page.status == .seeOther)
            let mentee = try await Self.signedIn(fixture.amira, app)
            page = try await mentee.get(sessionPath(first))
            #expect(page.body.contains("has answered. You will see their answers once you have given yours"))
            #expect(!page.body.contains("A thoughtful first meeting"))
            page = try await mentee.post(
                sessionPath(first) + "/feedback",
                [("feltSafe", "5"), ("useful", "4"), ("actionsAgreed", "no"), ("recommend", "10")])
            #expect(page.status == .seeOther)
            #expect(try await mentee.get(sessionPath(first)).body.contains("A thoughtful first meeting"))
            // Once only.
            page = try await mentee.post(
                sessionPath(first) + "/feedback",
                [("feltSafe", "1"), ("useful", "1"), ("actionsAgreed", "no"), ("recommend", "0")])
            #expect(page.status == .unprocessableEntity)
            // Session 2: only the mentor answers; a week after the session the mentee sees it anyway.
            let second = sessions[1]
            try await mentor.get(sessionPath(second))
            try await mentor.post(
                sessionPath(second) + "/feedback",
                [
                    ("feltSafe", "3"), ("useful", "3"), ("actionsAgreed", "yes"), ("recommend", "7"),
                    ("comment", "Rushed"),
                ])
            // Back-dating the session, to open the other side's answers early, is refused once feedback exists.
            try await mentor.get(sessionPath(second))
            let backdated = try await mentor.post(
                sessionPath(second), [("date", "2026-11-01"), ("time", "10:00"), ("status", "held")])
            #expect(backdated.status == .unprocessableEntity)
            #expect(backdated.body.contains("can no longer change"))
            #expect(!(try await mentee.get(sessionPath(second)).body.contains("Rushed")))
            clock.advance(by: 7 * 86_400)
            let aWeekLater = try await Self.signedIn(fixture.amira, app)
            #expect(try await aWeekLater.get(sessionPath(second)).body.contains("Rushed"))
        }
    }

    @Test func theInviteAndThePrivateFeedAreValidCalendarsThatFollowChanges() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let session = try #require(try await fixture.amirasSessions().first)
            let mentor = try await Self.signedIn(fixture.james, app)
            #expect(try await mentor.get(sessionPath(session) + "/invite.ics").status == .notFound)
            try await mentor.get(sessionPath(session))
            try await mentor.post(
                sessionPath(session),
                [("date", "2026-12-10"), ("time", "14:30"), ("videoLink", "https://meet.example.org/a,b;c")])
            let invite = try await mentor.get(sessionPath(session) + "/invite.ics")
            #expect(invite.headers.contentType?.description.hasPrefix("text/calendar") == true)
            #expect(invite.body.contains("METHOD:REQUEST"))
            #expect(invite.body.contains("UID:\(session.id!.uuidString.lowercased())@cairn"))
            #expect(invite.body.contains("SEQUENCE:1"))
            #expect(invite.body.contains("DTSTART:20261210T143000Z"))

            let made = try await mentor.post("/mentoring/my/calendar", [])
            let feedPath = try #require(
                made.body.range(of: #"/calendar/[A-Za-z0-9_-]+\.ics"#, options: .regularExpression).map {
                    String(made.body[$0])
                })
            var feed = try await TestBrowser(app).get(feedPath)
            #expect(feed.status == .ok)
            #expect(feed.body.contains("METHOD:PUBLISH"))
            #expect(feed.body.contains("Mentoring session 1 of 4 with Dr Amira Haddad"))
            #expect(try await TestBrowser(app).get("/calendar/not-a-real-token-at-all-000000.ics").status == .notFound)

            try await mentor.get(sessionPath(session))
            try await mentor.post(
                sessionPath(session), [("date", "2026-12-10"), ("time", "14:30"), ("status", "cancelled")])
            let cancelled = try await mentor.get(sessionPath(session) + "/invite.ics")
            #expect(cancelled.body.contains("METHOD:CANCEL"))
            #expect(cancelled.body.contains("STATUS:CANCELLED"))
            #expect(cancelled.body.contains("SEQUENCE:2"))
            feed = try await TestBrowser(app).get(feedPath)
            #expect(feed.body.contains("STATUS:CANCELLED"))
            // Making a new address stops the old one.
            try await mentor.get("/mentoring/my")
            try await mentor.post("/mentoring/my/calendar", [])
            #expect(try await TestBrowser(app).get(feedPath).status == .notFound)

            guard ICalendarParser.available else { return }
            for text in [invite.body, cancelled.body] {
                let result = ICalendarParser.check(
                    text,
                    script: """
                        events = [c for c in cal.walk('VEVENT')]
                        assert len(events) == 1
                        e = events[0]
                        assert str(e['UID']).endswith('@cairn')
                        assert (e.decoded('DTEND') - e.decoded('DTSTART')).total_seconds() == 3600
                        assert str(e['LOCATION']) == 'https://meet.example.org/a,b;c', e.get('LOCATION')
                        print(str(cal['METHOD']), int(e['SEQUENCE']), str(e['STATUS']))
                        """)
                #expect(result.status == 0, "\(result.output)")
            }
        }
    }

    @Test func theSupervisorLearnsThatAPairExistsOnlyIfTheMenteeSharesIt() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let supervisorPerson = try await app.makePerson([.supervisor], email: "supervisor@example.org")
            let amira = try await fixture.mentee("amira@example.org")
            amira.supervisorEmail = "supervisor@example.org"
            try await amira.update(on: app.db)
            let supervisor = TestBrowser(app)
            try await supervisor.signIn(supervisorPerson)
            var page = try await supervisor.get("/mentoring/shared-with-me")
            #expect(page.body.contains("No one has shared this with you."))
            #expect(try await supervisor.get("/mentoring/my").status == .forbidden)

            let pair = try #require(try await MentoringPair.query(on: app.db).filter(\.$status == .active).first())
            let sharePath = "/mentoring/pairs/\(try pair.requireID().uuidString.lowercased())/share"
            let mentor = try await Self.signedIn(fixture.james, app)
            #expect(
                try await mentor.post(sharePath, [("share", "yes")]).status == .forbidden, "only the mentee decides")
            let mentee = try await Self.signedIn(fixture.amira, app)
            #expect(try await mentee.post(sharePath, [("share", "yes")]).status == .seeOther)
            page = try await supervisor.get("/mentoring/shared-with-me")
            #expect(page.body.contains("Dr Amira Haddad has a mentor."))
            #expect(!page.body.contains("IMG GP trainee mentoring"), "not even which programme")
            #expect(!page.body.contains("James"))
            try await mentee.get("/mentoring/my")
            #expect(try await mentee.post(sharePath, [("share", "no")]).status == .seeOther)
            #expect(try await supervisor.get("/mentoring/shared-with-me").body.contains("No one has shared"))
        }
    }

    @Test func remindersGoBeforeASessionAndANudgeWhenOneWasNotLogged() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let session = try #require(try await fixture.amirasSessions().first)
            let mentor = try await Self.signedIn(fixture.james, app)
            try await mentor.get(sessionPath(session))
            try await mentor.post(sessionPath(session), [("date", "2026-11-26"), ("time", "08:00")])
            let before = try await OutboxMessage.query(on: app.db).count()
            // Two runs at once (two processes whose turns overlapped) still send each reminder once.
            async let first: Void = MentoringReminders.run(database: app.db, state: app.cairn)
            async let second: Void = MentoringReminders.run(database: app.db, state: app.cairn)
            _ = try await (first, second)
            let reminders = try await OutboxMessage.query(on: app.db).all().dropFirst(before)
            #expect(reminders.count == 2)
            #expect(reminders.allSatisfy { $0.subject.hasPrefix("Reminder: mentoring session") })
            #expect(reminders.allSatisfy { !$0.body.contains("AKT") })
            try await MentoringReminders.run(database: app.db, state: app.cairn)
            #expect(try await OutboxMessage.query(on: app.db).count() == before + 2, "once only")
            clock.advance(by: 3 * 86_400)
            try await MentoringReminders.run(database: app.db, state: app.cairn)
            let nudges = try await OutboxMessage.query(on: app.db).all().dropFirst(before + 2)
            #expect(nudges.count == 2)
            #expect(nudges.allSatisfy { $0.subject.hasPrefix("Did your mentoring session happen") })
        }
    }
}

/// Python's `icalendar`, an implementation independent of ours (CI installs it; see `.ci/run`).
enum ICalendarParser {
    static var available: Bool {
        ProcessInfo.processInfo.environment["CAIRN_REQUIRE_ICALENDAR_TEST"] == "1"
            || run(["-c", "import icalendar"]).status == 0
    }

    static func check(_ text: String, script: String) -> (status: Int32, output: String) {
        let path = NSTemporaryDirectory() + "cairn-\(UUID()).ics"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let prelude = "import icalendar, sys\ncal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
        return run(["-c", prelude + script, path])
    }

    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
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
}
