import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/meetings/:id`: one meeting. Members say they will come or give up their place; facilitators record who
/// attended, write the record and cancel. The record is shown only to those the policy lets read it (attendees
/// and the group's facilitators), and every read is audited.
package struct MeetingController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let meeting = PeerGroupAccess.meetingLoader()
        routes.on(.meeting(nil), action: .takePartInPeerGroups, record: meeting, use: show)
        routes.on(
            .meetingPlace(nil), .POST, action: .takePartInPeerGroups, record: meeting,
            after: .confirms([Self.coming, Self.waiting, Self.withdrawn]), use: place)
        routes.on(
            .meetingInvite(nil), action: .takePartInPeerGroups, record: meeting, use: PeerGroupCalendar.invite)
        routes.on(
            .meetingAttendance(nil), .POST, action: .runPeerGroups, record: meeting,
            after: .says("meeting-attendance", "Attendance is recorded."), use: attendance)
        routes.on(
            .meetingRecord(nil), .POST, action: .runPeerGroups, record: meeting,
            after: .says("meeting-record", "The record is saved."), use: record)
        routes.on(.meetingCancel(nil), action: .runPeerGroups, record: meeting, use: confirmCancel)
        routes.on(
            .meetingPresenter(nil), .POST, action: .runPeerGroups, record: meeting,
            after: .says("presenter-named", "Who brings a case is saved."), use: presenter)
        routes.on(
            .meetingSwaps(nil), .POST, action: .takePartInPeerGroups, record: meeting,
            after: .says("swap-asked", "Your request is sent: they answer on this page."), use: askToSwap)
        routes.on(
            .meetingSwap(nil, swap: nil), .POST, action: .takePartInPeerGroups, record: meeting,
            after: .says("swap-answered", "Your answer is sent."), use: answerSwap)
        routes.on(
            .meetingMove(nil), .POST, action: .runPeerGroups, record: meeting,
            after: .says("peer-meeting-moved", "The meeting is moved and those coming or waiting have been told."),
            use: move)
        routes.on(
            .meetingCancel(nil), .POST, action: .runPeerGroups, record: meeting,
            after: .says("meeting-cancelled", "The meeting is cancelled and those coming have been told."), use: cancel)
    }

    static let coming = Notice("meeting-place", "You have a place. We look forward to seeing you.")
    static let waiting = Notice(
        "meeting-waiting-list",
        "The meeting is full: you are on the waiting list, and we will email you if a place comes free.")
    static let withdrawn = Notice("not-coming", "You are no longer down to come.")

    /// Cancelling emails everyone coming or waiting: this step says how many first; only its button cancels.
    @Sendable package func confirmCancel(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let meetingID = try view.meeting.requireID()
        guard view.meeting.status == .planned else {
            return request.redirect(to: SiteURL.meeting(meetingID).path)
        }
        let told = try await MeetingPlace.query(on: request.db).filter(\.$meetingID == meetingID)
            .filter(\.$status ~~ [.coming, .waiting]).count()
        let day = DisplayTime.format(view.meeting.startsAt, in: request.application.cairn.configuration.timeZone)
        return try await request.page(
            "Cancel the meeting?",
            MeetingPages.confirmCancel(
                meetingID: meetingID, group: view.group.name, day: day, told: told, csrf: request.csrfToken)
        ).encodeResponse(for: request)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request, errors: FormErrors())
    }

    package struct Typed: Sendable {
        var record: String?
        var themes: [String]?
        var attended: [String]?
        var move: MeetingMove?
    }

    private func page(
        _ request: Request, errors: FormErrors, typed: Typed? = nil, status: HTTPResponseStatus? = nil
    ) async throws -> HTMLPage {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let actor = try request.requireActor()
        let context = ServiceContext(request)
        let meetingID = try view.meeting.requireID()
        let places = try await MeetingPlace.query(on: request.db).filter(\.$meetingID == meetingID).all()
        let service = PeerGroupService(context: context)
        let (mine, position) = try await service.myPlace(at: meetingID)
        let mayReadRecord = Policy.decide(actor, .readMeetingRecord, on: .record(view.standing)) == .allow
        let mayRun = Policy.decide(actor, .runPeerGroups, on: .record(view.standing)) == .allow
        var record: String?
        if mayReadRecord, view.meeting.record != nil {
            record = try view.meeting.opened(\.$record, with: context.cipher)
            try await context.audit(
                PeerGroupsAudit.meetingRecordRead, resourceType: .peerMeeting, resourceID: meetingID.uuidString)
        }
        let members = mayRun ? try await service.members(of: view.group) : []
        let rota =
            mayRun && view.meeting.status == .planned
            ? try await service.presenterRota(for: view.meeting, in: view.group) : []
        // Who brings a case: those coming see who, the presenter may ask someone coming to swap, and the person
        // asked answers. Names of those coming are for people who come themselves (and the facilitators).
        let open = view.meeting.status == .planned && view.meeting.startsAt > context.now
        let isComing = mine?.status == .coming
        let coming = open && (isComing || mayRun) ? try await service.coming(to: view.meeting) : []
        var asked: PresenterSwap?
        var askedOfMe: [PresenterSwap] = []
        if open && isComing { (asked, askedOfMe) = try await service.swaps(at: meetingID) }
        var named: [UUID] = askedOfMe.map(\.fromPerson)
        if let presenter = view.meeting.presenterID { named.append(presenter) }
        if let asked { named.append(asked.toPerson) }
        let names = try await Accounts.displayNames(of: named, on: request.db)
        let turn = MeetingPages.Turn(
            presenterID: view.meeting.presenterID, names: names, coming: coming, asked: asked,
            askedOfMe: askedOfMe, me: actor.personID)
        let counts = (
            coming: places.filter { $0.status == .coming || $0.status == .attended }.count,
            waiting: places.filter { $0.status == .waiting }.count
        )
        return request.page(
            Forms.title("\(view.group.name): meeting", errors: errors),
            status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity),
            MeetingPages.meeting(
                view: view, mine: mine, position: position, counts: counts, record: typed?.record ?? record,
                mayReadRecord: mayReadRecord, mayRun: mayRun, members: members.map { ($0.member.personID, $0.name) },
                rota: rota, turn: turn,
                places: places, typed: typed, csrf: request.csrfToken, errors: errors,
                now: context.now, zone: request.application.cairn.configuration.timeZone))
    }

    private struct PlaceForm: Content {
        var intent: String?
    }

    @Sendable package func place(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let intent = try request.content.decode(PlaceForm.self).intent
        let service = PeerGroupService(context: ServiceContext(request))
        let outcome: PeerGroupService.PlaceOutcome
        switch intent {
        case "come": outcome = try await service.askForPlace(at: view.meeting, in: view.group)
        case "withdraw": outcome = try await service.withdraw(from: view.meeting, in: view.group)
        default: throw Abort(.badRequest, reason: "Say whether you will come or not.")
        }
        let done: Notice?
        switch outcome {
        case .coming: done = Self.coming
        case .waiting: done = Self.waiting
        case .withdrawn: done = Self.withdrawn
        case .unchanged: done = nil
        case .closed:
            var errors = FormErrors()
            errors.addConflict(
                "intent", "This meeting no longer takes changes: it has been held, cancelled or has passed")
            return try await page(request, errors: errors, status: .conflict).encodeResponse(for: request)
        }
        guard let done else {
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path, quietlyBecause: "nothing changed")
        }
        return request.redirect(to: SiteURL.meeting(view.meeting.id).path, notice: done)
    }

    private struct AttendanceForm: Content {
        var attended: [String]?
        var presenters: [String]?
        var version: Int?
    }

    @Sendable package func attendance(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let form = try request.content.decode(AttendanceForm.self)
        let attended = Set((form.attended ?? []).compactMap(UUID.init(uuidString:)))
        let presenters = Set((form.presenters ?? []).compactMap(UUID.init(uuidString:)))
        // The page always sends the version it showed: without one, nothing is changed (an empty post must not
        // clear who attended).
        guard let version = form.version else {
            var errors = FormErrors()
            errors.add("attended", "Open the meeting's page and record attendance there")
            return try await page(request, errors: errors).encodeResponse(for: request)
        }
        let result = try await PeerGroupService(context: ServiceContext(request)).recordAttendance(
            view.meeting, in: view.group, attended: attended, presenters: presenters, version: version)
        switch result {
        case .failure(let errors):
            return try await page(request, errors: errors, typed: Typed(attended: form.attended))
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
        }
    }

    private struct RecordForm: Content {
        var record: String?
        var themes: [String]?
        var version: Int?
    }

    @Sendable package func record(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let form = try request.content.decode(RecordForm.self)
        guard form.version != nil else {
            var errors = FormErrors()
            errors.add("record", "Open the meeting's page and write the record there")
            return try await page(request, errors: errors).encodeResponse(for: request)
        }
        let result = try await PeerGroupService(context: ServiceContext(request)).writeRecord(
            view.meeting, text: form.record ?? "", themes: form.themes ?? [], version: form.version)
        switch result {
        case .failure(let errors):
            return try await page(
                request, errors: errors, typed: Typed(record: form.record ?? "", themes: form.themes)
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
        }
    }

    private struct PresenterForm: Content {
        var presenter: String?
        var version: Int?
    }

    @Sendable package func presenter(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let form = try request.content.decode(PresenterForm.self)
        let chosen = (form.presenter ?? "").isEmpty ? nil : UUID(uuidString: form.presenter ?? "") ?? UUID()
        let result = try await PeerGroupService(context: ServiceContext(request)).namePresenter(
            chosen, at: view.meeting, in: view.group, version: form.version)
        switch result {
        case .failure(let errors):
            return try await page(request, errors: errors, status: errors.conflict != nil ? .conflict : nil)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
        }
    }

    private struct SwapForm: Content {
        var with: String?
        var decision: String?
    }

    @Sendable package func askToSwap(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let form = try request.content.decode(SwapForm.self)
        let result = try await PeerGroupService(context: ServiceContext(request)).askToSwap(
            at: view.meeting, in: view.group, with: UUID(uuidString: form.with ?? "") ?? UUID())
        switch result {
        case .failure(let errors):
            return try await page(request, errors: errors, status: errors.conflict != nil ? .conflict : nil)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
        }
    }

    @Sendable package func answerSwap(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let form = try request.content.decode(SwapForm.self)
        guard let swapID = request.parameters.get("swapID").flatMap(UUID.init(uuidString:)),
            form.decision == "accept" || form.decision == "decline"
        else { throw Abort(.badRequest, reason: "Say yes or no.") }
        let result = try await PeerGroupService(context: ServiceContext(request)).answerSwap(
            swapID, at: view.meeting, accept: form.decision == "accept")
        switch result {
        case .failure(let errors):
            return try await page(request, errors: errors, status: errors.conflict != nil ? .conflict : .notFound)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
        }
    }

    private struct MoveForm: Content {
        var day: String?
        var startTime: String?
        var minutes: String?
        var place: String?
        var version: Int?
    }

    @Sendable package func move(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let form = try request.content.decode(MoveForm.self)
        let move = MeetingMove(
            day: form.day ?? "", startTime: form.startTime ?? "", minutes: form.minutes ?? "", place: form.place ?? "")
        let result = try await PeerGroupService(context: ServiceContext(request)).move(
            view.meeting, in: view.group, to: move, version: form.version)
        switch result {
        case .failure(let errors):
            return try await page(
                request, errors: errors, typed: Typed(move: move),
                status: errors.conflict != nil ? .conflict : nil
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
        }
    }

    @Sendable package func cancel(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard try await PeerGroupService(context: ServiceContext(request)).cancel(view.meeting, in: view.group) else {
            var errors = FormErrors()
            errors.addConflict("cancel", "Only a planned meeting can be cancelled")
            return try await page(request, errors: errors, status: .conflict).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.meeting(view.meeting.id).path)
    }
}
