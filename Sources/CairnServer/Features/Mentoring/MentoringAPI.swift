import CairnAPI
import CairnCore
import Fluent
import Foundation
import Vapor

/// `/api/v1/mentoring/...`: the same services and policy as the pages. A programme of another organisation, or a
/// session of someone else's pair, answers 404 as on the pages.
extension APIHandler {
    // MARK: Programmes

    func listMentoringProgrammes(_ input: Operations.ListMentoringProgrammes.Input) async throws
        -> Operations.ListMentoringProgrammes.Output
    {
        let request = try APIRequest.require()
        let programmes = try await ProgrammeService(request: request).programmes()
        return .ok(.init(body: .json(try await programmes.asyncMap { try await $0.api(on: request.db) })))
    }

    func createMentoringProgramme(_ input: Operations.CreateMentoringProgramme.Input) async throws
        -> Operations.CreateMentoringProgramme.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var values: [String: String] = [
            "name": body.name, "audience": body.audience, "cohort_starts_on": body.cohortStartsOn,
            "session_count": String(body.sessionCount), "session_minutes": String(body.sessionMinutes),
            "session_mode": body.sessionMode.rawValue, "window_months": String(body.windowMonths),
            "matching_mode": body.matchingMode.rawValue,
            "exclude_same_employer": (body.excludeSameEmployer ?? true) ? "yes" : "no",
            "exclude_same_specialty": (body.excludeSameSpecialty ?? false) ? "yes" : "no",
            "open_for_applications": (body.openForApplications ?? false) ? "yes" : "no",
        ]
        if let weights = body.weights {
            let given: [(ScoreFactor, Int?)] = [
                (.sameProfession, weights.sameProfession), (.sameSpecialty, weights.sameSpecialty),
                (.moreSeniorGrade, weights.moreSeniorGrade), (.sharedLanguage, weights.sharedLanguage),
                (.sameRegion, weights.sameRegion),
                (.internationalGraduateExperience, weights.internationalGraduateExperience),
                (.wishedLanguage, weights.wishedLanguage), (.wishedSpecialty, weights.wishedSpecialty),
                (.wishedGender, weights.wishedGender),
            ]
            for (factor, points) in given {
                if let points { values[ProgrammeService.weightField(factor)] = "\(points)" }
            }
        }
        switch try await ProgrammeService(request: request).create(values) {
        case .success(let programme): return .created(.init(body: .json(try await programme.api(on: request.db))))
        case .failure(let errors): throw ValidationFailure(errors)
        }
    }

    func getMentoringProgramme(_ input: Operations.GetMentoringProgramme.Input) async throws
        -> Operations.GetMentoringProgramme.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        return .ok(.init(body: .json(try await programme.api(on: request.db))))
    }

    func importMentors(_ input: Operations.ImportMentors.Input) async throws -> Operations.ImportMentors.Output {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await ProgrammeService(request: request).importMentors(
            body.csv, into: programme, baseURL: MentoringPeople.baseURL(request.application.cairn))
        return .ok(.init(body: .json(.init(imported: try Self.imported(result)))))
    }

    func importMentees(_ input: Operations.ImportMentees.Input) async throws -> Operations.ImportMentees.Output {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await ProgrammeService(request: request).importMentees(
            body.csv, into: programme, baseURL: MentoringPeople.baseURL(request.application.cairn))
        return .ok(.init(body: .json(.init(imported: try Self.imported(result)))))
    }

    /// Each line's problem becomes one entry of the 422 problem's `errors`, named by its line.
    private static func imported(_ result: Result<Int, ImportProblems>) throws -> Int {
        switch result {
        case .success(let count): return count
        case .failure(let problems):
            var errors = FormErrors()
            for (index, problem) in problems.lines.enumerated() {
                errors.add("csv.line\(problem.line).\(index)", problem.description)
            }
            throw ValidationFailure(errors)
        }
    }

    // MARK: Matching runs

    func startMatchingRun(_ input: Operations.StartMatchingRun.Input) async throws
        -> Operations.StartMatchingRun.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        let service = try MatchingService(request: request)
        let run = try await service.start(programme, app: request.application)
        return .accepted(.init(body: .json(try await run.api(service: service))))
    }

    private func requireRun(programmeId: String, runId: String, request: Request) async throws
        -> (MentoringProgramme, MatchingRun)
    {
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard let id = UUID(uuidString: runId), let run = try await MatchingRun.find(id, on: request.db),
            run.programmeID == (try programme.requireID())
        else { throw Abort(.notFound) }
        return (programme, run)
    }

    func getMatchingRun(_ input: Operations.GetMatchingRun.Input) async throws -> Operations.GetMatchingRun.Output {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        return .ok(.init(body: .json(try await run.api(service: try MatchingService(request: request)))))
    }

    func publishMatchingRun(_ input: Operations.PublishMatchingRun.Input) async throws
        -> Operations.PublishMatchingRun.Output
    {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        let outcome = try await MatchingService(request: request).publish(
            run, baseURL: MentoringPeople.baseURL(request.application.cairn))
        return .ok(.init(body: .json(.init(published: outcome.published, skipped: outcome.skipped))))
    }

    func changeMatchProposal(_ input: Operations.ChangeMatchProposal.Input) async throws
        -> Operations.ChangeMatchProposal.Output
    {
        let request = try APIRequest.require()
        let (_, run) = try await requireRun(
            programmeId: input.path.programmeId, runId: input.path.runId, request: request)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard run.status == .proposed else {
            throw Abort(.conflict, reason: "This run is no longer open to changes; start a new run.")
        }
        if let given = body.mentorId, UUID(uuidString: given) == nil {
            var errors = FormErrors()
            errors.add("mentorId", "Give a mentor's id, or leave it out for no mentor")
            throw ValidationFailure(errors)
        }
        let service = try MatchingService(request: request)
        let errors = try await service.override(
            run: run, menteeID: UUID(uuidString: body.menteeId),
            mentorID: body.mentorId.flatMap(UUID.init(uuidString:)),
            reason: body.reason)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return .ok(.init(body: .json(try await run.api(service: service))))
    }

    // MARK: The end-of-programme evaluation

    private static func evaluation(_ view: MentoringAccess.PairView, request: Request) async throws
        -> Components.Schemas.PairEvaluation
    {
        let service = EvaluationService(database: request.db, state: request.application.cairn)
        let questionnaire = try await service.questionnaire(for: view.programme, side: view.side)
        return .init(
            open: try await service.isOpen(view), answered: try await service.hasAnswered(view),
            questions: questionnaire.questions.map { .init(kind: $0.kind == .rating ? .rating : .text, text: $0.text) })
    }

    func getPairEvaluation(_ input: Operations.GetPairEvaluation.Input) async throws
        -> Operations.GetPairEvaluation.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        return .ok(.init(body: .json(try await Self.evaluation(view, request: request))))
    }

    func answerPairEvaluation(_ input: Operations.AnswerPairEvaluation.Input) async throws
        -> Operations.AnswerPairEvaluation.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = EvaluationService(database: request.db, state: request.application.cairn)
        guard try await service.isOpen(view), !(try await service.hasAnswered(view)) else {
            throw Abort(.conflict, reason: "The evaluation opens when the sessions are done, and is answered once.")
        }
        var values: [String: String] = [:]
        for (index, answer) in body.answers.enumerated() { values[EvaluationService.field(index)] = answer }
        let errors = try await service.respond(values, view)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        try await request.audit(
            MentoringAudit.mentoringEvaluationGiven, resourceType: .mentoringPair, resourceID: view.pair.id?.uuidString)
        return .created(.init(body: .json(try await Self.evaluation(view, request: request))))
    }

    // MARK: Sessions

    func listMySessions(_ input: Operations.ListMySessions.Input) async throws -> Operations.ListMySessions.Output {
        let request = try APIRequest.require()
        let service = try SessionService(request: request)
        var sessions: [Components.Schemas.MentoringSession] = []
        for pair in try await service.myPairs() {
            for session in pair.sessions {
                sessions.append(
                    try session.api(
                        pairID: pair.pairID, programme: pair.programme, side: pair.side, otherName: pair.otherName))
            }
        }
        return .ok(.init(body: .json(sessions)))
    }

    func getMentoringSession(_ input: Operations.GetMentoringSession.Input) async throws
        -> Operations.GetMentoringSession.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        let (session, view) = (found.session, found.pair)
        return .ok(.init(body: .json(try await Self.detail(session, view, request: request))))
    }

    func updateMentoringSession(_ input: Operations.UpdateMentoringSession.Input) async throws
        -> Operations.UpdateMentoringSession.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        let (session, view) = (found.session, found.pair)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard view.pair.status == .active else { throw Abort(.conflict, reason: "This pair has ended.") }
        var form = SessionService.ScheduleForm(videoLink: body.videoLink, status: body.status?.rawValue)
        if let startsAt = body.startsAt {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = request.application.cairn.configuration.timeZone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: startsAt)
            form.date = CalendarDay(parts.year ?? 0, parts.month ?? 0, parts.day ?? 0).description
            form.time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
        let errors = try await SessionService(request: request).schedule(session, form: form)
        try Self.refuse(errors)
        return .ok(.init(body: .json(try await Self.detail(session, view, request: request))))
    }

    func giveSessionFeedback(_ input: Operations.GiveSessionFeedback.Input) async throws
        -> Operations.GiveSessionFeedback.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        let (session, view) = (found.session, found.pair)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let form = SessionService.FeedbackForm(
            feltSafe: String(body.feltSafe), useful: String(body.useful),
            actionsAgreed: body.actionsAgreed ? "yes" : "no",
            recommend: String(body.recommend), comment: body.comment)
        let errors = try await SessionService(request: request).giveFeedback(form, on: session, as: view.side)
        try Self.refuse(errors)
        return .created(.init(body: .json(try await Self.detail(session, view, request: request))))
    }

    /// A rule about the session's state is a conflict (409: try again when it holds); anything else about the
    /// values sent is a 422 naming each field.
    private static func refuse(_ errors: FormErrors) throws {
        guard !errors.isEmpty else { return }
        if let conflict = errors.entries.first(where: { SessionService.stateRules.contains($0.message) }) {
            throw Abort(.conflict, reason: conflict.message)
        }
        throw ValidationFailure(errors)
    }

    /// One session for its pair: the record and the feedback the dual-blind rule lets the caller see.
    static func detail(_ session: MentoringSession, _ view: MentoringAccess.PairView, request: Request) async throws
        -> Components.Schemas.MentoringSession
    {
        let service = try SessionService(request: request)
        let names = try await PairLifecycle(database: request.db, state: request.application.cairn, baseURL: "")
            .names(menteeID: view.pair.menteeID, mentorID: view.pair.mentorID)
        let rule = try await service.rule(for: session)
        let other: DualBlindFeedback.Side = view.side == .mentor ? .mentee : .mentor
        let now = request.application.cairn.collaborators.now()
        var result = try session.api(
            pairID: try view.pair.requireID(), programme: view.programme, side: view.side,
            otherName: view.side == .mentor ? names.mentee.displayName : names.mentor.displayName)
        result.record = try await service.record(of: session)
        result.myFeedback = try await service.answers(on: session, side: view.side)?.api
        if rule.mayRead(otherSideAs: view.side, now: now) {
            result.theirFeedback = try await service.answers(on: session, side: other)?.api
        }
        result.theyAnswered = (other == .mentor ? rule.mentorAnsweredAt : rule.menteeAnsweredAt) != nil
        return result
    }
}

extension MentoringProgramme {
    func api(on database: any Database) async throws -> Components.Schemas.MentoringProgramme {
        let id = try requireID()
        return .init(
            id: id.uuidString.lowercased(), name: name, audience: audience, cohortStartsOn: cohortStartsOn,
            sessionCount: sessionCount, sessionMinutes: sessionMinutes,
            sessionMode: Components.Schemas.SessionMode(rawValue: sessionMode) ?? .video, windowMonths: windowMonths,
            matchingMode: .init(rawValue: matchingMode.rawValue) ?? .optimal, excludeSameEmployer: excludeSameEmployer,
            excludeSameSpecialty: excludeSameSpecialty,
            mentorCount: try await ProgrammeMentor.query(on: database).filter(\.$programmeID == id).count(),
            menteeCount: try await Mentee.query(on: database).filter(\.$programmeID == id).count(),
            activePairs: try await MentoringPair.query(on: database).filter(\.$programmeID == id)
                .filter(\.$status == .active).count())
    }
}

extension MatchingRun {
    func api(service: MatchingService) async throws -> Components.Schemas.MatchingRun {
        let proposals = status == .running ? [] : try await service.proposals(of: self)
        return .init(
            id: try requireID().uuidString.lowercased(), status: .init(rawValue: status.rawValue) ?? .failed,
            progress: progress, stage: stage, menteeCount: menteeCount, mentorCount: mentorCount,
            matchedCount: matchedCount, totalScore: totalScore, startedAt: startedAt, finishedAt: finishedAt,
            proposals: proposals.map { row in
                .init(
                    menteeId: row.menteeID.uuidString.lowercased(), menteeName: row.menteeName,
                    mentorId: row.mentorID?.uuidString.lowercased(), mentorName: row.mentorName, score: row.score,
                    factors: row.contributions.map { .init(factor: $0.factor.rawValue, points: $0.points) },
                    unmatchedReason: row.unmatchedReason, overrideReason: row.overrideReason)
            })
    }
}

extension MentoringSession {
    func api(pairID: UUID, programme: MentoringProgramme, side: DualBlindFeedback.Side, otherName: String) throws
        -> Components.Schemas.MentoringSession
    {
        .init(
            id: try requireID().uuidString.lowercased(), pairId: pairID.uuidString.lowercased(), number: number,
            of: programme.sessionCount, dueOn: dueOn, startsAt: startsAt, minutes: minutes,
            mode: Components.Schemas.SessionMode(rawValue: mode) ?? .video, videoLink: videoLink,
            status: Components.Schemas.SessionStatus(rawValue: status.rawValue) ?? .planned, sequence: sequence,
            side: side == .mentor ? .mentor : .mentee, otherName: otherName, programmeName: programme.name,
            theyAnswered: false)
    }
}

extension SessionService.Answers {
    var api: Components.Schemas.SessionFeedback {
        .init(
            feltSafe: feltSafe, useful: useful, actionsAgreed: actionsAgreed, recommend: recommend, comment: comment)
    }
}
