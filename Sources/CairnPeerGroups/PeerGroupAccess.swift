import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Loads peer-group records only for those the policy lets in; anyone else gets 404: a group of another
/// organisation, a meeting record someone did not attend, or someone else's reflection does not exist for them.
package enum PeerGroupAccess {
    /// A group with the actor's standing to it.
    package static func groupLoader(parameter: String = "groupID") -> RecordLoader {
        .of(
            PeerGroup.self, parameter: parameter,
            load: { id, request in try await PeerGroup.find(id, on: request.db) },
            standing: { group, actor, request in
                .record(try await standing(of: actor, to: group, on: request.db))
            },
            describe: { .init(type: .peerGroup, id: $0.id?.uuidString ?? "") })
    }

    /// A meeting and its group, as a meeting route's gate loads them.
    package struct MeetingView: Sendable {
        package var meeting: PeerMeeting
        package var group: PeerGroup
        package var standing: Policy.PeerMeetingStanding
    }

    package static func meetingLoader(parameter: String = "meetingID") -> RecordLoader {
        .of(
            MeetingView.self, parameter: parameter,
            load: { id, request in
                guard let meeting = try await PeerMeeting.find(id, on: request.db),
                    let group = try await PeerGroup.find(meeting.groupID, on: request.db),
                    let actor = request.actor
                else { return nil }
                let groupStanding = try await standing(of: actor, to: group, on: request.db)
                let attended =
                    try await MeetingPlace.query(on: request.db).filter(\.$meetingID == meeting.requireID())
                    .filter(\.$personID == actor.personID).filter(\.$status == .attended).first() != nil
                return MeetingView(
                    meeting: meeting, group: group,
                    standing: Policy.PeerMeetingStanding(group: groupStanding, attended: attended))
            },
            standing: { view, _, _ in .record(view.standing) },
            describe: { .init(type: .peerMeeting, id: $0.meeting.id?.uuidString ?? "") })
    }

    package static func reflectionLoader(parameter: String = "reflectionID") -> RecordLoader {
        .of(
            Reflection.self, parameter: parameter,
            load: { id, request in try await Reflection.find(id, on: request.db) },
            standing: { reflection, actor, _ in
                .record(Policy.ReflectionStanding(isTheAuthor: reflection.authorID == actor.personID))
            },
            describe: { .init(type: .reflection, id: $0.id?.uuidString ?? "", subject: $0.authorID) })
    }

    /// The actor's standing to a group: same organisation, facilitator, member who accepted the current agreement.
    package static func standing(of actor: Actor, to group: PeerGroup, on database: any Database) async throws
        -> Policy.PeerGroupStanding
    {
        let sameOrganisation = group.organisationID == actor.organisationID
        guard sameOrganisation,
            let member = try await PeerGroupMember.query(on: database).filter(\.$groupID == group.requireID())
                .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).first()
        else { return Policy.PeerGroupStanding(isSameOrganisation: sameOrganisation) }
        // A facilitator runs the group under its agreement whatever version they last ticked (a co-facilitator is
        // not asked again when another facilitator changes the wording); a member accepts the current one.
        return Policy.PeerGroupStanding(
            isSameOrganisation: true, isFacilitator: member.kind == .facilitator,
            isMember: member.kind == .facilitator || member.agreementVersion == group.agreementVersion)
    }
}
