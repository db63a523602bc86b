import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Foundation
import Vapor

/// The app coordinates where two features meet: support's `ProgrammeEnrolling`, served by mentoring's
/// `MentoringEnrolment`, so neither feature imports the other.
struct ProgrammeEnrollingAdapter: ProgrammeEnrolling {
    func programmes(of organisationID: UUID, request: Request) async throws -> [(id: UUID, name: String)] {
        try await MentoringEnrolment(request: request).programmes(of: organisationID)
    }

    func enrol(_ mentee: ProgrammeEnrolmentRequest, request: Request) async throws -> Result<String, FormErrors> {
        let profile: [String: String] = [
            "profession": mentee.profession, "grade": mentee.grade, "specialty": mentee.specialty,
            "employer": mentee.employer, "region": mentee.region, "img": mentee.isInternationalGraduate ? "yes" : "no",
            "languages": mentee.languages,
        ]
        return try await MentoringEnrolment(request: request).enrol(
            personID: mentee.personID, organisationID: mentee.organisationID, programmeID: mentee.programmeID,
            profile: profile)
    }
}
