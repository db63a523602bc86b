import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// The mentor registry, the next cohort, adding one person at a time, and the evaluation's questions.
extension ProgrammeController {
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
        let errors = try await MentorRegistry(context: ServiceContext(request)).recordTraining(
            mentorID: values["mentor"].flatMap(UUID.init(uuidString:)), course: values["training_course"],
            completed: values["training_completed"], expires: values["training_expires"])
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
        var errors: FormErrors
        if mentor {
            switch ProgrammeService.mentor(from: values) {
            case .failure(let problems): errors = problems
            case .success(let entry): errors = try await service.addMentor(entry, to: programme)
            }
        } else {
            switch ProgrammeService.mentee(from: values) {
            case .failure(let problems): errors = problems
            case .success(let entry): errors = try await service.addMentee(entry, to: programme, source: .form)
            }
        }
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
