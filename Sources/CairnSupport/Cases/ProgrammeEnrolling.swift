import CairnAccounts
import CairnPlatform
import Foundation
import Vapor

/// How a case's support plan enrols its clinician in a mentoring programme: the support feature's one need of
/// mentoring, as an interface. The app supplies it (an adapter over the mentoring feature); support and mentoring
/// do not import each other. Only the profile crosses over (profession, grade, specialty, employer, region);
/// nothing of the case does, and the mentee record does not point back to it.
package protocol ProgrammeEnrolling: Sendable {
    /// The organisation's programmes a case manager may enrol a clinician in, by name.
    func programmes(of organisationID: UUID, request: Request) async throws -> [(id: UUID, name: String)]
    /// Adds the person as a mentee of the programme with this profile: the programme's name, or what is wrong.
    func enrol(_ mentee: ProgrammeEnrolmentRequest, request: Request) async throws -> Result<String, FormErrors>
}

/// What a case manager's enrolment passes to a programme: the clinician and their profile, never the case.
package struct ProgrammeEnrolmentRequest: Sendable {
    package var programmeID: UUID?
    package var organisationID: UUID
    package var personID: UUID
    package var profession: String
    package var grade: String
    package var specialty: String
    package var employer: String
    package var region: String
    package var isInternationalGraduate: Bool
    package var languages: String
}

extension Application {
    private struct ProgrammeEnrollingKey: StorageKey {
        package typealias Value = any ProgrammeEnrolling
    }

    /// Set by the app when mentoring is part of it; without it a case's plan offers no programme.
    package var programmeEnrolling: (any ProgrammeEnrolling)? {
        get { storage[ProgrammeEnrollingKey.self] }
        set { storage[ProgrammeEnrollingKey.self] = newValue }
    }
}
