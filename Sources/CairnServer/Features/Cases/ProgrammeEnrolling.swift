import Foundation
import Vapor

/// How a case's support plan enrols its clinician in a mentoring programme: the support feature's one need of
/// mentoring, as an interface. The app supplies it (an adapter over the mentoring feature); support and mentoring
/// do not import each other. Only the profile crosses over (profession, grade, specialty, employer, region);
/// nothing of the case does, and the mentee record does not point back to it.
protocol ProgrammeEnrolling: Sendable {
    /// The organisation's programmes a case manager may enrol a clinician in, by name.
    func programmes(of organisationID: UUID, request: Request) async throws -> [(id: UUID, name: String)]
    /// Adds the person as a mentee of the programme with this profile: the programme's name, or what is wrong.
    func enrol(_ mentee: ProgrammeEnrolmentRequest, request: Request) async throws -> Result<String, FormErrors>
}

/// What a case manager's enrolment passes to a programme: the clinician and their profile, never the case.
struct ProgrammeEnrolmentRequest: Sendable {
    var programmeID: UUID?
    var organisationID: UUID
    var personID: UUID
    var profession: String
    var grade: String
    var specialty: String
    var employer: String
    var region: String
    var isInternationalGraduate: Bool
    var languages: String
}

extension Application {
    private struct ProgrammeEnrollingKey: StorageKey {
        typealias Value = any ProgrammeEnrolling
    }

    /// Set by the app when mentoring is part of it; without it a case's plan offers no programme.
    var programmeEnrolling: (any ProgrammeEnrolling)? {
        get { storage[ProgrammeEnrollingKey.self] }
        set { storage[ProgrammeEnrollingKey.self] = newValue }
    }
}
