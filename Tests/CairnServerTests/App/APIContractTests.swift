import CairnAPI
import CairnCore
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

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

    /// The contract says which grades belong to which profession (so a client, and schemathesis, can send only
    /// valid pairs), and says exactly what CairnCore's reference data says.
    @Test func theContractsGradesByProfessionAreCairnCores() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        func list(_ profession: Profession) -> String {
            "{properties: {grade: {enum: [" + profession.grades.map(\.rawValue).joined(separator: ", ") + "]}}}"
        }
        for profession in [Profession.doctor, .dentist, .medicalSupportWorker] {
            #expect(text.contains("if: {properties: {profession: {const: \(profession.rawValue)}}}"))
            #expect(text.contains("then: " + list(profession)), "\(profession)")
        }
        let banded: [Profession] = [
            .nurse, .midwife, .pharmacist, .alliedHealthProfessional, .physicianAssociate, .healthcareScientist,
        ]
        #expect(Set(Profession.allCases) == Set(banded + [.doctor, .dentist, .medicalSupportWorker]))
        for profession in banded {
            #expect(text.contains("else: " + list(profession)), "\(profession)")
        }
    }

    /// Each operation names its action next to itself (`x-cairn-action`), and a contract that forgets one, or names
    /// one the policy does not know, cannot start.
    @Test func everyOperationNamesItsActionInTheContract() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        let actions = try APIRoutes.actions(contract: text, catalogue: .cairn)
        let operations = text.split(separator: "\n").filter { $0.hasPrefix("      operationId: ") }.count
        #expect(actions.count == operations)
        #expect(actions["GET /api/v1/cases/:caseId"] == .readCase)
        #expect(actions["PATCH /api/v1/mentoring/sessions/:sessionId"] == .workInMentoringPair)

        let forgotten = text.replacingOccurrences(of: "      x-cairn-action: read_own_profile\n", with: "")
        #expect(throws: APIRoutes.ContractProblem(text: "gives operation getMe no x-cairn-action")) {
            try APIRoutes.actions(contract: forgotten, catalogue: .cairn)
        }
        let unknown = text.replacingOccurrences(
            of: "x-cairn-action: read_own_profile", with: "x-cairn-action: read_everything")
        #expect(throws: APIRoutes.ContractProblem(text: "names an unknown action \"read_everything\" for getMe")) {
            try APIRoutes.actions(contract: unknown, catalogue: .cairn)
        }
    }
}
