import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Programmes, their mentors and their mentees, for the organisation's programme leads. The rules for a valid
/// entry live in `CairnCore` (`MentorEntry`, `MenteeEntry`, `RosterImport`); this stores them, all or nothing.
package struct ProgrammeService {
    package let context: ServiceContext
    package let actor: Actor
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) throws {
        self.context = context
        self.actor = try context.requireActor()
    }

    package init(request: Request) throws {
        try self.init(context: ServiceContext(request))
    }

    package var now: Date { state.collaborators.now() }

    package func programmes() async throws -> [MentoringProgramme] {
        try await MentoringProgramme.query(on: database).filter(\.$organisationID == actor.organisationID)
            .sort(\.$createdAt, .descending).all()
    }

    // MARK: Creating a programme

    /// Creates a programme from checked settings; the draft's problems, by field, otherwise.
    package func create(_ draft: ProgrammeDraft) async throws -> Result<
        MentoringProgramme, DraftRefusal<ProgrammeField>
    > {
        let settings: ProgrammeDraft.Settings
        switch draft.validate() {
        case .failure(let refusal): return .failure(refusal)
        case .success(let checked): settings = checked
        }
        let programme = MentoringProgramme()
        programme.id = state.collaborators.newID()
        programme.organisationID = actor.organisationID
        programme.name = settings.name
        programme.audience = settings.audience
        programme.cohortStartsOn = settings.cohortStartsOn.description
        programme.sessionCount = settings.template.count
        programme.sessionMinutes = settings.template.minutes
        programme.sessionMode = settings.template.mode.rawValue
        programme.windowMonths = settings.template.windowMonths
        programme.matchingMode = settings.matching
        programme.weightsText = MentoringProgramme.weightsText(settings.weights)
        programme.excludeSameEmployer = settings.excludeSameEmployer
        programme.excludeSameSpecialty = settings.excludeSameSpecialty
        programme.openForApplications = settings.openForApplications
        programme.createdBy = actor.personID
        programme.createdAt = now
        try await programme.create(on: database)
        try await audit(MentoringAudit.mentoringProgrammeCreated, .mentoringProgramme, programme.id)
        return .success(programme)
    }

    /// A copy of the programme's settings, questions and mentors (their places empty) for the next intake.
    package func nextCohort(of programme: MentoringProgramme, name: String, startsOn: String) async throws
        -> Result<MentoringProgramme, FormErrors>
    {
        var draft = ProgrammeDraft()
        draft.name = name
        draft.audience = programme.audience
        draft.cohortStartsOn = startsOn
        draft.sessionCount = programme.sessionCount
        draft.sessionMinutes = programme.sessionMinutes
        draft.sessionMode = programme.sessionMode
        draft.windowMonths = programme.windowMonths
        draft.matchingMode = programme.matchingMode.rawValue
        draft.weights = programme.weights.points
        draft.excludeSameEmployer = programme.excludeSameEmployer
        draft.excludeSameSpecialty = programme.excludeSameSpecialty
        draft.openForApplications = programme.openForApplications
        let source = try programme.requireID()
        let (state, now, context) = (self.state, self.now, self.context)
        // The new programme and its copies are written together, or not at all.
        let settings = draft
        let created = try await database.transaction {
            database -> Result<MentoringProgramme, DraftRefusal<ProgrammeField>> in
            let scoped = try ProgrammeService(context: context.on(database))
            let result = try await scoped.create(settings)
            guard case .success(let next) = result else { return result }
            let nextID = try next.requireID()
            for place in try await ProgrammeMentor.query(on: database).filter(\.$programmeID == source).all() {
                let copy = ProgrammeMentor()
                copy.id = state.collaborators.newID()
                copy.programmeID = nextID
                copy.mentorID = place.mentorID
                copy.capacity = place.capacity
                copy.activeLoad = 0
                try await copy.create(on: database)
            }
            for questions in try await EvaluationQuestionnaire.query(on: database)
                .filter(\.$programmeID == source).all()
            {
                let copy = EvaluationQuestionnaire()
                copy.id = state.collaborators.newID()
                copy.programmeID = nextID
                copy.side = questions.side
                copy.questions = questions.questions
                copy.updatedAt = now
                try await copy.create(on: database)
            }
            return .success(next)
        }
        switch created {
        case .success(let next): return .success(next)
        case .failure(let refusal):
            // The next-cohort form names the start date `cohortStartsOn`.
            var errors = FormErrors()
            for problem in refusal.problems {
                errors.add(
                    problem.field == .cohortStartsOn ? "cohortStartsOn" : problem.field.formName, problem.message)
            }
            return .failure(errors)
        }
    }

    package func audit(_ action: MentoringAudit, _ type: AuditResource, _ id: UUID?, reason: String? = nil) async throws
    {
        try await context.audit(action, resourceType: type, resourceID: id?.uuidString, reason: reason)
    }
}
