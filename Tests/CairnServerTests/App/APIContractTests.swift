import CairnAPI
import CairnCore
import Foundation
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

    /// The contract says which grades belong to which profession and what form each profession's register number
    /// has (so a client, and schemathesis, can send only valid ones), exactly as CairnCore's reference data says.
    @Test func theContractsGradesAndRegistersByProfessionAreCairnCores() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let patterns: [ProfessionalRegister: String] = [
            .gmc: "'^ *$|^ *([0-9] *){7}$'", .gphc: "'^ *$|^ *([0-9] *){7}$'", .gdc: "'^ *$|^ *([0-9] *){1,6}$'",
            .nmc: "'^ *$|^ *[0-9] *[0-9] *[A-Za-z] *([0-9] *){4}[A-Za-z] *$'",
            .hcpc: "'^ *$|^ *([A-Za-z] *){2,3}([0-9] *){4,6}$'",
        ]
        func branch(_ profession: Profession) -> String {
            "{properties: {grade: {enum: [" + profession.grades.map(\.rawValue).joined(separator: ", ")
                + "]}, registrationNumber: {pattern: " + patterns[profession.register]! + "}}}"
        }
        for profession in Profession.allCases {
            let name = profession.rawValue
            // The `if` that names it and the branch right after it; the professions no `if` names share the last else.
            if let index = lines.firstIndex(where: { line in
                line.hasPrefix("if: {properties: {profession: ")
                    && (line.contains("const: \(name)}") || (line.contains("enum: [") && line.contains(name)))
            }) {
                #expect(lines[index + 1] == "then: " + branch(profession), "\(profession)")
            } else {
                #expect(lines.contains("else: " + branch(profession)), "\(profession)")
            }
        }
        // The patterns accept what the register accepts: a sample of each, and of what it refuses.
        let samples: [(ProfessionalRegister, String, Bool)] = [
            (.gmc, "7012345", true), (.gmc, "701 2345", true), (.gmc, "701234", false),
            (.gmc, "!!!not a number", false),
            (.gdc, "123456", true), (.gdc, "1234567", false), (.nmc, "12a3456e", true), (.nmc, "12A3456", false),
            (.gphc, "2071234", true), (.hcpc, "PH123456", true), (.hcpc, "p 1234", false), (.hcpc, "PHX1234", true),
        ]
        for (register, typed, valid) in samples {
            #expect((register.normalised(typed) != nil) == valid, "\(register) \(typed)")
            let pattern = String(patterns[register]!.dropFirst().dropLast())
            #expect(
                (typed.range(of: pattern, options: .regularExpression) != nil) == valid, "pattern \(register) \(typed)")
        }
    }

    /// The countries the contract accepts are CairnCore's list: every name shown and every two-letter code.
    @Test func theContractsCountriesAreTheISOList() throws {
        let text = try String(contentsOfFile: TestPaths.repositoryRoot + "openapi.yaml", encoding: .utf8)
        let line = try #require(
            text.split(separator: "\n").first { $0.contains("enum: [\"Afghanistan\"") }.map(String.init))
        let json = String(line[line.range(of: "enum: ")!.upperBound...])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])
        #expect(Set(listed) == Set(Country.all.map(\.name) + Country.all.map(\.alpha2)))
        #expect(listed.count == 2 * 249)
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
