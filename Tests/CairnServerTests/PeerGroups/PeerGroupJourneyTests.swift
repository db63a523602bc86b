import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

@Suite("Peer groups: the group, its agreement, places, attendance and the record")
struct PeerGroupJourneyTests {
    static let groupForm: [(String, String)] = [
        ("name", "Clinical café"), ("audience", "GPs and GP trainees"), ("place", "Seminar room 2"),
        ("capacity", "2"), ("ordinal", "1"), ("weekday", "2"), ("startTime", "12:30"), ("minutes", "60"),
        ("agreement", PeerGroupDraft.standardAgreement),
    ]

    /// A facilitator starts a group through the page; returns it and the facilitator's browser.
    static func startGroup(_ app: Application, capacity: Int = 2, firstDay: String? = nil) async throws
        -> (PeerGroup, TestBrowser, TestPerson)
    {
        let facilitator = try await app.makePerson([.facilitator], name: "Dr Fay Facilitator")
        let browser = TestBrowser(app)
        try await browser.signIn(facilitator)
        try await browser.get("/groups/new")
        var fields = groupForm.filter { $0.0 != "capacity" } + [("capacity", String(capacity))]
        // From tomorrow: a group starting today on its meeting day (the first Tuesday) would hold a meeting that has
        // already begun by evening, and places cannot be taken at a meeting under way.
        fields.append(("firstDay", firstDay ?? app.cairn.today.adding(days: 1).description))
        let made = try await browser.post("/groups", fields)
        #expect(made.status == .seeOther)
        let group = try #require(try await PeerGroup.query(on: app.db).sort(\.$createdAt, .descending).first())
        return (group, browser, facilitator)
    }

    static func join(_ app: Application, _ group: PeerGroup, name: String = "Dr Member") async throws -> (
        TestBrowser, TestPerson
    ) {
        let person = try await app.makePerson([.clinician], name: name)
        let browser = TestBrowser(app)
        try await browser.signIn(person)
        try await browser.get("/groups/\(group.id!.uuidString.lowercased())")
        let joined = try await browser.post(
            "/groups/\(group.id!.uuidString.lowercased())/join", [("accept[]", String(group.agreementVersion))])
        #expect(joined.status == .seeOther)
        return (browser, person)
    }

    @Test func aFacilitatorStartsAGroupAndABadFormKeepsWhatWasTyped() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator])
            let browser = TestBrowser(app)
            try await browser.signIn(facilitator)
            try await browser.get("/groups/new")
            let bad = try await browser.post(
                "/groups",
                [
                    ("name", "Café <b>bold</b>"), ("place", ""), ("capacity", "1"), ("startTime", "noon"),
                    ("ordinal", "1"), ("weekday", "2"), ("minutes", "60"), ("agreement", "short"), ("firstDay", "x"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Café &lt;b&gt;bold&lt;/b&gt;"))
            #expect(bad.body.contains("Enter where the group meets"))
            #expect(bad.body.contains("Enter how many fit, between 2 and 40"))
            #expect(try await PeerGroup.query(on: app.db).count() == 0)
            // a good one plans the year's meetings on first Tuesdays, bank holidays skipped
            let (group, facilitatorBrowser, _) = try await Self.startGroup(app)
            let meetings = try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).all()
            #expect(meetings.count >= 11 && meetings.count <= 13)
            let holidays = BankHolidays.days(for: .england).map(\.description)
            for meeting in meetings {
                let day = try #require(CalendarDay(iso: meeting.day))
                #expect(MeetingRule.isoWeekday(day) == 2 && day.day <= 7)
                #expect(!holidays.contains(meeting.day))
            }
            let page = try await facilitatorBrowser.get("/groups/\(group.id!.uuidString.lowercased())")
            #expect(page.body.contains("First Tuesday of each month, 12:30 to 13:30"))
            #expect(page.body.contains("You facilitate this group."))
        }
    }

    @Test func aMemberAcceptsTheAgreementBeforeTheyCanSignUp() async throws {
        try await withCairn { app in
            let (group, _, _) = try await Self.startGroup(app)
            let groupPath = "/groups/\(group.id!.uuidString.lowercased())"
            let meeting = try #require(
                try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt)
                    .first())
            let meetingPath = "/meetings/\(meeting.id!.uuidString.lowercased())"
            let person = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            let before = try await browser.get(groupPath)
            #expect(before.body.contains("I accept the agreement above"))
            // a non-member does not reach the meeting
            #expect(try await browser.get(meetingPath).status == .notFound)
            // joining without ticking the box is refused and says why
            try await browser.get(groupPath)
            let unticked = try await browser.post(groupPath + "/join", [])
            #expect(unticked.status == .unprocessableEntity)
            #expect(unticked.body.contains("tick the box to accept it"))
            try await browser.get(groupPath)
            #expect(try await browser.post(groupPath + "/join", [("accept[]", "1")]).status == .seeOther)
            let member = try #require(
                try await PeerGroupMember.query(on: app.db).filter(\.$personID == person.id).first())
            #expect(member.agreementVersion == 1 && member.acceptedAt != nil)
            try await browser.get(meetingPath)
            let come = try await browser.post(meetingPath + "/place", [("intent", "come")])
            #expect(come.location?.hasSuffix("notice=meeting-place") == true)
            // the invitation, and the meeting in her private calendar feed beside any mentoring sessions
            let invite = try await browser.get(meetingPath + "/invite.ics")
            #expect(invite.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            #expect(invite.body.contains("METHOD:REQUEST"))
            #expect(invite.body.contains("SUMMARY:Clinical café (peer group)"))
            #expect(invite.body.contains("UID:\(meeting.id!.uuidString.lowercased())@cairn-peer-groups"))
            let token = try await MentoringCalendar.newFeed(for: person.id, state: app.cairn, on: app.db)
            let feed = try await TestBrowser(app).get("/calendar/\(token).ics")
            #expect(feed.status == .ok)
            #expect(feed.body.contains("SUMMARY:Clinical café (peer group)"))
            // moved to another organisation, the group and its meeting no longer exist for them
            let other = Organisation(name: "Elsewhere", kind: .unit, nation: "wales", timeZone: "Europe/London")
            try await other.create(on: app.db)
            group.organisationID = try other.requireID()
            try await group.update(on: app.db)
            #expect(try await browser.get(groupPath).status == .notFound)
            #expect(try await browser.get(meetingPath).status == .notFound)
        }
    }

    @Test func placesAreNeverOverbookedAndTheWaitingListMovesUp() async throws {
        try await withCairn { app in
            let (group, facilitator, _) = try await Self.startGroup(app, capacity: 2)
            let meeting = try #require(
                try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt)
                    .first())
            let meetingPath = "/meetings/\(meeting.id!.uuidString.lowercased())"
            var members: [(TestBrowser, TestPerson)] = []
            for index in 0..<6 { members.append(try await Self.join(app, group, name: "Dr Member \(index)")) }
            for (browser, _) in members { try await browser.get(meetingPath) }
            // everyone clicks at once
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for (browser, _) in members {
                    tasks.addTask {
                        let answer = try await browser.post(meetingPath + "/place", [("intent", "come")])
                        #expect(answer.status == .seeOther)
                    }
                }
                try await tasks.waitForAll()
            }
            let places = try await MeetingPlace.query(on: app.db).filter(\.$meetingID == meeting.requireID()).all()
            #expect(places.filter { $0.status == .coming }.count == 2)
            #expect(places.filter { $0.status == .waiting }.count == 4)
            #expect(try await PeerMeeting.find(meeting.id, on: app.db)?.taken == 2)
            // one with a place gives it up: the first waiting moves up and is told by email
            let leaving = try #require(places.first { $0.status == .coming })
            let firstWaiting = try #require(places.filter { $0.status == .waiting }.min { $0.askedAt < $1.askedAt })
            let (leaver, _) = try #require(members.first { $0.1.id == leaving.personID })
            try await leaver.get(meetingPath)
            #expect(try await leaver.post(meetingPath + "/place", [("intent", "withdraw")]).status == .seeOther)
            let after = try await MeetingPlace.query(on: app.db).filter(\.$meetingID == meeting.requireID()).all()
            #expect(after.first { $0.personID == firstWaiting.personID }?.status == .coming)
            #expect(after.filter { $0.status == .coming }.count == 2)
            #expect(try await PeerMeeting.find(meeting.id, on: app.db)?.taken == 2)
            // the facilitator sees who might bring a case: both coming, neither has presented
            let facilitatorPage = try await facilitator.get(meetingPath)
            #expect(facilitatorPage.body.contains("Who brings a case"))
            #expect(facilitatorPage.body.contains("has not presented yet"))
            let promoted = try #require(try await Person.find(firstWaiting.personID, on: app.db))
            let mail = try await OutboxMessage.query(on: app.db).filter(\.$recipient == promoted.email).all()
            #expect(mail.contains { $0.subject == "A place at your peer group is yours" })
            // the waiting list's order is shown to those on it
            let (waiter, _) = try #require(
                members.first { member in
                    after.contains { $0.personID == member.1.id && $0.status == .waiting }
                })
            #expect(try await waiter.get(meetingPath).body.contains("on the waiting list"))
            // each of those waiting has their own number, in the order they asked (never counting themselves)
            let service = PeerGroupService(context: ServiceContext(application: app))
            let waiting = after.filter { $0.status == .waiting }.sorted { $0.askedAt < $1.askedAt }
            var numbers: [Int] = []
            for place in waiting { numbers.append(try await service.position(of: place, on: app.db)) }
            #expect(numbers == Array(1...waiting.count))
            let (first, _) = try #require(members.first { $0.1.id == waiting[0].personID })
            #expect(try await first.get(meetingPath).body.contains("You are number 1 on the waiting list."))
        }
    }

    @Test func theRecordIsForThoseWhoAttendedAndRefusesPatientDetails() async throws {
        try await withCairn(collaborators: .testing()) { app in
            let (group, facilitator, _) = try await Self.startGroup(app, capacity: 5)
            // a meeting that has happened: planned yesterday
            let meeting = PeerMeeting()
            meeting.id = UUID()
            meeting.groupID = try group.requireID()
            meeting.day = "2026-01-06"
            meeting.startsAt = Date().addingTimeInterval(-86_400)
            meeting.minutes = 60
            meeting.status = .planned
            meeting.taken = 0
            meeting.themes = ""
            meeting.version = 1
            try await meeting.create(on: app.db)
            let path = "/meetings/\(meeting.id!.uuidString.lowercased())"
            let (attendee, attendeePerson) = try await Self.join(app, group, name: "Dr Came")
            let (absentee, _) = try await Self.join(app, group, name: "Dr Stayed Away")
            try await facilitator.get(path)
            // a post without the page's version changes nothing
            #expect(try await facilitator.post(path + "/attendance", []).status == .unprocessableEntity)
            try await facilitator.get(path)
            let marked = try await facilitator.post(
                path + "/attendance", [("attended[]", attendeePerson.id.uuidString), ("version", "1")])
            #expect(marked.status == .seeOther)
            // a second save from a page opened before the first is refused
            let stale = try await facilitator.post(path + "/attendance", [("version", "1")])
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.contains("Someone changed this meeting"))
            try await facilitator.get(path)
            let identifying = try await facilitator.post(
                path + "/record",
                [
                    ("record", "RECORD-MARKER Mrs X, NHS 943 476 5919, DOB 12/03/1941"), ("themes[]", "error"),
                    ("version", "2"),
                ])
            #expect(identifying.status == .unprocessableEntity)
            #expect(identifying.body.contains("looks like an NHS number"))
            #expect(identifying.body.contains("RECORD-MARKER Mrs X"))
            try await facilitator.get(path)
            let fine = try await facilitator.post(
                path + "/record",
                [
                    ("record", "RECORD-MARKER uncertainty after a missed diagnosis"), ("themes[]", "error"),
                    ("themes[]", "uncertainty"), ("version", "2"),
                ])
            #expect(fine.status == .seeOther)
            let stored = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            #expect(stored.record?.contains("RECORD-MARKER") == false)
            #expect(stored.themes == "uncertainty,error")
            #expect(try await attendee.get(path).body.contains("RECORD-MARKER"))
            let absent = try await absentee.get(path)
            #expect(absent.status == .ok)
            #expect(!absent.body.contains("RECORD-MARKER"))
            // staff outside the room reach nothing
            for role in [Role.supervisor, .admin, .programmeLead, .caseManager, .unitLead] {
                let other = TestBrowser(app)
                try await other.signIn(try await app.makePerson([role]))
                let page = try await other.get(path)
                #expect(!page.body.contains("RECORD-MARKER"), "\(role) read the record")
                #expect(page.status == .forbidden || page.status == .notFound, "\(role): \(page.status)")
            }
            let reads = try await AuditEntry.query(on: app.db).filter(\.$action == "meeting_record_read").count()
            #expect(reads >= 1)
        }
    }
}

@Suite("Peer groups: changing the agreement")
struct PeerGroupAgreementTests {
    @Test func aNewWordingIsANewVersionMembersAcceptAgainBeforeTheySignUp() async throws {
        try await withCairn { app in
            let (group, facilitator, _) = try await PeerGroupJourneyTests.startGroup(app)
            let groupPath = "/groups/\(group.id!.uuidString.lowercased())"
            let (member, person) = try await PeerGroupJourneyTests.join(app, group, name: "Dr Agreeing")
            let meeting = try #require(
                try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt)
                    .first())
            let meetingPath = "/meetings/\(meeting.id!.uuidString.lowercased())"
            #expect(try await member.get(meetingPath).status == .ok)
            let wording = PeerGroupDraft.standardAgreement + " We also keep our phones away during the hour."
            // too short, then without the page's version, then right
            try await facilitator.get(groupPath)
            let short = try await facilitator.post(
                groupPath + "/agreement", [("agreement", "Be kind."), ("version", "1")])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.contains("Be kind."))
            try await facilitator.get(groupPath)
            #expect(
                try await facilitator.post(groupPath + "/agreement", [("agreement", wording)]).status
                    == .unprocessableEntity)
            try await facilitator.get(groupPath)
            #expect(
                try await facilitator.post(groupPath + "/agreement", [("agreement", wording), ("version", "1")])
                    .status == .seeOther)
            let changed = try #require(try await PeerGroup.find(group.id, on: app.db))
            #expect(changed.agreementVersion == 2 && changed.agreement.hasSuffix("during the hour."))
            // a second change from a page showing version 1 is refused
            try await facilitator.get(groupPath)
            let stale = try await facilitator.post(
                groupPath + "/agreement", [("agreement", wording + " Stale."), ("version", "1")])
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.contains("changed since you opened the page"))
            // the member was told, must accept again before reaching a meeting, and can
            let mail = try await OutboxMessage.query(on: app.db).filter(\.$recipient == person.email).all()
            #expect(mail.contains { $0.subject == "Your peer group's agreement has changed" })
            #expect(try await member.get(meetingPath).status == .notFound)
            let page = try await member.get(groupPath)
            #expect(page.body.contains("The agreement has changed since you accepted it"))
            #expect(page.body.contains("during the hour."))
            #expect(try await member.post(groupPath + "/join", [("accept[]", "1")]).status == .unprocessableEntity)
            try await member.get(groupPath)
            #expect(try await member.post(groupPath + "/join", [("accept[]", "2")]).status == .seeOther)
            #expect(try await member.get(meetingPath).status == .ok)
            // the facilitator who changed it accepted it by changing it
            #expect(try await facilitator.get(meetingPath).status == .ok)
        }
    }
}

@Suite("Peer groups: housekeeping keeps a year planned")
struct PeerGroupHousekeepingTests {
    @Test func onlyGroupsShortOfAYearArePlannedAndAStoppedGroupIsNot() async throws {
        try await withCairn { app in
            let (group, _, _) = try await PeerGroupJourneyTests.startGroup(app)
            let groupID = try group.requireID()
            let planned = try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).count()
            try await PeerGroupsFeature().housekeeping(app, now: Date())
            #expect(try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).count() == planned)
            // the last five months' meetings lost: the next round plans them again
            let later = app.cairn.today.adding(days: 200).description
            try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).filter(\.$day > later).delete()
            #expect(try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).count() < planned)
            try await PeerGroupsFeature().housekeeping(app, now: Date())
            #expect(try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).count() == planned)
            // a group that stopped meeting gets nothing new
            group.endedAt = Date()
            try await group.update(on: app.db)
            try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).filter(\.$day > later).delete()
            let stopped = try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).count()
            try await PeerGroupsFeature().housekeeping(app, now: Date())
            #expect(try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).count() == stopped)
        }
    }
}
