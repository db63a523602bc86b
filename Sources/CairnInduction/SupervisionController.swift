import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/supervision/:id`: a supervision meeting for its new starter and supervisor: the record, actions, one's own
/// private note, and the invitation.
package struct SupervisionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let meeting = InductionAccess.supervisionLoader()
        routes.on(.supervision(nil), action: .keepSupervisionLog, record: meeting, use: show)
        routes.on(
            .supervisionRecord(nil), .POST, action: .recordSupervision, record: meeting,
            after: .says("supervision-recorded", "The meeting is recorded."), use: record)
        routes.on(
            .supervisionActions(nil), .POST, action: .keepSupervisionLog, record: meeting,
            after: .says("supervision-action", "The action is added."), use: addAction)
        routes.on(
            .supervisionActionDone(nil, nil), .POST, action: .keepSupervisionLog, record: meeting,
            after: .says("action-done", "The action is marked as done."), use: done)
        routes.on(
            .supervisionPrivateNote(nil), .POST, action: .keepSupervisionLog, record: meeting,
            after: .says("private-note", "Your private note is saved."), use: privateNote)
        routes.on(.supervisionInvite(nil), action: .keepSupervisionLog, record: meeting, use: invite)
        routes.on(
            .supervisionMove(nil), .POST, action: .recordSupervision, record: meeting,
            after: .says("meeting-moved", "The meeting is moved. Calendars that subscribed are updated."), use: move)
        routes.on(
            .supervisionCancel(nil), .POST, action: .recordSupervision, record: meeting,
            after: .says("meeting-called-off", "The meeting is called off."), use: cancel)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request)
    }

    struct Typed {
        var record = SupervisionRecordDraft()
        var action = SupervisionActionDraft()
        var privateNote: String?
        var moveDay: String?
        var moveTime: String?
    }

    private func page(
        _ request: Request, typed: Typed = Typed(), errors: FormErrors = FormErrors()
    ) async throws -> HTMLPage {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let actor = try request.requireActor()
        let service = SupervisionService(context: ServiceContext(request))
        let (topics, record) = try service.opened(view.meeting)
        let actions = try await service.actions(of: view.meeting)
        let note = try await service.myPrivateNote(on: view.meeting)
        let names = try await Person.query(on: request.db)
            .filter(\.$id ~~ [view.induction.inducteeID, view.induction.supervisorID]).all()
        let standing = Policy.SupervisionStanding(induction: InductionAccess.standing(of: actor, to: view.induction))
        var typed = typed
        if typed.record == SupervisionRecordDraft() {
            typed.record = SupervisionRecordDraft(topics: topics ?? "", record: record ?? "")
        }
        return request.page(
            Forms.title("Supervision", errors: errors), status: errors.pageStatus,
            SupervisionPages.meeting(
                view: view, inductee: names.first { $0.id == view.induction.inducteeID }?.displayName ?? "",
                supervisor: names.first { $0.id == view.induction.supervisorID }?.displayName ?? "",
                topics: topics, record: record, actions: actions, privateNote: typed.privateNote ?? note ?? "",
                typed: typed,
                mayRecord: Policy.decide(actor, .recordSupervision, on: .record(standing)) == .allow,
                csrf: request.csrfToken, errors: errors,
                zone: request.application.cairn.configuration.timeZone, today: request.application.cairn.today))
    }

    private struct RecordForm: Content {
        var topics: String?
        var record: String?
        var version: Int?
    }

    @Sendable package func record(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let form = try request.content.decode(RecordForm.self)
        let draft = SupervisionRecordDraft(topics: form.topics ?? "", record: form.record ?? "")
        switch try await SupervisionService(context: ServiceContext(request)).record(
            draft, on: view.meeting, version: form.version)
        {
        case .failure(let errors):
            return try await page(request, typed: Typed(record: draft), errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.supervision(view.meeting.id).path)
        }
    }

    private struct ActionForm: Content {
        var actionText: String?
        var actionOwner: String?
        var actionDue: String?
    }

    @Sendable package func addAction(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let form = try request.content.decode(ActionForm.self)
        let draft = SupervisionActionDraft(
            text: form.actionText ?? "", owner: form.actionOwner ?? "", dueOn: form.actionDue ?? "")
        switch try await SupervisionService(context: ServiceContext(request)).addAction(draft, to: view.meeting) {
        case .failure(let errors):
            return try await page(request, typed: Typed(action: draft), errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.supervision(view.meeting.id).path)
        }
    }

    @Sendable package func done(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard let actionID = request.parameters.get("actionID", as: UUID.self) else { throw Abort(.notFound) }
        _ = try await SupervisionService(context: ServiceContext(request)).markDone(actionID, on: view.meeting)
        return request.redirect(to: SiteURL.supervision(view.meeting.id).path)
    }

    private struct NoteForm: Content {
        var privateNote: String?
        var moveDay: String?
        var moveTime: String?
    }

    @Sendable package func privateNote(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let form = try request.content.decode(NoteForm.self)
        switch try await SupervisionService(context: ServiceContext(request)).savePrivateNote(
            form.privateNote ?? "", on: view.meeting)
        {
        case .failure(let errors):
            return try await page(request, typed: Typed(privateNote: form.privateNote), errors: errors)
                .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.supervision(view.meeting.id).path)
        }
    }

    private struct MoveForm: Content {
        var moveDay: String?
        var moveTime: String?
        var version: Int?
    }

    @Sendable package func move(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let form = try request.content.decode(MoveForm.self)
        switch try await SupervisionService(context: ServiceContext(request)).move(
            view.meeting, day: form.moveDay ?? "", time: form.moveTime ?? "", version: form.version)
        {
        case .failure(let errors):
            return try await page(
                request, typed: Typed(moveDay: form.moveDay, moveTime: form.moveTime), errors: errors
            ).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.supervision(view.meeting.id).path)
        }
    }

    private struct VersionForm: Content {
        var version: Int?
    }

    @Sendable package func cancel(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let form = try request.content.decode(VersionForm.self)
        switch try await SupervisionService(context: ServiceContext(request)).cancel(
            view.meeting, version: form.version)
        {
        case .failure(let errors): return try await page(request, errors: errors).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.supervision(view.meeting.id).path)
        }
    }

    @Sendable package func invite(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        let inductee = try await Person.find(view.induction.inducteeID, on: request.db)?.displayName ?? "new starter"
        guard
            let event = SupervisionCalendar.event(
                for: view.meeting, inductee: inductee, stamp: request.application.cairn.collaborators.now())
        else { throw Abort(.notFound) }
        let text = ICalendar.calendar([event], method: view.meeting.status == .cancelled ? "CANCEL" : "REQUEST")
        return .file(text, type: Response.calendar, filename: "supervision-\(view.meeting.day).ics")
    }
}

/// Supervision meetings in calendars: an invitation each, and the new starter's and supervisor's private feeds.
package enum SupervisionCalendar {
    static func event(for meeting: SupervisionMeeting, inductee: String, stamp: Date) -> ICalendar.Event? {
        guard let id = meeting.id else { return nil }
        return ICalendar.Event(
            uid: "\(id.uuidString.lowercased())@cairn-supervision", sequence: meeting.version,
            start: meeting.startsAt, minutes: meeting.minutes, summary: "Supervision: \(inductee)",
            description: "Induction supervision, \(meeting.minutes) minutes.", cancelled: meeting.status == .cancelled,
            stamp: stamp)
    }

    /// Meetings from a month ago on of the inductions the person is the new starter or supervisor of.
    package static func events(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        let inductions = try await Induction.query(on: database)
            .group(.or) { $0.filter(\.$inducteeID == personID).filter(\.$supervisorID == personID) }.limit(200).all()
        guard !inductions.isEmpty else { return [] }
        let since = state.collaborators.now().addingTimeInterval(-30 * 86_400)
        let meetings = try await SupervisionMeeting.query(on: database).filter(
            \.$inductionID ~~ inductions.compactMap(\.id)
        )
        .filter(\.$startsAt >= since).sort(\.$startsAt).limit(200).all()
        let names = try await Person.query(on: database).filter(\.$id ~~ Set(inductions.map(\.inducteeID))).all()
        let now = state.collaborators.now()
        return meetings.compactMap { meeting in
            guard let induction = inductions.first(where: { $0.id == meeting.inductionID }) else { return nil }
            let name = names.first { $0.id == induction.inducteeID }?.displayName ?? "new starter"
            return event(for: meeting, inductee: name, stamp: now)
        }
    }
}
