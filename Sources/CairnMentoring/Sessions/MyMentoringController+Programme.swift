import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// Applying to a programme and answering its end-of-programme evaluation.
extension MyMentoringController {
    // MARK: Applying

    /// A programme of the clinician's organisation that takes applications; any other answers 404.
    /// The programme the gate allowed: open for applications, of the actor's organisation, and not run by them.
    private func openProgramme(_ request: Request) async throws -> MentoringProgramme {
        try request.authorisedRecord(MentoringProgramme.self)
    }

    private func hasApplied(_ request: Request, _ programme: MentoringProgramme) async throws -> Bool {
        try await Mentee.query(on: request.db).filter(\.$programmeID == programme.requireID())
            .filter(\.$personID == request.requireActor().personID).first() != nil
    }

    @Sendable package func application(request: Request) async throws -> HTMLPage {
        let programme = try await openProgramme(request)
        return request.page(
            "Apply for a mentor",
            EnrolmentPages.applyPage(
                programme: programme, applied: try await hasApplied(request, programme), values: [:],
                errors: FormErrors(), csrf: request.csrfToken))
    }

    @Sendable package func apply(request: Request) async throws -> Response {
        let programme = try await openProgramme(request)
        let values = try request.content.decode([String: String].self)
        let errors: FormErrors
        switch try await ProgrammeService(request: request).apply(to: programme, answers: values) {
        case .applied: errors = FormErrors()
        case .alreadyApplied:
            return request.redirect(
                to: SiteURL.mentoringApply(try programme.requireID()).path,
                quietlyBecause: "already applied: the page says so")
        case .refused(let problems): errors = problems
        }
        guard errors.isEmpty else {
            return try await request.page(
                "Error: Apply for a mentor", status: .unprocessableEntity,
                EnrolmentPages.applyPage(
                    programme: programme, applied: false, values: values, errors: errors, csrf: request.csrfToken)
            ).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.mentoringApply(try programme.requireID()).path)
    }

    // MARK: The end-of-programme evaluation

    @Sendable package func evaluation(request: Request) async throws -> HTMLPage {
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        return try await evaluationPage(request, view)
    }

    private func evaluationPage(
        _ request: Request, _ view: MentoringAccess.PairView, errors: FormErrors = FormErrors(),
        values: [String: String] = [:]
    ) async throws -> HTMLPage {
        let service = EvaluationService(request: request)
        let model = EvaluationPage(
            pairID: try view.pair.requireID(), programmeName: view.programme.name,
            questionnaire: try await service.questionnaire(for: view.programme, side: view.side),
            isOpen: try await service.isOpen(view), answered: try await service.hasAnswered(view), errors: errors,
            values: values, csrf: request.csrfToken)
        return request.page(
            Forms.title("Evaluate the programme", errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity,
            model.render())
    }

    @Sendable package func evaluate(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        let values = try request.content.decode([String: String].self)
        let service = EvaluationService(request: request)
        let count = try await service.questionnaire(for: view.programme, side: view.side).questions.count
        let answers = (0..<count).map { values[EvaluationService.field($0)] ?? "" }
        if case .failure(let refusal) = try await service.respond(answers, view) {
            return try await evaluationPage(
                request, view, errors: refusal.formErrors(EvaluationService.field), values: values
            )
            .encodeResponse(for: request)
        }
        try await request.audit(
            MentoringAudit.mentoringEvaluationGiven, resourceType: .mentoringPair, resourceID: view.pair.id?.uuidString)
        return request.redirect(to: SiteURL.mentoringPairEvaluation(try view.pair.requireID()).path)
    }
}
