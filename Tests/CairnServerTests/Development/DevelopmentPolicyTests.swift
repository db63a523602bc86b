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
        try AuthorisationMatrixTests.checkRecordSection("development", atLeast: 10) { standing, actor in
            Self.resource(standing, actor: actor)
        }
    }
}
