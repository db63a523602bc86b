import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Meetings in calendars (RFC 5545 through `ICalendar`): an invitation per meeting, and the meetings a person has a
/// place at in their private feed (the one their mentoring sessions are in; every feature adds its own events).
package enum PeerGroupCalendar {
    static func event(for meeting: PeerMeeting, in group: PeerGroup, stamp: Date) -> ICalendar.Event? {
        guard let id = meeting.id else { return nil }
        return ICalendar.Event(
            uid: "\(id.uuidString.lowercased())@cairn-peer-groups", sequence: meeting.version, start: meeting.startsAt,
            minutes: meeting.minutes, summary: "\(group.name) (peer group)",
            description: "\(meeting.minutes) minutes. What is said in the group stays in the group.",
            location: meeting.place(in: group), cancelled: meeting.status == .cancelled, stamp: stamp)
    }

    /// Meetings from a month ago on at which the person has a place (or attended).
    package static func events(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        let since = state.collaborators.now().addingTimeInterval(-30 * 86_400)
        let meetingIDs = try await MeetingPlace.query(on: database).filter(\.$personID == personID)
            .filter(\.$status ~~ [.coming, .attended]).all(\.$meetingID)
        guard !meetingIDs.isEmpty else { return [] }
        let meetings = try await PeerMeeting.query(on: database).filter(\.$id ~~ meetingIDs)
            .filter(\.$startsAt >= since).sort(\.$startsAt).limit(200).all()
        let groups = try await PeerGroup.query(on: database).filter(\.$id ~~ Set(meetings.map(\.groupID))).all()
        let now = state.collaborators.now()
        return meetings.compactMap { meeting in
            guard let group = groups.first(where: { $0.id == meeting.groupID }) else { return nil }
            return event(for: meeting, in: group, stamp: now)
        }
    }

    /// `/meetings/:id/invite.ics`: the meeting as an invitation (a cancellation once it is called off).
    @Sendable static func invite(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard
            let event = event(
                for: view.meeting, in: view.group, stamp: request.application.cairn.collaborators.now())
        else { throw Abort(.notFound) }
        let text = ICalendar.calendar([event], method: view.meeting.status == .cancelled ? "CANCEL" : "REQUEST")
        return .file(text, type: Response.calendar, filename: "peer-group-\(view.meeting.day).ics")
    }
}
