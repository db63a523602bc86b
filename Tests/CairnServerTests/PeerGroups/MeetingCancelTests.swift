import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

/// Issue #13 item 8: cancelling a meeting emails everyone coming or waiting, so a step says how many first.
@Suite("Cancelling a peer group meeting: a confirm step first")
struct MeetingCancelTests {
    @Test func theFacilitatorSeesWhoWillBeToldBeforeCancelling() async throws {
        try await withCairn { app in
            let (group, facilitator, _) = try await PeerGroupJourneyTests.startGroup(app)
            let meeting = try #require(
                try await PeerMeeting.query(on: app.db).filter(\.$groupID == group.requireID()).sort(\.$startsAt)
                    .first())
            let path = "/meetings/\(meeting.id!.uuidString.lowercased())"
            let (member, _) = try await PeerGroupJourneyTests.join(app, group)
            try await member.get(path)
            #expect(try await member.post(path + "/place", [("intent", "come")]).status == .seeOther)

            let page = try await facilitator.get(path)
            #expect(page.body.contains(#"href="\#(path)/cancel""#))
            let confirm = try await facilitator.get(path + "/cancel")
            #expect(confirm.status == .ok)
            #expect(confirm.body.contains("1 person with a place or on the waiting list will be told by email"))
            let still = try #require(try await PeerMeeting.find(meeting.id, on: app.db))
            #expect(still.status == .planned)
            // A member reaches neither the step nor the action.
            let refused = try await member.get(path + "/cancel").status
            #expect(refused == .forbidden || refused == .notFound)
            let cancelled = try await facilitator.post(path + "/cancel", [])
            #expect(cancelled.location == path + "?notice=meeting-cancelled")
            #expect(try await PeerMeeting.find(meeting.id, on: app.db)?.status == .cancelled)
            // Once cancelled, the step leads back to the meeting.
            #expect(try await facilitator.get(path + "/cancel").location == path)
        }
    }
}
