import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// One session of a pair (its time, record and feedback) and the calendars.
extension MyMentoringController {
    // MARK: One session

    /// The session and pair the gate loaded and allowed for this route.
    private func load(_ request: Request) async throws -> (MentoringSession, MentoringAccess.PairView) {
        let found = try request.authorisedRecord(MentoringAccess.SessionView.self)
        return (found.session, found.pair)
    }

    @Sendable package func session(request: Request) async throws -> HTMLPage {
        let (session, view) = try await load(request)
        return try await sessionPage(request, session, view)
    }

    private func sessionPage(
        _ request: Request, _ session: MentoringSession, _ view: MentoringAccess.PairView,
        errors: FormErrors = FormErrors(), values: [String: String] = [:]
    ) async throws -> HTMLPage {
        let service = try SessionService(request: request)
        let rule = try await service.rule(for: session)
        let now = request.application.cairn.collaborators.now()
        let names = try await PairLifecycle(database: request.db, state: request.application.cairn)
            .names(menteeID: view.pair.menteeID, mentorID: view.pair.mentorID)
        let other: DualBlindFeedback.Side = view.side == .mentor ? .mentee : .mentor
        let model = SessionPage(
            session: session, programme: view.programme, side: view.side, pairActive: view.pair.status == .active,
            otherName: view.side == .mentor ? names.mentee.displayName : names.mentor.displayName,
            record: try await service.record(of: session),
            mine: try await service.answers(on: session, side: view.side),
            theirs: rule.mayRead(otherSideAs: view.side, now: now)
                ? try await service.answers(on: session, side: other) : nil,
            theyAnswered: (other == .mentor ? rule.mentorAnsweredAt : rule.menteeAnsweredAt) != nil,
            mayAnswer: session.status == .held && rule.mayAnswer(as: view.side, now: now),
            zone: request.application.cairn.configuration.timeZone, displayTime: { request.displayTime($0) },
            errors: errors, values: values, csrf: request.csrfToken)
        return request.page(
            Forms.title("Session \(session.number)", errors: errors),
            status: errors.isEmpty ? .ok : .unprocessableEntity,
            model.render())
    }

    @Sendable package func schedule(request: Request) async throws -> Response {
        let (session, view) = try await load(request)
        guard view.pair.status == .active else { throw Abort(.conflict, reason: "This pair has ended.") }
        let typed = try request.content.decode([String: String].self)
        let draft = SessionScheduleDraft.fromForm { typed[$0] }
        if case .failure(let refusal) = try await SessionService(request: request).schedule(
            session, of: view.programme, draft)
        {
            let values = Dictionary(
                uniqueKeysWithValues: SessionScheduleField.allCases.map { ($0.formName, typed[$0.formName] ?? "") })
            return try await sessionPage(request, session, view, errors: refusal.formErrors(\.formName), values: values)
                .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.mentoringSession(try session.requireID()).path)
    }

    package struct RecordForm: Content {
        package var record: String?
    }

    @Sendable package func writeRecord(request: Request) async throws -> Response {
        let (session, view) = try await load(request)
        let text = try request.content.decode(RecordForm.self).record ?? ""
        let errors = try await SessionService(request: request).writeRecord(text, on: session)
        guard errors.isEmpty else {
            return try await sessionPage(request, session, view, errors: errors, values: ["record": text])
                .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.mentoringSession(try session.requireID()).path + "#record")
    }

    @Sendable package func giveFeedback(request: Request) async throws -> Response {
        let (session, view) = try await load(request)
        let typed = try request.content.decode([String: String].self)
        let draft = SessionFeedbackDraft.fromForm { typed[$0] }
        if case .failure(let refusal) = try await SessionService(request: request)
            .giveFeedback(draft, on: session, as: view.side)
        {
            let values = Dictionary(
                uniqueKeysWithValues: SessionFeedbackField.allCases.map { ($0.formName, typed[$0.formName] ?? "") })
            return try await sessionPage(request, session, view, errors: refusal.formErrors(\.formName), values: values)
                .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.mentoringSession(try session.requireID()).path + "#feedback")
    }

    // MARK: Calendars

    @Sendable package func invite(request: Request) async throws -> Response {
        let (session, view) = try await load(request)
        let names = try await PairLifecycle(database: request.db, state: request.application.cairn)
            .names(menteeID: view.pair.menteeID, mentorID: view.pair.mentorID)
        guard
            let event = MentoringCalendar.event(
                for: session, otherName: view.side == .mentor ? names.mentee.displayName : names.mentor.displayName,
                programmeName: view.programme.name, count: view.programme.sessionCount, stamp: session.updatedAt)
        else { throw Abort(.notFound, reason: "Agree a time for this session first.") }
        return Response.file(
            ICalendar.calendar([event], method: session.status == .cancelled ? "CANCEL" : "REQUEST"),
            type: Response.calendar, filename: "mentoring-session-\(session.number).ics")
    }

    @Sendable package func feed(request: Request) async throws -> Response {
        guard let name = request.parameters.get("feed"), name.hasSuffix(".ics"),
            let text = try await MentoringCalendar.feed(
                token: String(name.dropLast(4)), state: request.application.cairn, on: request.db)
        else { throw Abort(.notFound) }
        return .file(text, type: Response.calendar, filename: nil)
    }
}
