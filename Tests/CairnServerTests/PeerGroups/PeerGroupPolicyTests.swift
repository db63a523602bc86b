import Foundation
import Testing

@testable import CairnAccounts
@testable import CairnCore
@testable import CairnPeerGroups
@testable import CairnPlatform

/// The "peer" rows of the matrix: how an actor stands to a group, a meeting or a reflection, for every role. A
/// supervisor, administrator, programme lead, case manager or a member who did not attend never reads a meeting
/// record, and nobody but its author reads a reflection.
@Suite("Peer groups: who may reach a group, a meeting record or a reflection")
struct PeerGroupPolicyTests {
    static func rows() throws -> [(action: String, standing: String, expected: [String: String])] {
        try AuthorisationMatrixTests.recordRows("peer")
    }

    static func resource(_ standing: String) -> Policy.Resource? {
        let here = Policy.PeerGroupStanding(isSameOrganisation: true)
        let member = Policy.PeerGroupStanding(isSameOrganisation: true, isMember: true)
        let facilitator = Policy.PeerGroupStanding(isSameOrganisation: true, isFacilitator: true, isMember: true)
        let elsewhere = Policy.PeerGroupStanding(isSameOrganisation: false, isFacilitator: true, isMember: true)
        switch standing {
        case "attended": return .record(Policy.PeerMeetingStanding(group: member, attended: true))
        case "facilitator_of_the_group": return .record(Policy.PeerMeetingStanding(group: facilitator))
        case "member_who_did_not_attend": return .record(Policy.PeerMeetingStanding(group: member))
        case "other_organisation_attended": return .record(Policy.PeerMeetingStanding(group: elsewhere, attended: true))
        case "no_relation": return .record(Policy.PeerMeetingStanding(group: here))
        case "author": return .record(Policy.ReflectionStanding(isTheAuthor: true))
        case "not_the_author": return .record(Policy.ReflectionStanding(isTheAuthor: false))
        case "member": return .record(member)
        case "other_organisation_facilitator": return .record(elsewhere)
        case "group_here": return .record(here)
        case "group_elsewhere": return .record(Policy.PeerGroupStanding(isSameOrganisation: false))
        case "meeting_as_member": return .record(Policy.PeerMeetingStanding(group: member))
        case "meeting_not_a_member": return .record(Policy.PeerMeetingStanding(group: here))
        default: return nil
        }
    }

    @Test func thePolicyDecidesOnTheRecordAsTheMatrixSays() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 14)
        for row in rows {
            let action = try #require(Action(rawValue: row.action), "unknown action \(row.action)")
            var resource = try #require(Self.resource(row.standing), "unknown standing \(row.standing)")
            // "facilitator_of_the_group" for running a group is the group itself, not one of its meetings.
            if row.action == "run_peer_groups", row.standing == "facilitator_of_the_group" {
                resource = .record(Policy.PeerGroupStanding(isSameOrganisation: true, isFacilitator: true))
            }
            for role in Role.allCases {
                let decision = AuthorisationMatrixTests.expected(
                    Policy.decide(AuthorisationMatrixTests.actor(role.rawValue), action, on: resource))
                #expect(
                    decision == row.expected[role.rawValue],
                    "\(row.action) \(row.standing) as \(role.rawValue): policy says \(decision)")
            }
        }
    }
}
