import CairnCore
import Foundation
import Testing

@testable import CairnInduction
@testable import CairnPlatform

/// The "induction" rows of the matrix: how an actor stands to an induction, one of its items, a template or
/// someone's registration pathway, for every role.
@Suite("Inductions: who may follow one, mark an item done, sign it off, or read a pathway")
struct InductionPolicyTests {
    static func rows() throws -> [(action: String, standing: String, expected: [String: String])] {
        try AuthorisationMatrixTests.recordRows("induction")
    }

    static func resource(_ standing: String) -> Policy.Resource? {
        let starter = Policy.InductionStanding(isSameOrganisation: true, isInductee: true)
        let supervisor = Policy.InductionStanding(isSameOrganisation: true, isSupervisor: true)
        let here = Policy.InductionStanding(isSameOrganisation: true)
        let elsewhere = Policy.InductionStanding(isSameOrganisation: false, isInductee: true, isSupervisor: true)
        func item(_ induction: Policy.InductionStanding, _ owner: InductionOwner, signOff: Bool = false)
            -> Policy.Resource
        {
            .record(Policy.InductionItemStanding(induction: induction, owner: owner, needsSignOff: signOff))
        }
        switch standing {
        case "the_new_starter": return .record(starter)
        case "the_named_supervisor": return .record(supervisor)
        case "same_organisation": return .record(here)
        case "other_organisation": return .record(elsewhere)
        case "new_starter_s_item_as_new_starter": return item(starter, .inductee)
        case "new_starter_s_item_as_supervisor": return item(supervisor, .inductee)
        case "supervisor_s_item_as_supervisor": return item(supervisor, .supervisor)
        case "supervisor_s_item_as_new_starter": return item(starter, .supervisor)
        case "department_s_item": return item(here, .department)
        case "department_s_item_elsewhere":
            return item(Policy.InductionStanding(isSameOrganisation: false), .department)
        case "needs_sign_off_as_supervisor": return item(supervisor, .inductee, signOff: true)
        case "needs_sign_off_as_new_starter": return item(starter, .inductee, signOff: true)
        case "no_sign_off_as_supervisor": return item(supervisor, .inductee)
        case "supervision_as_new_starter": return .record(Policy.SupervisionStanding(induction: starter))
        case "supervision_as_supervisor": return .record(Policy.SupervisionStanding(induction: supervisor))
        case "supervision_same_organisation": return .record(Policy.SupervisionStanding(induction: here))
        case "supervision_other_organisation": return .record(Policy.SupervisionStanding(induction: elsewhere))
        case "role_description_here": return .record(Policy.RoleDescriptionStanding(isSameOrganisation: true))
        case "role_description_elsewhere": return .record(Policy.RoleDescriptionStanding(isSameOrganisation: false))
        case "template_here": return .record(Policy.InductionTemplateStanding(isSameOrganisation: true))
        case "template_elsewhere": return .record(Policy.InductionTemplateStanding(isSameOrganisation: false))
        case "shared_with_its_supervisor":
            return .record(Policy.PathwayStanding(isSameOrganisation: true, isSupervisorOfOwner: true, isShared: true))
        case "not_shared":
            return .record(Policy.PathwayStanding(isSameOrganisation: true, isSupervisorOfOwner: true, isShared: false))
        case "shared_another_s_supervisor":
            return .record(Policy.PathwayStanding(isSameOrganisation: true, isSupervisorOfOwner: false, isShared: true))
        case "shared_other_organisation":
            return .record(Policy.PathwayStanding(isSameOrganisation: false, isSupervisorOfOwner: true, isShared: true))
        default: return nil
        }
    }

    @Test func thePolicyDecidesOnTheRecordAsTheMatrixSays() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 25)
        for row in rows {
            let action = try #require(Action(rawValue: row.action), "unknown action \(row.action)")
            let resource = try #require(Self.resource(row.standing), "unknown standing \(row.standing)")
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
