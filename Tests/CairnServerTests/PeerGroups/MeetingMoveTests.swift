import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

/// Issue #16 item 2: a one-off move of one meeting (another day, time, length or place), its rule left alone.
@Suite("Moving one peer group meeting, once")
struct MeetingMoveTests {
    /// The group's first planned meeting and its page's path.
    static func firstMeeting(_ app: Application, _ group: PeerGroup) async throws -> (PeerMeeting, String) {
        let meeting = try #require(
            try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt).first())
        return (meeting, "/meetings/\(meeting.id!.uuidString.lowercased())")
    }

    /// A free day for the move: three days after the meeting's own (never another meeting's: those are a month apart).
    static func freeDay(after meeting: PeerMeeting) throws -> String {
        try #require(CalendarDay(iso: meeting.day)).adding(days: 3).description
    }

    @Test func theFacilitatorMovesAMeetingAndThoseComingAreTold() async throws {
        try await withCairn { app in
            let (group, facilitator, _) = try await PeerGroupJourneyTests.startGroup(app)
            let (first, path) = try await Self.firstMeeting(app, group)
            let (member, person) = try await PeerGroupJourneyTests.join(app, group)
            try await member.get(path)
            #expect(try await member.post(path + "/place", [("intent", "come")]).status == .seeOther)
            // (a place taken moves the meeting's version on: the facilitator's page shows the new one)
            let meeting = try #require(try await PeerMeeting.find(first.id, on: app.db))
            let before = try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).count()

            let page = try await facilitator.get(path)
            #expect(page.body.contains("Move this meeting"))
            let newDay = try Self.freeDay(after: meeting)
            let moved = try await facilitator.post(
                path + "/move",
                [
                    ("day", newDay), ("startTime", "18:00"), ("minutes", "90"), ("place", "Seminar room 4"),
                    ("version", String(meeting.version)),
                ])
            #expect(moved.location == path + "?notice=peer-meeting-moved")
            let after = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            #expect(after.day == newDay)
            #expect(after.minutes == 90)
            #expect(after.place == "Seminar room 4")
            #expect(after.ruleDay == meeting.day)
            #expect(after.version == meeting.version + 1)
            let clock = DisplayTime.format(after.startsAt, in: app.cairn.configuration.timeZone)
            #expect(clock.contains("18:00") || clock.contains("6:00"))

            // Those coming are told; the page and the invitation say where and when now.
            let mail = try await OutboxMessage.query(on: app.db).filter(\.$recipient == person.email).all()
            #expect(mail.contains { $0.subject == "A peer group meeting has moved" })
            let memberPage = try await member.get(path)
            #expect(memberPage.body.contains("Seminar room 4"))
            #expect(memberPage.body.contains("Moved from"))
            #expect(!memberPage.body.contains("Move this meeting"))
            let invite = try await member.get(path + "/invite.ics")
            #expect(invite.body.contains("LOCATION:Seminar room 4"))
            #expect(invite.body.contains("SEQUENCE:\(after.version)"))

            // Planning ahead never plans the rule's day again.
            let service = PeerGroupService(context: ServiceContext(application: app))
            try await service.planMeetings(for: group, from: app.cairn.today)
            let count = try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).count()
            #expect(count == before)
            let onOldDay = try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID())
                .filter(\.$day == meeting.day).count()
            #expect(onOldDay == 0)

            // A second move keeps the rule's day; moving back to it is allowed.
            let again = try await facilitator.post(
                path + "/move",
                [
                    ("day", meeting.day), ("startTime", "12:30"), ("minutes", "60"), ("place", ""),
                    ("version", String(after.version)),
                ])
            #expect(again.status == .seeOther)
            let back = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            #expect(back.day == meeting.day && back.place == nil && back.ruleDay == meeting.day)
            #expect(try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).count() == before)
        }
    }

    @Test func aBadMoveKeepsWhatWasTypedAndAStaleOneIsAConflict() async throws {
        try await withCairn { app in
            let (group, facilitator, _) = try await PeerGroupJourneyTests.startGroup(app)
            let (meeting, path) = try await Self.firstMeeting(app, group)
            let second = try #require(
                try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt)
                    .offset(1).first())
            try await facilitator.get(path)
            let version = String(meeting.version)
            // a day already in the past, and a time that is not one: the form comes back with both, as typed
            let past = app.cairn.today.adding(days: -2).description
            let bad = try await facilitator.post(
                path + "/move",
                [
                    ("day", past), ("startTime", "25:99"), ("minutes", "90"), ("place", "KEPT-PLACE"),
                    ("version", version),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Choose a day from today on"))
            #expect(bad.body.contains("Enter a time like 12:30"))
            #expect(bad.body.contains("KEPT-PLACE") && bad.body.contains("25:99"))
            // the day of another of the group's meetings
            let clash = try await facilitator.post(
                path + "/move",
                [("day", second.day), ("startTime", "12:30"), ("minutes", "60"), ("version", version)])
            #expect(clash.status == .unprocessableEntity)
            #expect(clash.body.contains("The group has a meeting on that day already"))
            // no version: nothing changes
            let blind = try await facilitator.post(
                path + "/move", [("day", try Self.freeDay(after: meeting)), ("startTime", "12:30"), ("minutes", "60")])
            #expect(blind.status == .unprocessableEntity)
            // a stale version: a conflict, and nothing moved
            let stale = try await facilitator.post(
                path + "/move",
                [
                    ("day", try Self.freeDay(after: meeting)), ("startTime", "12:30"), ("minutes", "60"),
                    ("version", String(meeting.version + 7)),
                ])
            #expect(stale.status == .conflict)
            #expect(try await PeerMeeting.find(meeting.id, on: app.db)?.day == meeting.day)
            // a change of time and place alone keeps the day: nothing says it moved from it
            let timeOnly = try await facilitator.post(
                path + "/move",
                [
                    ("day", meeting.day), ("startTime", "13:00"), ("minutes", "60"), ("place", "Room 2"),
                    ("version", version),
                ])
            #expect(timeOnly.status == .seeOther)
            let kept = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            #expect(kept.ruleDay == nil && kept.movedFrom == nil && kept.place == "Room 2")
            #expect(try await !facilitator.get(path).body.contains("Moved from"))
            // a member cannot move it
            let (member, _) = try await PeerGroupJourneyTests.join(app, group)
            try await member.get(path)
            let refused = try await member.post(
                path + "/move",
                [
                    ("day", try Self.freeDay(after: meeting)), ("startTime", "12:30"), ("minutes", "60"),
                    ("version", version),
                ])
            #expect(refused.status == .forbidden || refused.status == .notFound)
            // a cancelled meeting is not moved
            #expect(try await facilitator.post(path + "/cancel", []).status == .seeOther)
            let cancelled = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            let late = try await facilitator.post(
                path + "/move",
                [
                    ("day", try Self.freeDay(after: meeting)), ("startTime", "12:30"), ("minutes", "60"),
                    ("version", String(cancelled.version)),
                ])
            #expect(late.status == .conflict)
            #expect(late.body.contains("Only a planned meeting that has not started can be moved"))
        }
    }

    @Test func throughTheAPI() async throws {
        try await withCairn { app in
            let (group, _, facilitator) = try await PeerGroupJourneyTests.startGroup(app)
            let (meeting, _) = try await Self.firstMeeting(app, group)
            let token = try await CaseAPITests.token(for: facilitator, on: app)
            let id = meeting.id!.uuidString.lowercased()
            let newDay = try Self.freeDay(after: meeting)
            let body =
                #"{"day": "\#(newDay)", "startTime": "08:15", "minutes": 45, "place": "https://video.example/cafe", "version": \#(meeting.version)}"#
            let (status, moved, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(id)/schedule", token: token, body: body)
            #expect(status == .ok)
            #expect(moved["movedFrom"] as? String == meeting.day)
            #expect(moved["place"] as? String == "https://video.example/cafe")
            #expect(moved["minutes"] as? Int == 45)
            #expect(moved["version"] as? Int == meeting.version + 1)
            // the same body again: its version is stale now
            let (stale, _, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(id)/schedule", token: token, body: body)
            #expect(stale == .conflict)
            // a day in the past: 422 at /day
            let past =
                #"{"day": "2001-01-02", "startTime": "08:15", "minutes": 45, "version": \#(meeting.version + 1)}"#
            let (pastStatus, problem, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/meetings/\(id)/schedule", token: token, body: past)
            #expect(pastStatus == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/day")
            // the meetings list gives the place and where it moved from
            let (_, _, listText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/groups/\(group.id!.uuidString.lowercased())/meetings", token: token)
            let list = try #require(try JSONSerialization.jsonObject(with: Data(listText.utf8)) as? [[String: Any]])
            let listed = try #require(list.first { $0["id"] as? String == id })
            #expect(listed["movedFrom"] as? String == meeting.day)
            #expect(list.contains { $0["id"] as? String != id && $0["place"] as? String == group.place })
        }
    }
}
