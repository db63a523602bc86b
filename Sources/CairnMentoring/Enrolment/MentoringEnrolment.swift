import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Another feature (a case's support plan) adds someone to a programme as a mentee. Only the profile it passes
/// crosses over; the mentee record does not point back to where it came from (`MenteeSource.supportPlan`).
package struct MentoringEnrolment {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    /// The organisation's programmes, by name.
    package func programmes(of organisationID: UUID) async throws -> [(id: UUID, name: String)] {
        try await MentoringProgramme.query(on: context.database)
            .filter(\.$organisationID == organisationID).sort(\.$name).all()
            .map { (try $0.requireID(), $0.name) }
    }

    /// Adds the person to the programme: its name when they were added, or what is wrong.
    package func enrol(
        personID: UUID, organisationID: UUID, programmeID: UUID?, profile: [String: String]
    ) async throws -> Result<String, FormErrors> {
        var errors = FormErrors()
        guard let programmeID, let programme = try await MentoringProgramme.find(programmeID, on: context.database),
            programme.organisationID == organisationID
        else {
            errors.add("programme", "Choose a mentoring programme")
            return .failure(errors)
        }
        guard let person = try await Person.find(personID, on: context.database) else { throw Abort(.notFound) }
        let already = try await Mentee.query(on: context.database).filter(\.$programmeID == programmeID)
            .filter(\.$personID == personID).first()
        guard already == nil else {
            errors.add("programme", "They are already in \(programme.name)")
            return .failure(errors)
        }
        var values = profile
        values["name"] = person.displayName
        values["email"] = person.email
        let service = try ProgrammeService(context: context)
        switch ProgrammeService.mentee(from: values) {
        case .failure(let problems): errors = problems
        case .success(let entry): errors = try await service.addMentee(entry, to: programme, source: .supportPlan)
        }
        return errors.isEmpty ? .success(programme.name) : .failure(errors)
    }
}
