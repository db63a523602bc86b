import CairnCore
import Foundation
import Testing

@testable import CairnDevelopment
@testable import CairnPlatform

/// The "development" rows of the matrix: how an actor stands to a practice or to a personal plan's item, for every
/// role.
@Suite("Practice and personal development: who runs a plan, who reads it, whose a personal plan is")
struct DevelopmentPolicyTests {
    static func resource(_ standing: String, actor: Actor) -> Policy.Resource? {
        switch standing {
        case "facilitator_of_practice":
            return .record(Policy.PracticeStanding(isSameOrganisation: true, isFacilitator: true))
        case "member_of_practice": return .record(Policy.PracticeStanding(isSameOrganisation: true, isMember: true))
        case "same_organisation": return .record(Policy.PracticeStanding(isSameOrganisation: true))
        case "facilitator_elsewhere":
            return .record(Policy.PracticeStanding(isSameOrganisation: false, isFacilitator: true))
        case "member_elsewhere": return .record(Policy.PracticeStanding(isSameOrganisation: false, isMember: true))
        case "own_record": return .ownedBy(actor.personID)
        case "someone_else_s_record": return .ownedBy(UUID())
        default: return nil
        }
    }

    @Test func thePolicyDecidesOnTheRecordAsTheMatrixSays() throws {
        let rows = try AuthorisationMatrixTests.recordRows("development")
        #expect(rows.count >= 10)
        for row in rows {
            let action = try #require(Action(rawValue: row.action), "unknown action \(row.action)")
            for role in Role.allCases {
                let actor = try #require(AuthorisationMatrixTests.actor(role.rawValue))
                let resource = try #require(
                    Self.resource(row.standing, actor: actor), "unknown standing \(row.standing)")
                let decision = AuthorisationMatrixTests.expected(Policy.decide(actor, action, on: resource))
                #expect(
                    decision == row.expected[role.rawValue],
                    "\(row.action) \(row.standing) as \(role.rawValue): policy says \(decision)")
            }
        }
    }
}
