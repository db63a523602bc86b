import CairnAPI
import CairnCore
import Testing

@testable import CairnServer

/// The enums in openapi.yaml and in the core must name the same things, or a schema-valid request would be
/// refused (or a new value would be unreachable from the API).
@Suite("The API contract and the domain agree")
struct APIContractTests {
    @Test func enumsMatch() {
        #expect(Set(Components.Schemas.Grade.allCases.map(\.rawValue)) == Set(Grade.allCases.map(\.rawValue)))
        #expect(
            Set(Components.Schemas.ReferralRequest.ProfessionPayload.allCases.map(\.rawValue))
                == Set(Profession.allCases.map(\.rawValue)))
        #expect(
            Set(Components.Schemas.ReferralRequest.RegionPayload.allCases.map(\.rawValue))
                == Set(Region.allCases.map(\.rawValue)))
        #expect(
            Set(Components.Schemas.ReferralRequest.ReasonsPayloadPayload.allCases.map(\.rawValue))
                == Set(ReferralReason.allCases.filter { $0 != .other }.map(\.rawValue)))
        #expect(
            Set(Components.Schemas.PlanItemRequest.InterventionPayload.allCases.map(\.rawValue))
                == Set(Intervention.allCases.map(\.rawValue)))
        #expect(Set(Components.Schemas.CaseState.allCases.map(\.rawValue)) == Set(CaseState.allCases.map(\.rawValue)))
        #expect(
            Set(Components.Schemas.TransitionRequest.OutcomesPayloadPayload.allCases.map(\.rawValue))
                == Set(CaseOutcome.allCases.map(\.rawValue)))
    }
}
