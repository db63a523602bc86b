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
        routes.on(.mentoringProgrammes, .POST, action: .runMentoringProgrammes, use: create)
        routes.on(.mentoringProgramme(nil), action: .runMentoringProgrammes, record: byProgramme, use: programme)
        routes.on(
            .mentoringMentors(nil), .POST, action: .runMentoringProgrammes, record: byProgramme, use: importMentors)
        routes.on(
            .mentoringMentees(nil), .POST, action: .runMentoringProgrammes, record: byProgramme, use: importMentees)
        routes.on(
            .mentoringMentorPause(nil, nil), .POST, action: .runMentoringProgrammes, record: byProgramme, use: pause)
        routes.on(
            .mentoringEvaluationQuestions(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            use: saveQuestions)
        routes.on(.mentorRegistry, action: .runMentoringProgrammes, use: registry)
        routes.on(.mentorRegistry, .POST, action: .runMentoringProgrammes, use: recordTraining)
        routes.on(
            .mentoringNextCohort(nil), .POST, action: .runMentoringProgrammes, record: byProgramme, use: nextCohort)
        routes.on(.mentoringMentorNew(nil), action: .runMentoringProgrammes, record: byProgramme, use: newMentor)
        routes.on(.mentoringMentorNew(nil), .POST, action: .runMentoringProgrammes, record: byProgramme, use: addMentor)
        routes.on(.mentoringMenteeNew(nil), action: .runMentoringProgrammes, record: byProgramme, use: newMentee)
        routes.on(.mentoringMenteeNew(nil), .POST, action: .runMentoringProgrammes, record: byProgramme, use: addMentee)
    }

    /// The programme the gate loaded and allowed for this route.
    private func requireProgramme(_ request: Request) async throws -> MentoringProgramme {
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
        var values: [String: String] = [:]
        for field in ProgrammeService.fields + ScoreFactor.allCases.map(ProgrammeService.weightField) {
            if let value = try? request.content.get(String?.self, at: field) { values[field] = value }
        }
        struct Rules: Content {
            var rules: [String]?
        }
        let known: Set<String> = ["exclude_same_employer", "exclude_same_specialty", "open_for_applications"]
        for rule in (try? request.content.decode(Rules.self))?.rules ?? [] where known.contains(rule) {
            values[rule] = "yes"
        }
        values["rules_given"] = "yes"
        switch try await ProgrammeService(request: request).create(values) {
        case .success(let programme):
            return request.redirect(to: SiteURL.mentoringProgramme(try programme.requireID()).path)
        case .failure(let errors):
            return try await programmesPage(request, values: values, errors: errors).encodeResponse(for: request)
        }
    }

    // MARK: One programme

    @Sendable package func programme(request: Request) async throws -> HTMLPage {
        try await programmePage(request, try await requireProgramme(request))
    }

    private func programmePage(
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
        try await importRoster(request, field: "mentors_csv") { service, csv, programme, base in
            try await service.importMentors(csv, into: programme, baseURL: base)
        }
    }

    @Sendable package func importMentees(request: Request) async throws -> Response {
        try await importRoster(request, field: "mentees_csv") { service, csv, programme, base in
            try await service.importMentees(csv, into: programme, baseURL: base)
        }
    }

    private func importRoster(
        _ request: Request, field: String,
        _ load: (ProgrammeService, String, MentoringProgramme, String) async throws -> Result<Int, ImportProblems>
    ) async throws -> Response {
        let programme = try await requireProgramme(request)
        let csv = try Self.uploadedText(request, field: field)
        let service = try ProgrammeService(request: request)
        switch try await load(service, csv, programme, MentoringPeople.baseURL(request.application.cairn)) {
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

    /// The CSV from the chosen file, or else pasted into the page's text area.
    package static func uploadedText(_ request: Request, field: String) throws -> String {
        if request.headers.contentType?.subType == "form-data",
            let file = try? request.content.get(File.self, at: "file"), file.data.readableBytes > 0
        {
            guard let text = String(bytes: Array(file.data.readableBytesView), encoding: .utf8) else {
                throw Abort(.unprocessableEntity, reason: "The file is not text saved as UTF-8.")
            }
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        return try request.content.get(String?.self, at: field) ?? ""
    }

    package struct PauseForm: Content {
        package var paused: String?
    }

    @Sendable package func pause(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let paused = try request.content.decode(PauseForm.self).paused == "yes"
        try await ProgrammeService(request: request).setPaused(
            request.parameters.get("mentorID", as: UUID.self), paused: paused, in: programme)
        return request.redirect(to: SiteURL.mentoringProgramme(try programme.requireID()).path + "#mentors")
    }

    // MARK: The registry and the next cohort

    @Sendable package func registry(request: Request) async throws -> HTMLPage {
        try await registryPage(request)
    }

    private func registryPage(
        _ request: Request, values: [String: String] = [:], errors: FormErrors = FormErrors(), notice: String? = nil
    ) async throws -> HTMLPage {
        let registry = try MentorRegistry(context: ServiceContext(request))
        let today = request.application.cairn.today
        return request.page(
            Forms.title("Mentor registry", errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity,
            MentorRegistry.page(
                try await registry.rows(), today: today, values: values, errors: errors, notice: notice,
                csrf: request.csrfToken))
    }

    @Sendable package func recordTraining(request: Request) async throws -> Response {
        let values = try request.content.decode([String: String].self)
        let errors = try await MentorRegistry(context: ServiceContext(request)).recordTraining(values)
        guard errors.isEmpty else {
            return try await registryPage(request, values: values, errors: errors).encodeResponse(for: request)
        }
        return try await registryPage(request, notice: "The training is recorded.").encodeResponse(for: request)
    }

    package struct NextCohortForm: Content {
        package var name: String?
        package var cohortStartsOn: String?
    }

    /// The next intake: the same template, weights, rules, questions and mentors (with their places, none taken).
    @Sendable package func nextCohort(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let form = try request.content.decode(NextCohortForm.self)
        switch try await ProgrammeService(request: request).nextCohort(
            of: programme, name: form.name ?? "", startsOn: form.cohortStartsOn ?? "")
        {
        case .success(let next):
            return request.redirect(to: SiteURL.mentoringProgramme(try next.requireID()).path)
        case .failure(let errors):
            return try await programmePage(request, programme, cohortErrors: errors, cohortValues: form)
                .encodeResponse(for: request)
        }
    }

    // MARK: One person at a time

    @Sendable package func newMentor(request: Request) async throws -> HTMLPage {
        try await addPage(request, try await requireProgramme(request), mentor: true)
    }

    @Sendable package func newMentee(request: Request) async throws -> HTMLPage {
        try await addPage(request, try await requireProgramme(request), mentor: false)
    }

    private func addPage(
        _ request: Request, _ programme: MentoringProgramme, mentor: Bool, values: [String: String] = [:],
        errors: FormErrors = FormErrors()
    ) async throws -> HTMLPage {
        request.page(
            Forms.title(mentor ? "Add a mentor" : "Add a mentee", errors: errors),
            status: errors.isEmpty ? .ok : .unprocessableEntity,
            EnrolmentPages.addPage(
                programme: programme, mentor: mentor, values: values, errors: errors, csrf: request.csrfToken))
    }

    @Sendable package func addMentor(request: Request) async throws -> Response {
        try await add(request, mentor: true)
    }

    @Sendable package func addMentee(request: Request) async throws -> Response {
        try await add(request, mentor: false)
    }

    private func add(_ request: Request, mentor: Bool) async throws -> Response {
        let programme = try await requireProgramme(request)
        let values = try request.content.decode([String: String].self)
        let service = try ProgrammeService(request: request)
        let base = MentoringPeople.baseURL(request.application.cairn)
        let errors =
            mentor
            ? try await service.addMentor(values, to: programme, baseURL: base)
            : try await service.addMentee(values, to: programme, source: .form, baseURL: base)
        guard errors.isEmpty else {
            return try await addPage(request, programme, mentor: mentor, values: values, errors: errors)
                .encodeResponse(for: request)
        }
        return request.redirect(
            to: SiteURL.mentoringProgramme(try programme.requireID()).path + (mentor ? "#mentors" : "#mentees"))
    }

    package struct QuestionsForm: Content {
        package var menteeQuestions: String?
        package var mentorQuestions: String?
    }

    @Sendable package func saveQuestions(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let form = try request.content.decode(QuestionsForm.self)
        let errors = try await EvaluationService(request: request)
            .saveQuestions([.mentee: form.menteeQuestions ?? "", .mentor: form.mentorQuestions ?? ""], for: programme)
        guard errors.isEmpty else {
            return try await programmePage(
                request, programme,
                questions: (form.menteeQuestions ?? "", form.mentorQuestions ?? "", errors)
            ).encodeResponse(for: request)
        }
        try await request.audit(
            MentoringAudit.evaluationQuestionsChanged, resourceType: .mentoringProgramme,
            resourceID: programme.id?.uuidString)
        return try await programmePage(request, programme, notice: "The evaluation questions are saved.")
            .encodeResponse(for: request)
    }

}
