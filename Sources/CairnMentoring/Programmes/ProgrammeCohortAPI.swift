import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

/// The next intake and the evaluation questions through the API (issue #14), as on the programme page.
extension APIHandler {
    package func startNextCohort(_ input: Operations.StartNextCohort.Input) async throws
        -> Operations.StartNextCohort.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        switch try await ProgrammeService(request: request).nextCohort(
            of: programme, name: body.name, startsOn: body.cohortStartsOn)
        {
        case .success(let next): return .created(.init(body: .json(try await next.api(on: request.db))))
        case .failure(let errors): throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        }
    }

    package func getEvaluationQuestions(_ input: Operations.GetEvaluationQuestions.Input) async throws
        -> Operations.GetEvaluationQuestions.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        return .ok(.init(body: .json(try await Self.questions(of: programme, request: request))))
    }

    package func setEvaluationQuestions(_ input: Operations.SetEvaluationQuestions.Input) async throws
        -> Operations.SetEvaluationQuestions.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let errors = try await EvaluationService(request: request).saveQuestions(
            [.mentee: body.menteeQuestions, .mentor: body.mentorQuestions], for: programme)
        if let refusal = errors.refusal(jsonPointer: { "/" + $0 }) { throw refusal }
        try await request.audit(
            MentoringAudit.evaluationQuestionsChanged, resourceType: .mentoringProgramme,
            resourceID: programme.id?.uuidString)
        return .ok(.init(body: .json(try await Self.questions(of: programme, request: request))))
    }

    private static func questions(of programme: MentoringProgramme, request: Request) async throws
        -> Components.Schemas.EvaluationQuestions
    {
        let service = EvaluationService(request: request)
        return .init(
            menteeQuestions: try await service.questionnaire(for: programme, side: .mentee).lines,
            mentorQuestions: try await service.questionnaire(for: programme, side: .mentor).lines)
    }
}
