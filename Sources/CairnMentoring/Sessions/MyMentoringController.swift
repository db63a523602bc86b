import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// The mentor's and mentee's side: their pairs, each session (time, link, status, the private record, feedback),
/// invitations and their private calendar feed. A session opens only for its pair (`MentoringAccess`).
package struct MyMentoringController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let byPair = MentoringAccess.pairLoader()
        let bySession = MentoringAccess.sessionLoader()
        routes.on(.myMentoring, action: .viewOwnMentoring, use: mine)
        routes.on(.myMentoringCalendar, .POST, action: .viewOwnMentoring, use: makeFeed)
        routes.on(.mentoringSession(nil), action: .workInMentoringPair, record: bySession, use: session)
        routes.on(.mentoringSession(nil), .POST, action: .workInMentoringPair, record: bySession, use: schedule)
        routes.on(
            .mentoringSessionRecord(nil), .POST, action: .workInMentoringPair, record: bySession, use: writeRecord)
        routes.on(
            .mentoringSessionFeedback(nil), .POST, action: .workInMentoringPair, record: bySession, use: giveFeedback)
        routes.on(.mentoringSessionInvite(nil), action: .workInMentoringPair, record: bySession, use: invite)
        routes.on(.mentoringPairDecline(nil), .POST, action: .workInMentoringPair, record: byPair, use: decline)
        routes.on(.calendarFeed(nil), action: .readCalendarFeed, use: feed)
        routes.on(.mentoringPairShare(nil), .POST, action: .workInMentoringPair, record: byPair, use: share)
        routes.on(.mentoringShared, action: .viewSharedMentoring, use: shared)
        let byProgramme = MentoringAccess.programmeForMembersLoader()
        routes.on(.mentoringApply(nil), action: .applyForMentoring, record: byProgramme, use: application)
        routes.on(.mentoringApply(nil), .POST, action: .applyForMentoring, record: byProgramme, use: apply)
        routes.on(.mentoringPairEvaluation(nil), action: .workInMentoringPair, record: byPair, use: evaluation)
        routes.on(.mentoringPairEvaluation(nil), .POST, action: .workInMentoringPair, record: byPair, use: evaluate)
    }

    // MARK: The overview

    @Sendable package func mine(request: Request) async throws -> HTMLPage {
        try await minePage(request)
    }

    private func minePage(_ request: Request, feedToken: String? = nil, declining: (UUID, FormErrors, String)? = nil)
        async throws -> HTMLPage
    {
        let service = try SessionService(request: request)
        let actor = try request.requireActor()
        let pairs = try await service.myPairs()
        let evaluations = EvaluationService(request: request)
        var evaluation: [UUID: MyMentoringPage.Evaluation] = [:]
        for pair in pairs where pair.status == .active {
            if try await evaluations.hasAnswered(pairID: pair.pairID, side: pair.side) {
                evaluation[pair.pairID] = .answered
            } else if try await evaluations.isOpen(pairID: pair.pairID, programme: pair.programme) {
                evaluation[pair.pairID] = .open
            }
        }
        var open: [MyMentoringPage.OpenProgramme] = []
        var choosing: [MyMentoringPage.OpenProgramme] = []
        if actor.roles.contains(.clinician) {
            for mentee in try await Mentee.query(on: request.db).filter(\.$personID == actor.personID).all() {
                guard
                    try await MentoringPair.query(on: request.db).filter(\.$menteeID == mentee.requireID())
                        .filter(\.$status == .active).first() == nil,
                    let programme = try await MentoringProgramme.find(mentee.programmeID, on: request.db),
                    programme.matchingMode == .stable, programme.organisationID == actor.organisationID
                else { continue }
                choosing.append(
                    .init(id: try programme.requireID(), name: programme.name, audience: programme.audience))
            }
            let joined = Set(
                try await Mentee.query(on: request.db).filter(\.$personID == actor.personID).all().map(\.programmeID))
            open = try await MentoringProgramme.query(on: request.db)
                .filter(\.$organisationID == actor.organisationID).filter(\.$openForApplications == true)
                .sort(\.$createdAt, .descending).all()
                .filter { !joined.contains($0.id ?? UUID()) }
                .map { .init(id: try $0.requireID(), name: $0.name, audience: $0.audience) }
        }
        let model = MyMentoringPage(
            pairs: pairs, evaluation: evaluation, openProgrammes: open, choosing: choosing,
            hasFeed: try await MentoringCalendar.hasFeed(actor.personID, on: request.db),
            feedURL: feedToken.map {
                MentoringPeople.baseURL(request.application.cairn) + SiteURL.calendarFeed($0).path
            },
            declining: declining, displayTime: { request.displayTime($0) }, csrf: request.csrfToken)
        let failed = declining.map { !$0.1.isEmpty } ?? false
        return request.page(
            failed ? "Error: Your mentoring" : "Your mentoring", status: failed ? .unprocessableEntity : .ok,
            model.render())
    }

    @Sendable package func makeFeed(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let token = try await MentoringCalendar.newFeed(
            for: actor.personID, state: request.application.cairn, on: request.db)
        try await request.audit(
            MentoringAudit.calendarFeedCreated, resourceType: .calendarFeed, subject: actor.personID)
        return try await minePage(request, feedToken: token)
    }

    package struct DeclineForm: Content {
        package var reason: String?
    }

    @Sendable package func decline(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        let reason = try request.content.decode(DeclineForm.self).reason ?? ""
        let errors = try await PairLifecycle(
            database: request.db, state: request.application.cairn,
            baseURL: MentoringPeople.baseURL(request.application.cairn)
        ).decline(view, reason: reason)
        guard errors.isEmpty else {
            return try await minePage(request, declining: (try view.pair.requireID(), errors, reason))
                .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.myMentoring.path)
    }

    // MARK: Telling one's supervisor

    package struct ShareForm: Content {
        package var share: String?
    }

    /// Only the mentee decides whether their supervisor may know they have a mentor.
    @Sendable package func share(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(MentoringAccess.PairView.self)
        guard view.side == .mentee else { throw Abort(.forbidden, reason: "Only the mentee decides this.") }
        view.mentee.sharesWithSupervisor = try request.content.decode(ShareForm.self).share == "yes"
        try await view.mentee.update(on: request.db)
        try await request.audit(
            view.mentee.sharesWithSupervisor
                ? MentoringAudit.mentoringSharedWithSupervisor : MentoringAudit.mentoringUnsharedWithSupervisor,
            resourceType: .mentee, resourceID: view.mentee.id?.uuidString, subject: view.mentee.personID)
        return request.redirect(to: SiteURL.myMentoring.path)
    }

    /// The supervisor's view: the trainees who named them and chose to share that they have a mentor. Nothing of
    /// the sessions, the record or the feedback.
    @Sendable package func shared(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        guard let me = try await Person.find(actor.personID, on: request.db) else { throw Abort(.notFound) }
        let mentees = try await Mentee.query(on: request.db).filter(\.$supervisorEmail == me.emailNormalised)
            .filter(\.$sharesWithSupervisor == true).all()
        var rows: [String] = []
        for mentee in mentees {
            guard
                let programme = try await MentoringProgramme.find(mentee.programmeID, on: request.db),
                programme.organisationID == actor.organisationID,
                try await MentoringPair.query(on: request.db).filter(\.$menteeID == mentee.requireID())
                    .filter(\.$status == .active).first() != nil,
                let person = try await Person.find(mentee.personID, on: request.db)
            else { continue }
            rows.append(person.displayName)
        }
        return request.page(
            "Mentoring shared with you",
            .group(
                .h1(.text("Mentoring shared with you")),
                .p(
                    .text(
                        "Trainees who named you as their supervisor and chose to tell you they have a mentor. What they "
                            + "discuss with their mentor stays between them.")),
                .if(
                    rows.isEmpty, .p(.text("No one has shared this with you.")),
                    else: .ul(
                        .class("link-list"),
                        .forEach(rows.sorted()) { name in .li(.text("\(name) has a mentor.")) }))))
    }

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
        let actor = try request.requireActor()
        guard !(try await hasApplied(request, programme)),
            let person = try await Person.find(actor.personID, on: request.db)
        else { return request.redirect(to: SiteURL.mentoringApply(try programme.requireID()).path) }
        var values = try request.content.decode([String: String].self)
        values["name"] = person.displayName
        values["email"] = person.email
        let service = try ProgrammeService(request: request)
        let errors = try await service.addMentee(
            values, to: programme, source: .application, baseURL: MentoringPeople.baseURL(request.application.cairn))
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
        let errors = try await EvaluationService(request: request)
            .respond(values, view)
        guard errors.isEmpty else {
            return try await evaluationPage(request, view, errors: errors, values: values).encodeResponse(for: request)
        }
        try await request.audit(
            MentoringAudit.mentoringEvaluationGiven, resourceType: .mentoringPair, resourceID: view.pair.id?.uuidString)
        return request.redirect(to: SiteURL.mentoringPairEvaluation(try view.pair.requireID()).path)
    }

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
        let names = try await PairLifecycle(database: request.db, state: request.application.cairn, baseURL: "")
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
        let form = try request.content.decode(SessionService.ScheduleForm.self)
        let errors = try await SessionService(request: request).schedule(session, form: form)
        guard errors.isEmpty else {
            return try await sessionPage(
                request, session, view, errors: errors,
                values: [
                    "date": form.date ?? "", "time": form.time ?? "", "videoLink": form.videoLink ?? "",
                    "status": form.status ?? "",
                ]
            ).encodeResponse(for: request)
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
        let form = try request.content.decode(SessionService.FeedbackForm.self)
        let errors = try await SessionService(request: request).giveFeedback(form, on: session, as: view.side)
        guard errors.isEmpty else {
            return try await sessionPage(
                request, session, view, errors: errors,
                values: [
                    "feltSafe": form.feltSafe ?? "", "useful": form.useful ?? "",
                    "actionsAgreed": form.actionsAgreed ?? "", "recommend": form.recommend ?? "",
                    "comment": form.comment ?? "",
                ]
            ).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.mentoringSession(try session.requireID()).path + "#feedback")
    }

    // MARK: Calendars

    @Sendable package func invite(request: Request) async throws -> Response {
        let (session, view) = try await load(request)
        let names = try await PairLifecycle(database: request.db, state: request.application.cairn, baseURL: "")
            .names(menteeID: view.pair.menteeID, mentorID: view.pair.mentorID)
        guard
            let event = MentoringCalendar.event(
                for: session, otherName: view.side == .mentor ? names.mentee.displayName : names.mentor.displayName,
                programmeName: view.programme.name, count: view.programme.sessionCount, stamp: session.updatedAt)
        else { throw Abort(.notFound, reason: "Agree a time for this session first.") }
        return Self.calendarResponse(
            ICalendar.calendar([event], method: session.status == .cancelled ? "CANCEL" : "REQUEST"),
            filename: "mentoring-session-\(session.number).ics")
    }

    @Sendable package func feed(request: Request) async throws -> Response {
        guard let name = request.parameters.get("feed"), name.hasSuffix(".ics"),
            let text = try await MentoringCalendar.feed(
                token: String(name.dropLast(4)), state: request.application.cairn, on: request.db)
        else { throw Abort(.notFound) }
        return Self.calendarResponse(text, filename: nil)
    }

    package static func calendarResponse(_ text: String, filename: String?) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        if let filename {
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        }
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
