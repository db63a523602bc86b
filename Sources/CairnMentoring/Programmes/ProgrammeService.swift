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

    package static let fields = [
        "name", "audience", "cohort_starts_on", "session_count", "session_minutes", "session_mode", "window_months",
        "matching_mode", "exclude_same_employer", "exclude_same_specialty", "open_for_applications",
    ]

    package static func weightField(_ factor: ScoreFactor) -> String { "weight_" + factor.rawValue }

    /// The form's values by field name (the API sends the same names).
    package func create(_ values: [String: String]) async throws -> Result<MentoringProgramme, FormErrors> {
        var errors = FormErrors()
        func text(_ field: String) -> String { values[field]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        let name = text("name")
        if name.isEmpty { errors.add("name", "Enter the programme's name") }
        if name.count > 160 { errors.add("name", "The name must be 160 characters or fewer") }
        let audience = text("audience")
        if audience.isEmpty { errors.add("audience", "Say who the programme is for") }
        if audience.count > 500 { errors.add("audience", "Keep this to 500 characters or fewer") }
        let start = CalendarDay(iso: text("cohort_starts_on"))
        if start == nil { errors.add("cohort_starts_on", "Enter the date the cohort starts, like 2027-02-01") }
        let template = SessionTemplate(
            count: Int(text("session_count")) ?? 0, minutes: Int(text("session_minutes")) ?? 0,
            mode: SessionTemplate.Mode(rawValue: text("session_mode")) ?? .video,
            windowMonths: Int(text("window_months")) ?? 0)
        for problem in template.problems {
            switch problem {
            case .count: errors.add("session_count", problem.message)
            case .minutes: errors.add("session_minutes", problem.message)
            case .window: errors.add("window_months", problem.message)
            }
        }
        if SessionTemplate.Mode(rawValue: text("session_mode")) == nil {
            errors.add("session_mode", "Choose how sessions happen")
        }
        let mode = MentoringProgramme.MatchingMode(rawValue: text("matching_mode"))
        if mode == nil { errors.add("matching_mode", "Choose how mentors and mentees are matched") }
        var points: [ScoreFactor: Int] = [:]
        for factor in ScoreFactor.allCases {
            let raw = text(Self.weightField(factor))
            guard !raw.isEmpty else {
                points[factor] = ProgrammeWeights.standard[factor]
                continue
            }
            guard let value = Int(raw), (0...1000).contains(value) else {
                errors.add(Self.weightField(factor), "A weight is a whole number from 0 to 1000")
                continue
            }
            points[factor] = value
        }
        var weights = ProgrammeWeights.standard
        if errors[ScoreFactor.allCases.map(Self.weightField).first { errors[$0] != nil } ?? ""] == nil {
            do { weights = try ProgrammeWeights(points) } catch {
                errors.add(Self.weightField(.sameProfession), "The weights \(error.message)")
            }
        }
        guard errors.isEmpty, let start, let mode else { return .failure(errors) }
        let programme = MentoringProgramme()
        programme.id = state.collaborators.newID()
        programme.organisationID = actor.organisationID
        programme.name = name
        programme.audience = audience
        programme.cohortStartsOn = start.description
        programme.sessionCount = template.count
        programme.sessionMinutes = template.minutes
        programme.sessionMode = template.mode.rawValue
        programme.windowMonths = template.windowMonths
        programme.matchingMode = mode
        programme.weightsText = MentoringProgramme.weightsText(weights)
        programme.excludeSameEmployer = Self.isYes(values["exclude_same_employer"])
        programme.excludeSameSpecialty = Self.isYes(values["exclude_same_specialty"])
        programme.openForApplications = Self.isYes(values["open_for_applications"])
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
        var values: [String: String] = [
            "name": name, "audience": programme.audience, "cohort_starts_on": startsOn,
            "session_count": String(programme.sessionCount), "session_minutes": String(programme.sessionMinutes),
            "session_mode": programme.sessionMode, "window_months": String(programme.windowMonths),
            "matching_mode": programme.matchingMode.rawValue,
            "exclude_same_employer": programme.excludeSameEmployer ? "yes" : "no",
            "exclude_same_specialty": programme.excludeSameSpecialty ? "yes" : "no",
            "open_for_applications": programme.openForApplications ? "yes" : "no",
        ]
        for factor in ScoreFactor.allCases { values[Self.weightField(factor)] = String(programme.weights[factor]) }
        let source = try programme.requireID()
        let (state, actor, now, context) = (self.state, self.actor, self.now, self.context)
        // The new programme and its copies are written together, or not at all.
        let fields = values
        let created = try await database.transaction { database -> Result<MentoringProgramme, FormErrors> in
            let scoped = try ProgrammeService(context: context.on(database))
            let result = try await scoped.create(fields)
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
        guard case .failure(let errors) = created else { return created }
        var renamed = FormErrors()
        for entry in errors.entries {
            renamed.add(entry.field == "cohort_starts_on" ? "cohortStartsOn" : entry.field, entry.message)
        }
        return .failure(renamed)
    }

    package static func isYes(_ value: String?) -> Bool {
        ["yes", "true", "on", "1"].contains(value?.lowercased() ?? "")
    }

    package func audit(_ action: MentoringAudit, _ type: AuditResource, _ id: UUID?, reason: String? = nil) async throws
    {
        try await context.audit(action, resourceType: type, resourceID: id?.uuidString, reason: reason)
    }
}
