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
        routes.on(
            .myMentoringCalendar, .POST, action: .viewOwnMentoring,
            after: .quiet("answers with the page, which says what was done"), use: makeFeed)
        routes.on(.mentoringSession(nil), action: .workInMentoringPair, record: bySession, use: session)
        routes.on(
            .mentoringSession(nil), .POST, action: .workInMentoringPair, record: bySession,
            after: .says("session-saved", "The session is saved. The other person sees it on their mentoring page."),
            use: schedule)
        routes.on(
            .mentoringSessionRecord(nil), .POST, action: .workInMentoringPair, record: bySession,
            after: .says("session-record-saved", "The record is saved. Only the two of you can read it."),
            use: writeRecord)
        routes.on(
            .mentoringSessionFeedback(nil), .POST, action: .workInMentoringPair, record: bySession,
            after: .says("session-feedback-given", "Thank you: your feedback on the session is saved."),
            use: giveFeedback)
        routes.on(.mentoringSessionInvite(nil), action: .workInMentoringPair, record: bySession, use: invite)
        routes.on(
            .mentoringPairDecline(nil), .POST, action: .workInMentoringPair, record: byPair,
            after: .says("pair-declined", "You have declined the pairing."),
            use: decline)
        routes.on(.calendarFeed(nil), action: .readCalendarFeed, use: feed)
        routes.on(
            .mentoringPairShare(nil), .POST, action: .workInMentoringPair, record: byPair,
            after: .says("sharing-saved", "Your choice about telling your supervisor is saved."), use: share)
        routes.on(.mentoringShared, action: .viewSharedMentoring, use: shared)
        let byProgramme = MentoringAccess.programmeForMembersLoader()
        routes.on(.mentoringApply(nil), action: .applyForMentoring, record: byProgramme, use: application)
        routes.on(
            .mentoringApply(nil), .POST, action: .applyForMentoring, record: byProgramme,
            after: .says("applied", "Your application is sent. The programme lead matches mentees with mentors."),
            use: apply)
        routes.on(.mentoringPairEvaluation(nil), action: .workInMentoringPair, record: byPair, use: evaluation)
        routes.on(
            .mentoringPairEvaluation(nil), .POST, action: .workInMentoringPair, record: byPair,
            after: .says("evaluation-given", "Thank you: your evaluation is saved."),
            use: evaluate)
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
        let programmes = try await MentorChoices(context: ServiceContext(request)).programmesToJoin()
        let open = try programmes.open.map {
            MyMentoringPage.OpenProgramme(id: try $0.requireID(), name: $0.name, audience: $0.audience)
        }
        let choosing = try programmes.choosing.map {
            MyMentoringPage.OpenProgramme(id: try $0.requireID(), name: $0.name, audience: $0.audience)
        }
        let model = MyMentoringPage(
            pairs: pairs, evaluation: evaluation, openProgrammes: open, choosing: choosing,
            hasFeed: try await MentoringCalendar.hasFeed(actor.personID, on: request.db),
            feedURL: feedToken.map {
                request.application.cairn.link(.calendarFeed($0))
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
        let errors = try await PairLifecycle(database: request.db, state: request.application.cairn).decline(
            view, reason: reason)
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
        let share = try request.content.decode(ShareForm.self).share == "yes"
        guard try await SessionService(request: request).shareWithSupervisor(share, view) else {
            throw Abort(.forbidden, reason: "Only the mentee decides this.")
        }
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
}
