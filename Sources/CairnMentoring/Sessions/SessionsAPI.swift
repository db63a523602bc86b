import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// The pair's own API: sessions, their feedback and the end-of-programme evaluation.
extension APIHandler {
    // MARK: The end-of-programme evaluation

    private static func evaluation(_ view: MentoringAccess.PairView, request: Request) async throws
        -> Components.Schemas.PairEvaluation
    {
        let service = EvaluationService(request: request)
        let questionnaire = try await service.questionnaire(for: view.programme, side: view.side)
        return .init(
            open: try await service.isOpen(view), answered: try await service.hasAnswered(view),
            questions: questionnaire.questions.map { .init(kind: $0.kind == .rating ? .rating : .text, text: $0.text) })
    }

    package func getPairEvaluation(_ input: Operations.GetPairEvaluation.Input) async throws
        -> Operations.GetPairEvaluation.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        return .ok(.init(body: .json(try await Self.evaluation(view, request: request))))
    }

    package func answerPairEvaluation(_ input: Operations.AnswerPairEvaluation.Input) async throws
        -> Operations.AnswerPairEvaluation.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let refusal) = try await EvaluationService(request: request).respond(body.answers, view) {
            throw refusal.apiError { "/answers/\($0)" }
        }
        try await request.audit(
            MentoringAudit.mentoringEvaluationGiven, resourceType: .mentoringPair, resourceID: view.pair.id?.uuidString)
        return .created(.init(body: .json(try await Self.evaluation(view, request: request))))
    }

    // MARK: Sessions

    package func listMySessions(_ input: Operations.ListMySessions.Input) async throws
        -> Operations.ListMySessions.Output
    {
        let request = try APIRequest.require()
        let service = try SessionService(request: request)
        var sessions: [Components.Schemas.MentoringSession] = []
        for pair in try await service.myPairs() {
            // Which of the pair's sessions the other side has answered: one query per pair, as the detail says.
            let other: DualBlindFeedback.Side = pair.side == .mentor ? .mentee : .mentor
            let answered = try await SessionFeedback.query(on: request.db)
                .filter(\.$sessionID ~~ pair.sessions.compactMap(\.id)).filter(\.$side == other.rawValue).all()
                .reduce(into: Set<UUID>()) { $0.insert($1.sessionID) }
            for session in pair.sessions {
                sessions.append(
                    try session.api(
                        pairID: pair.pairID, programme: pair.programme, side: pair.side, otherName: pair.otherName,
                        theyAnswered: answered.contains(try session.requireID())))
            }
        }
        return .ok(.init(body: .json(sessions)))
    }

    package func getMentoringSession(_ input: Operations.GetMentoringSession.Input) async throws
        -> Operations.GetMentoringSession.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        let (session, view) = (found.session, found.pair)
        return .ok(.init(body: .json(try await Self.detail(session, view, request: request))))
    }

    package func updateMentoringSession(_ input: Operations.UpdateMentoringSession.Input) async throws
        -> Operations.UpdateMentoringSession.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        let (session, view) = (found.session, found.pair)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard view.pair.status == .active else { throw Abort(.conflict, reason: "This pair has ended.") }
        let draft = SessionScheduleDraft(
            start: body.startsAt.map { .instant($0) } ?? .unchanged, videoLink: body.videoLink,
            status: body.status?.rawValue)
        if case .failure(let refusal) = try await SessionService(request: request).schedule(
            session, of: view.programme, draft)
        {
            throw refusal.apiError(\.jsonPointer)
        }
        return .ok(.init(body: .json(try await Self.detail(session, view, request: request))))
    }

    package func giveSessionFeedback(_ input: Operations.GiveSessionFeedback.Input) async throws
        -> Operations.GiveSessionFeedback.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        let (session, view) = (found.session, found.pair)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = SessionFeedbackDraft(
            feltSafe: body.feltSafe, useful: body.useful, actionsAgreed: body.actionsAgreed, recommend: body.recommend,
            comment: body.comment)
        if case .failure(let refusal) = try await SessionService(request: request)
            .giveFeedback(draft, on: session, as: view.side)
        {
            throw refusal.apiError(\.jsonPointer)
        }
        return .created(.init(body: .json(try await Self.detail(session, view, request: request))))
    }

    /// One session for its pair: the record and the feedback the dual-blind rule lets the caller see.
    package static func detail(_ session: MentoringSession, _ view: MentoringAccess.PairView, request: Request)
        async throws
        -> Components.Schemas.MentoringSession
    {
        let service = try SessionService(request: request)
        let names = try await PairLifecycle(database: request.db, state: request.application.cairn)
            .names(menteeID: view.pair.menteeID, mentorID: view.pair.mentorID)
        let rule = try await service.rule(for: session)
        let other: DualBlindFeedback.Side = view.side == .mentor ? .mentee : .mentor
        let now = request.application.cairn.collaborators.now()
        var result = try session.api(
            pairID: try view.pair.requireID(), programme: view.programme, side: view.side,
            otherName: view.side == .mentor ? names.mentee.displayName : names.mentor.displayName,
            theyAnswered: (other == .mentor ? rule.mentorAnsweredAt : rule.menteeAnsweredAt) != nil)
        result.record = try await service.record(of: session)
        result.myFeedback = try await service.answers(on: session, side: view.side)?.api
        if rule.mayRead(otherSideAs: view.side, now: now) {
            result.theirFeedback = try await service.answers(on: session, side: other)?.api
        }
        return result
    }
}

extension MentoringSession {
    package func api(
        pairID: UUID, programme: MentoringProgramme, side: DualBlindFeedback.Side, otherName: String,
        theyAnswered: Bool
    ) throws
        -> Components.Schemas.MentoringSession
    {
        .init(
            id: try requireID().uuidString.lowercased(), pairId: pairID.uuidString.lowercased(), number: number,
            of: programme.sessionCount, dueOn: dueOn, startsAt: startsAt, minutes: minutes,
            mode: Components.Schemas.SessionMode(rawValue: mode) ?? .video, videoLink: videoLink,
            status: Components.Schemas.SessionStatus(rawValue: status.rawValue) ?? .planned, sequence: sequence,
            side: side == .mentor ? .mentor : .mentee, otherName: otherName, programmeName: programme.name,
            theyAnswered: theyAnswered)
    }
}

extension SessionService.Answers {
    package var api: Components.Schemas.SessionFeedback {
        .init(
            feltSafe: feltSafe, useful: useful, actionsAgreed: actionsAgreed, recommend: recommend, comment: comment)
    }
}

/// The pair's private record and the mentee's sharing choice, as on their pages.
extension APIHandler {
    package func setMentoringSessionRecord(_ input: Operations.SetMentoringSessionRecord.Input) async throws
        -> Operations.SetMentoringSessionRecord.Output
    {
        let request = try APIRequest.require()
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireWithinContract([("record", body.record, 10_000)])
        let errors = try await SessionService(request: request).writeRecord(body.record, on: found.session)
        if let refusal = errors.refusal(jsonPointer: { _ in "/record" }) { throw refusal }
        return .ok(.init(body: .json(try await Self.detail(found.session, found.pair, request: request))))
    }

    package func setMentoringPairSharing(_ input: Operations.SetMentoringPairSharing.Input) async throws
        -> Operations.SetMentoringPairSharing.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard try await SessionService(request: request).shareWithSupervisor(body.sharesWithSupervisor, view) else {
            throw Abort(.forbidden, reason: "Only the mentee decides this.")
        }
        return .ok(.init(body: .json(.init(sharesWithSupervisor: view.mentee.sharesWithSupervisor))))
    }
}
