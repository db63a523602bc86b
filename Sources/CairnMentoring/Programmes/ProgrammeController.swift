import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// The programme lead's pages: programmes, their mentors and mentees, matching runs and the dashboard.
/// Every route naming a programme opens it only to the leads of its organisation (`MentoringAccess.programmeLoader`).
package struct ProgrammeController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let byProgramme = MentoringAccess.programmeLoader()
        routes.on(.mentoring, action: .runMentoringProgrammes, use: programmes)
        routes.on(
            .mentoringProgrammes, .POST, action: .runMentoringProgrammes,
            after: .says("programme-created", "The programme is set up. Add its mentors and mentees next."), use: create
        )
        routes.on(.mentoringProgramme(nil), action: .runMentoringProgrammes, record: byProgramme, use: programme)
        routes.on(
            .mentoringProgrammeSettings(nil), action: .runMentoringProgrammes, record: byProgramme, use: settings)
        routes.on(
            .mentoringProgrammeSettings(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says("settings", "The settings are saved. They apply from now on."), use: changeSettings)
        routes.on(
            .mentoringMentors(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .quiet("answers with the page, which says what was done"), use: importMentors)
        routes.on(
            .mentoringMentees(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .quiet("answers with the page, which says what was done"), use: importMentees)
        routes.on(
            .mentoringMentorPause(nil, nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .confirms([Self.paused, Self.resumed]), use: pause)
        routes.on(
            .mentoringEvaluationQuestions(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .quiet("answers with the page, which says what was done"), use: saveQuestions)
        routes.on(.mentorRegistry, action: .runMentoringProgrammes, use: registry)
        routes.on(
            .mentorRegistry, .POST, action: .runMentoringProgrammes,
            after: .quiet("answers with the page, which says what was done"), use: recordTraining)
        routes.on(
            .mentoringNextCohort(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says(
                "cohort-started",
                "The next cohort is set up with the same settings. Its mentors and mentees are added separately."),
            use: nextCohort)
        routes.on(.mentoringMentorNew(nil), action: .runMentoringProgrammes, record: byProgramme, use: newMentor)
        routes.on(
            .mentoringMentorNew(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says("mentor-added", "The mentor is added to the programme."), use: addMentor)
        routes.on(.mentoringMenteeNew(nil), action: .runMentoringProgrammes, record: byProgramme, use: newMentee)
        routes.on(
            .mentoringMenteeNew(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says("mentee-added", "The mentee is added to the programme."), use: addMentee)
    }

    /// The programme the gate loaded and allowed for this route.
    func requireProgramme(_ request: Request) async throws -> MentoringProgramme {
        try request.authorisedRecord(MentoringProgramme.self)
    }

    // MARK: Programmes

    @Sendable package func programmes(request: Request) async throws -> HTMLPage {
        try await programmesPage(request, values: [:], errors: FormErrors())
    }

    private func programmesPage(_ request: Request, values: [String: String], errors: FormErrors) async throws
        -> HTMLPage
    {
        let service = try ProgrammeService(request: request)
        let rows = try await service.programmes().asyncMap { programme in
            ProgrammePages.ListRow(
                id: try programme.requireID(), name: programme.name, startsOn: programme.cohortStartsOn,
                mentees: try await Mentee.query(on: request.db).filter(\.$programmeID == programme.requireID()).count(),
                pairs: try await MentoringPair.query(on: request.db).filter(\.$programmeID == programme.requireID())
                    .filter(\.$status == .active).count())
        }
        return request.page(
            Forms.title("Mentoring programmes", errors: errors),
            status: errors.isEmpty ? .ok : .unprocessableEntity,
            ProgrammePages.list(rows, values: values, errors: errors, csrf: request.csrfToken))
    }

    @Sendable package func create(request: Request) async throws -> Response {
        let (values, draft) = try Self.typedSettings(request)
        switch try await ProgrammeService(request: request).create(draft) {
        case .success(let programme):
            return request.redirect(to: SiteURL.mentoringProgramme(try programme.requireID()).path)
        case .failure(let refusal):
            let errors = FormErrors(refusal.problems, formName: \.formName)
            return try await programmesPage(request, values: values, errors: errors).encodeResponse(for: request)
        }
    }

    /// The settings as typed (by form name, to show again beside errors) and as a draft to check.
    static func typedSettings(_ request: Request) throws -> ([String: String], ProgrammeDraft) {
        var values: [String: String] = [:]
        for field in ProgrammeField.allCases {
            if let value = try? request.content.get(String?.self, at: field.formName) { values[field.formName] = value }
        }
        struct Rules: Content {
            var rules: [String]?
        }
        let rules = Set((try? request.content.decode(Rules.self))?.rules ?? [])
        for rule in ProgrammePages.rules where rules.contains(rule) { values[rule] = "yes" }
        values["rules_given"] = "yes"
        return (values, ProgrammeDraft.fromForm({ values[$0] }, rules: rules))
    }

    // MARK: Settings

    @Sendable package func settings(request: Request) async throws -> HTMLPage {
        let programme = try await requireProgramme(request)
        let fixed = try await ProgrammeService(request: request).hasPublishedPairs(programme)
        return request.page(
            "Settings: \(programme.name)",
            ProgrammePages.settings(
                programme: programme, values: ProgrammePages.formValues(ProgrammeService.draft(of: programme)),
                errors: FormErrors(), fixed: fixed, version: programme.version, csrf: request.csrfToken))
    }

    /// Saves the settings from the version read; keeps what was typed on a refusal.
    @Sendable package func changeSettings(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let service = try ProgrammeService(request: request)
        let (values, draft) = try Self.typedSettings(request)
        let seen = (try? request.content.get(Int.self, at: "version")) ?? 0
        let errors: FormErrors
        var status = HTTPResponseStatus.unprocessableEntity
        switch try await service.change(programme, to: draft, seenVersion: seen) {
        case .success(let saved):
            return request.redirect(to: SiteURL.mentoringProgramme(try saved.requireID()).path)
        case .failure(.invalid(let refusal)):
            errors = FormErrors(refusal.problems, formName: \.formName)
            if errors.conflict != nil { status = .conflict }
        case .failure(.stale):
            var stale = FormErrors()
            stale.add(
                "name", "Someone saved other settings since you opened this page: check them below, then save again")
            errors = stale
            status = .conflict
        }
        // After a stale save the form shows what is stored now (and its version). When the dates and sessions are
        // fixed, they are shown as stored and the rest as typed, so sending the form again can succeed; otherwise
        // everything as typed.
        let current = try await MentoringProgramme.find(try programme.requireID(), on: request.db) ?? programme
        let stored = ProgrammePages.formValues(ProgrammeService.draft(of: current))
        let fixed = try await service.hasPublishedPairs(programme)
        var shown = values
        if status == .conflict, errors.conflict == nil {
            shown = stored
        } else if fixed {
            for field in ProgrammeService.fixedOncePublished { shown[field.formName] = stored[field.formName] }
        }
        var shownErrors = FormErrors()
        if let conflict = errors.conflict {
            // The fixed fields are not on the page as fields: the summary names them in one sentence.
            shownErrors.add("name", conflict.message)
        } else {
            shownErrors = errors
        }
        return try await request.page(
            Forms.title("Settings: \(programme.name)", errors: shownErrors), status: status,
            ProgrammePages.settings(
                programme: current, values: shown, errors: shownErrors, fixed: fixed,
                version: status == .conflict && errors.conflict == nil ? current.version : seen,
                csrf: request.csrfToken)
        ).encodeResponse(for: request)
    }

    // MARK: One programme

    @Sendable package func programme(request: Request) async throws -> HTMLPage {
        // What the last action did, from a fixed list, never from the address's text.
        try await programmePage(request, try await requireProgramme(request))
    }

    func programmePage(
        _ request: Request, _ programme: MentoringProgramme, importing: ProgrammePages.ImportState? = nil,
        notice: String? = nil, questions: (mentee: String, mentor: String, errors: FormErrors)? = nil,
        cohortErrors: FormErrors = FormErrors(), cohortValues: NextCohortForm? = nil
    ) async throws -> HTMLPage {
        let service = try ProgrammeService(request: request)
        let evaluations = EvaluationService(request: request)
        let storedMentee = try await evaluations.questionnaire(for: programme, side: .mentee).lines
        let storedMentor = try await evaluations.questionnaire(for: programme, side: .mentor).lines
        let shownQuestions = (
            mentee: questions?.mentee ?? storedMentee, mentor: questions?.mentor ?? storedMentor,
            errors: questions?.errors ?? FormErrors()
        )
        let model = ProgrammePages.Overview(
            programme: programme, mentors: try await service.mentorRows(of: programme),
            mentees: try await service.menteeRows(of: programme),
            today: request.application.cairn.today,
            importing: importing, questions: shownQuestions,
            nextCohort: (cohortValues?.name ?? "", cohortValues?.cohortStartsOn ?? "", cohortErrors), notice: notice,
            csrf: request.csrfToken)
        let failed =
            (importing.map { !$0.problems.isEmpty } ?? false) || !shownQuestions.errors.isEmpty
            || !cohortErrors.isEmpty
        return request.page(
            failed ? "Error: \(programme.name)" : programme.name, status: failed ? .unprocessableEntity : .ok,
            ProgrammePages.overview(model))
    }

    @Sendable package func importMentors(request: Request) async throws -> Response {
        try await importRoster(request, field: "mentors_csv") { service, csv, programme in
            try await service.importMentors(csv, into: programme)
        }
    }

    @Sendable package func importMentees(request: Request) async throws -> Response {
        try await importRoster(request, field: "mentees_csv") { service, csv, programme in
            try await service.importMentees(csv, into: programme)
        }
    }

    private func importRoster(
        _ request: Request, field: String,
        _ load: (ProgrammeService, String, MentoringProgramme) async throws -> Result<Int, ImportProblems>
    ) async throws -> Response {
        let programme = try await requireProgramme(request)
        let csv = try request.uploadedText(pastedInto: field)
        let service = try ProgrammeService(request: request)
        switch try await load(service, csv, programme) {
        case .success(let count):
            let noun = field == "mentors_csv" ? "mentor" : "mentee"
            return try await programmePage(
                request, programme, notice: "\(count) \(noun)\(count == 1 ? "" : "s") added or updated."
            ).encodeResponse(for: request)
        case .failure(let problems):
            return try await programmePage(
                request, programme,
                importing: ProgrammePages.ImportState(field: field, text: csv, problems: problems.lines)
            ).encodeResponse(for: request)
        }
    }

    package struct PauseForm: Content {
        package var paused: String?
    }

    @Sendable package func pause(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let paused = try request.content.decode(PauseForm.self).paused == "yes"
        try await ProgrammeService(request: request).setPaused(
            request.parameters.get("mentorID", as: UUID.self), paused: paused, in: programme)
        return request.redirect(
            to: SiteURL.mentoringProgramme(try programme.requireID()).path + "#mentors",
            notice: paused ? Self.paused : Self.resumed)
    }

    static let paused = Notice("mentor-paused", "The mentor is paused: matching leaves them out until you resume them.")
    static let resumed = Notice("mentor-resumed", "The mentor is resumed: matching may pair them again.")
}
