import CairnCore
import Fluent
import Foundation
import Vapor

/// A case's support plan includes mentoring: the case manager adds the clinician to a programme as a mentee, and
/// the plan records it. Only the profile crosses over (profession, grade, specialty, employer, region); nothing of
/// the case does, and the mentee record does not point back to it.
struct MentoringEnrolment {
    let request: Request

    func enrol(_ record: SupportCase, programmeID: UUID?, languages: String) async throws -> FormErrors {
        var errors = FormErrors()
        guard let programmeID, let programme = try await MentoringProgramme.find(programmeID, on: request.db),
            programme.organisationID == record.organisationID
        else {
            errors.add("programme", "Choose a mentoring programme")
            return errors
        }
        guard let clinician = try await Person.find(record.clinicianID, on: request.db) else { throw Abort(.notFound) }
        let already = try await Mentee.query(on: request.db).filter(\.$programmeID == programmeID)
            .filter(\.$personID == record.clinicianID).first()
        guard already == nil else {
            errors.add("programme", "They are already in \(programme.name)")
            return errors
        }
        let values: [String: String] = [
            "name": clinician.displayName, "email": clinician.email, "profession": record.profession,
            "grade": record.grade, "specialty": record.specialty ?? "", "employer": record.employer ?? "",
            "region": record.region ?? "", "img": record.isInternationalGraduate ? "yes" : "no",
            "languages": languages,
        ]
        let service = try ProgrammeService(request: request)
        errors = try await service.addMentee(
            values, to: programme, source: .supportPlan, baseURL: MentoringPeople.baseURL(request.application.cairn))
        guard errors.isEmpty else { return errors }
        let problems = try await CaseConversation(request: request).addPlanItem(
            PlanItemDraft(
                intervention: Intervention.mentoring.rawValue, status: PlanItemStatus.agreed.rawValue,
                provider: String(programme.name.prefix(160))),
            to: record)
        return FormErrors(problems, formName: \.formName)
    }
}
