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
        programme.version = 1
        try await programme.create(on: database)
        try await audit(MentoringAudit.mentoringProgrammeCreated, .mentoringProgramme, programme.id)
        return .success(programme)
    }

    /// Why a change of settings was not made.
    package enum ChangeRefusal: Error {
        case invalid(DraftRefusal<ProgrammeField>)
        /// Someone saved a change since the lead read version `seen`.
        case stale
    }

    /// The fields fixed once a pair is published: its sessions were planned from them (published pairs untouched).
    package static let fixedOncePublished: [ProgrammeField] = [
        .cohortStartsOn, .sessionCount, .sessionMinutes, .sessionMode, .windowMonths,
    ]

    /// The programme's settings as a draft (what the change form starts from).
    package static func draft(of programme: MentoringProgramme) -> ProgrammeDraft {
        var draft = ProgrammeDraft()
        draft.name = programme.name
        draft.audience = programme.audience
        draft.cohortStartsOn = programme.cohortStartsOn
        draft.sessionCount = programme.sessionCount
        draft.sessionMinutes = programme.sessionMinutes
        draft.sessionMode = programme.sessionMode
        draft.windowMonths = programme.windowMonths
        draft.matchingMode = programme.matchingMode.rawValue
        draft.weights = programme.weights.points
        draft.excludeSameEmployer = programme.excludeSameEmployer
        draft.excludeSameSpecialty = programme.excludeSameSpecialty
        draft.openForApplications = programme.openForApplications
        return draft
    }

    /// Whether any pair of the programme has been published, or a run is being published (its dates and sessions
    /// are then fixed; a run is claimed before its pairs are made).
    package func hasPublishedPairs(_ programme: MentoringProgramme) async throws -> Bool {
        let id = try programme.requireID()
        if try await MentoringPair.query(on: database).filter(\.$programmeID == id).first() != nil { return true }
        return try await MatchingRun.query(on: database).filter(\.$programmeID == id)
            .filter(\.$status == .published).first() != nil
    }

    /// Changes the settings, from the version the lead read. Once a pair is published, the cohort's start and the
    /// sessions promised stay as they were (its sessions were planned from them): the next cohort takes new ones.
    /// Matching rules, weights, name, audience and applications change at any time and apply to runs from then on.
    package func change(_ programme: MentoringProgramme, to draft: ProgrammeDraft, seenVersion: Int) async throws
        -> Result<MentoringProgramme, ChangeRefusal>
    {
        let settings: ProgrammeDraft.Settings
        switch draft.validate() {
        case .failure(let refusal): return .failure(.invalid(refusal))
        case .success(let checked): settings = checked
        }
        let programmeID = try programme.requireID()
        let context = self.context
        return try await database.transaction { database -> Result<MentoringProgramme, ChangeRefusal> in
            let scoped = try ProgrammeService(context: context.on(database))
            let sql = database as! any SQLDatabase
            // The programme's row lock first (PostgreSQL; SQLite's writer is already held): publishing takes it too
            // before reading the settings, so the check below and a publish cannot pass each other.
            _ = try await sql.update(MentoringProgramme.schema).set("version", to: SQLColumn("version"))
                .where("id", .equal, SQLBind(programmeID)).returning("id").all()
            if try await scoped.hasPublishedPairs(programme) {
                let before = Self.draft(of: programme)
                let moved = Self.fixedOncePublished.filter { field in
                    switch field {
                    case .cohortStartsOn: settings.cohortStartsOn.description != before.cohortStartsOn
                    case .sessionCount: settings.template.count != before.sessionCount
                    case .sessionMinutes: settings.template.minutes != before.sessionMinutes
                    case .sessionMode: settings.template.mode.rawValue != before.sessionMode
                    case .windowMonths: settings.template.windowMonths != before.windowMonths
                    default: false
                    }
                }
                if !moved.isEmpty {
                    // Well formed, but the programme's state refuses it: a 409 through the API.
                    let problems = moved.map { field -> ProgrammeDraft.Problem in
                        var problem = ProgrammeDraft.Problem(
                            field, "Pairs are published, so this stays as it was: start the next cohort to change it")
                        problem.isConflictWithState = true
                        return problem
                    }
                    return .failure(.invalid(DraftRefusal(problems: problems)))
                }
            }
            let changed = try await sql.update(MentoringProgramme.schema)
                .set("name", to: SQLBind(settings.name)).set("audience", to: SQLBind(settings.audience))
                .set("cohort_starts_on", to: SQLBind(settings.cohortStartsOn.description))
                .set("session_count", to: SQLBind(settings.template.count))
                .set("session_minutes", to: SQLBind(settings.template.minutes))
                .set("session_mode", to: SQLBind(settings.template.mode.rawValue))
                .set("window_months", to: SQLBind(settings.template.windowMonths))
                .set("matching_mode", to: SQLBind(settings.matching.rawValue))
                .set("weights", to: SQLBind(MentoringProgramme.weightsText(settings.weights)))
                .set("exclude_same_employer", to: SQLBind(settings.excludeSameEmployer))
                .set("exclude_same_specialty", to: SQLBind(settings.excludeSameSpecialty))
                .set("open_for_applications", to: SQLBind(settings.openForApplications))
                .set("version", to: SQLRaw("version + 1"))
                .where("id", .equal, SQLBind(programmeID)).where("version", .equal, SQLBind(seenVersion))
                .returning("id").all()
            guard !changed.isEmpty else { return .failure(.stale) }
            try await scoped.audit(MentoringAudit.mentoringProgrammeChanged, .mentoringProgramme, programmeID)
            guard let saved = try await MentoringProgramme.find(programmeID, on: database) else {
                return .failure(.stale)
            }
            return .success(saved)
        }
    }

    /// A copy of the programme's settings, questions and mentors (their places empty) for the next intake.
    package func nextCohort(of programme: MentoringProgramme, name: String, startsOn: String) async throws
        -> Result<MentoringProgramme, FormErrors>
    {
        var draft = Self.draft(of: programme)
        draft.name = name
        draft.cohortStartsOn = startsOn
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
