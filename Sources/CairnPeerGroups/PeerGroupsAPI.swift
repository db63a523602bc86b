import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Peer groups and reflections through the API (`openapi.yaml`, tag PeerGroups): the same services, rules and
/// gate as the pages.
extension APIHandler {
    package func listPeerGroups(_ input: Operations.ListPeerGroups.Input) async throws
        -> Operations.ListPeerGroups.Output
    {
        let request = try APIRequest.require()
        let (rows, paging) = try await PeerGroupService(context: ServiceContext(request)).groups(
            page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        groups: try rows.map { row in
                            try Self.peerGroup(
                                row.group, membership: row.membership, nextMeeting: row.nextMeeting,
                                invitation: row.invitation)
                        }))))
    }

    /// A group as the API gives it, with the caller's membership.
    static func peerGroup(
        _ group: PeerGroup, membership: PeerGroupMember?, nextMeeting: Date?, invitation: PeerGroupInvitation? = nil
    ) throws -> Components.Schemas.PeerGroup {
        let mine: Components.Schemas.PeerGroup.MyInvitationPayload =
            switch (invitation?.kind, invitation?.status) {
            case (nil, _), (_, nil): .none
            case (.invited, .open): .invited
            case (.asked, .open): .asked
            case (_, .letIn): .letIn
            case (_, .declined): .declined
            case (_, .joined): .joined
            default: .none
            }
        let standing: Components.Schemas.PeerGroup.MembershipPayload =
            switch membership {
            case nil: .none
            case let member? where member.kind == .facilitator: .facilitator
            case let member? where member.agreementVersion == group.agreementVersion: .member
            default: .agreementChanged
            }
        return .init(
            id: try group.requireID().uuidString.lowercased(), name: group.name, audience: group.audience,
            place: group.place, capacity: group.capacity, rule: group.rule.summary, rrule: group.rule.rrule,
            agreement: group.agreement, agreementVersion: group.agreementVersion, membership: standing,
            joining: .init(rawValue: group.joining.rawValue), myInvitation: mine, nextMeeting: nextMeeting)
    }

    /// A group as it stands now, for the caller.
    static func currentPeerGroup(_ groupID: UUID?, request: Request) async throws -> Components.Schemas.PeerGroup {
        guard let groupID, let group = try await PeerGroup.find(groupID, on: request.db) else {
            throw Abort(.notFound)
        }
        let actor = try request.requireActor()
        let membership = try await PeerGroupMember.query(on: request.db).filter(\.$groupID == groupID)
            .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).first()
        let next = try await PeerMeeting.query(on: request.db).filter(\.$groupID == groupID)
            .filter(\.$status == .planned).filter(\.$startsAt > request.application.cairn.collaborators.now())
            .sort(\.$startsAt).first()
        let invitation = try await PeerGroupInvitation.query(on: request.db).filter(\.$groupID == groupID)
            .filter(\.$personID == actor.personID).first()
        return try peerGroup(group, membership: membership, nextMeeting: next?.startsAt, invitation: invitation)
    }

    static func invitation(_ row: PeerGroupService.InvitationRow) throws -> Components.Schemas.PeerGroupInvitation {
        .init(
            id: try row.invitation.requireID().uuidString.lowercased(),
            personId: row.invitation.personID.uuidString.lowercased(), name: row.name,
            kind: .init(rawValue: row.invitation.kind.rawValue) ?? .invited,
            status: .init(rawValue: row.invitation.status.rawValue) ?? .open, createdAt: row.invitation.createdAt)
    }

    static func invitation(_ invitation: PeerGroupInvitation, request: Request) async throws
        -> Components.Schemas.PeerGroupInvitation
    {
        let names = try await Accounts.displayNames(of: [invitation.personID], on: request.db)
        return try Self.invitation(.init(invitation: invitation, name: names[invitation.personID] ?? "Someone"))
    }

    package func listPeerGroupInvitations(_ input: Operations.ListPeerGroupInvitations.Input) async throws
        -> Operations.ListPeerGroupInvitations.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        let (rows, paging) = try await PeerGroupService(context: ServiceContext(request)).invitations(
            of: group, page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        invitations: try rows.map(Self.invitation)))))
    }

    package func invitePeerGroupMember(_ input: Operations.InvitePeerGroupMember.Input) async throws
        -> Operations.InvitePeerGroupMember.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        switch try await PeerGroupService(context: ServiceContext(request)).invite(to: group, email: body.email) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.unprocessableEntity)
        case .success(let invitation):
            return .created(.init(body: .json(try await Self.invitation(invitation, request: request))))
        }
    }

    package func askToJoinPeerGroup(_ input: Operations.AskToJoinPeerGroup.Input) async throws
        -> Operations.AskToJoinPeerGroup.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        switch try await PeerGroupService(context: ServiceContext(request)).askToJoin(group) {
        case .failure(let errors):
            throw Abort(.conflict, reason: errors.entries.first?.message ?? "You cannot ask to join this group.")
        case .success(let invitation):
            return .created(.init(body: .json(try await Self.invitation(invitation, request: request))))
        }
    }

    package func answerPeerGroupJoinRequest(_ input: Operations.AnswerPeerGroupJoinRequest.Input) async throws
        -> Operations.AnswerPeerGroupJoinRequest.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let requestID = UUID(uuidString: input.path.joinRequestId) else { throw Abort(.notFound) }
        let service = PeerGroupService(context: ServiceContext(request))
        switch try await service.answer(requestID, in: group, letIn: body.letIn) {
        case .failure(let errors):
            if let conflict = errors.conflict { throw Abort(.conflict, reason: conflict.message) }
            throw Abort(.notFound, reason: errors.entries.first?.message ?? "No such request.")
        case .success(let invitation):
            return .ok(.init(body: .json(try await Self.invitation(invitation, request: request))))
        }
    }

    package func addPeerGroupFacilitator(_ input: Operations.AddPeerGroupFacilitator.Input) async throws
        -> Operations.AddPeerGroupFacilitator.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        guard let personID = UUID(uuidString: input.path.personId) else { throw Abort(.notFound) }
        if case .failure(let errors) = try await PeerGroupService(context: ServiceContext(request)).makeFacilitator(
            personID, of: group)
        {
            throw errors.refusal(jsonPointer: { _ in "/personId" }) ?? Abort(.unprocessableEntity)
        }
        return .ok(.init(body: .json(try await Self.currentPeerGroup(group.id, request: request))))
    }

    package func setPeerGroupJoining(_ input: Operations.SetPeerGroupJoining.Input) async throws
        -> Operations.SetPeerGroupJoining.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let joining = PeerGroup.Joining(rawValue: body.joining.rawValue) ?? .open
        try await PeerGroupService(context: ServiceContext(request)).setJoining(group, to: joining)
        return .ok(.init(body: .json(try await Self.currentPeerGroup(group.id, request: request))))
    }

    package func createPeerGroup(_ input: Operations.CreatePeerGroup.Input) async throws
        -> Operations.CreatePeerGroup.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var draft = PeerGroupDraft(
            name: body.name, audience: body.audience ?? "", capacity: String(body.capacity), place: body.place,
            ordinal: String(body.ordinal.rawValue), weekday: String(body.weekday), startTime: body.startTime,
            minutes: String(body.minutes), firstDay: body.firstDay)
        if let agreement = body.agreement { draft.agreement = agreement }
        draft.joining = body.joining?.rawValue ?? "open"
        switch try await PeerGroupService(context: ServiceContext(request)).create(draft) {
        case .failure(let refusal):
            throw ValidationFailure(refusal.problems, jsonPointer: \.jsonPointer)
        case .success(let group):
            return .created(.init(body: .json(try await Self.currentPeerGroup(group.id, request: request))))
        }
    }

    package func joinPeerGroup(_ input: Operations.JoinPeerGroup.Input) async throws
        -> Operations.JoinPeerGroup.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard body.acceptedVersion == group.agreementVersion else {
            throw Abort(
                .conflict,
                reason: "The group's agreement is at version \(group.agreementVersion): read it, then accept that one.")
        }
        if case .failure(let errors) = try await PeerGroupService(context: ServiceContext(request)).join(
            group, acceptedVersion: body.acceptedVersion)
        {
            throw errors.refusal(jsonPointer: { _ in "/acceptedVersion" }) ?? Abort(.unprocessableEntity)
        }
        return .ok(.init(body: .json(try await Self.currentPeerGroup(group.id, request: request))))
    }

    package func leavePeerGroup(_ input: Operations.LeavePeerGroup.Input) async throws
        -> Operations.LeavePeerGroup.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        try await PeerGroupService(context: ServiceContext(request)).leave(group)
        return .noContent(.init())
    }

    package func changePeerGroupAgreement(_ input: Operations.ChangePeerGroupAgreement.Input) async throws
        -> Operations.ChangePeerGroupAgreement.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let errors) = try await PeerGroupService(context: ServiceContext(request)).changeAgreement(
            group, to: body.agreement, version: body.version)
        {
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.unprocessableEntity)
        }
        return .ok(.init(body: .json(try await Self.currentPeerGroup(group.id, request: request))))
    }

    package func writeMeetingRecord(_ input: Operations.WriteMeetingRecord.Input) async throws
        -> Operations.WriteMeetingRecord.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PeerGroupService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.writeRecord(
            view.meeting, text: body.record, themes: body.themes, version: body.version)
        {
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.unprocessableEntity)
        }
        guard let meeting = try await PeerMeeting.find(view.meeting.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await service.summaries([meeting])[0])))
    }

    package func moveMeeting(_ input: Operations.MoveMeeting.Input) async throws -> Operations.MoveMeeting.Output {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PeerGroupService(context: ServiceContext(request))
        let move = MeetingMove(
            day: body.day, startTime: body.startTime, minutes: String(body.minutes), place: body.place ?? "")
        switch try await service.move(view.meeting, in: view.group, to: move, version: body.version) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.unprocessableEntity)
        case .success(let meeting):
            return .ok(.init(body: .json(try await service.summaries([meeting])[0])))
        }
    }

    static func swap(_ swap: PresenterSwap) throws -> Components.Schemas.PresenterSwap {
        .init(
            id: try swap.requireID().uuidString.lowercased(), meetingId: swap.meetingID.uuidString.lowercased(),
            fromPersonId: swap.fromPerson.uuidString.lowercased(), toPersonId: swap.toPerson.uuidString.lowercased(),
            status: .init(rawValue: swap.status.rawValue) ?? .open, createdAt: swap.createdAt)
    }

    package func nameMeetingPresenter(_ input: Operations.NameMeetingPresenter.Input) async throws
        -> Operations.NameMeetingPresenter.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let personID: UUID?
        if let text = body.personId {
            guard let id = UUID(uuidString: text) else {
                throw ValidationFailure(FormErrors.one("/personId", "Not a person's id"))
            }
            personID = id
        } else {
            personID = nil
        }
        let service = PeerGroupService(context: ServiceContext(request))
        switch try await service.namePresenter(personID, at: view.meeting, in: view.group, version: body.version) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { _ in "/personId" }) ?? Abort(.unprocessableEntity)
        case .success:
            guard let meeting = try await PeerMeeting.find(view.meeting.id, on: request.db) else {
                throw Abort(.notFound)
            }
            return .ok(.init(body: .json(try await service.summaries([meeting])[0])))
        }
    }

    package func askPresenterSwap(_ input: Operations.AskPresenterSwap.Input) async throws
        -> Operations.AskPresenterSwap.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let personID = UUID(uuidString: body.personId) else {
            throw ValidationFailure(FormErrors.one("/personId", "Not a person's id"))
        }
        switch try await PeerGroupService(context: ServiceContext(request)).askToSwap(
            at: view.meeting, in: view.group, with: personID)
        {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { _ in "/personId" }) ?? Abort(.unprocessableEntity)
        case .success(let swap):
            return .created(.init(body: .json(try Self.swap(swap))))
        }
    }

    package func answerPresenterSwap(_ input: Operations.AnswerPresenterSwap.Input) async throws
        -> Operations.AnswerPresenterSwap.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let swapID = UUID(uuidString: input.path.swapId) else { throw Abort(.notFound) }
        switch try await PeerGroupService(context: ServiceContext(request)).answerSwap(
            swapID, at: view.meeting, accept: body.accept)
        {
        case .failure(let errors):
            if let conflict = errors.conflict { throw Abort(.conflict, reason: conflict.message) }
            throw Abort(.notFound, reason: errors.entries.first?.message ?? "No such request.")
        case .success(let swap):
            return .ok(.init(body: .json(try Self.swap(swap))))
        }
    }

    package func cancelPeerMeeting(_ input: Operations.CancelPeerMeeting.Input) async throws
        -> Operations.CancelPeerMeeting.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        let service = PeerGroupService(context: ServiceContext(request))
        guard try await service.cancel(view.meeting, in: view.group) else {
            throw Abort(.conflict, reason: "Only a planned meeting can be cancelled.")
        }
        guard let meeting = try await PeerMeeting.find(view.meeting.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await service.summaries([meeting])[0])))
    }

    package func listPeerGroupMeetings(_ input: Operations.ListPeerGroupMeetings.Input) async throws
        -> Operations.ListPeerGroupMeetings.Output
    {
        let request = try APIRequest.require()
        let group = try request.authorisedRecord(PeerGroup.self)
        let service = PeerGroupService(context: ServiceContext(request))
        let meetings = try await service.recentAndNext(of: group)
        return .ok(.init(body: .json(try await service.summaries(meetings))))
    }

    package func setMeetingPlace(_ input: Operations.SetMeetingPlace.Input) async throws
        -> Operations.SetMeetingPlace.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PeerGroupService(context: ServiceContext(request))
        let outcome =
            body.coming
            ? try await service.askForPlace(at: view.meeting, in: view.group)
            : try await service.withdraw(from: view.meeting, in: view.group)
        if outcome == .closed {
            throw Abort(
                .conflict, reason: "This meeting no longer takes changes: it has been held, cancelled or has passed.")
        }
        let (mine, position) = try await service.myPlace(at: view.meeting.requireID())
        return .ok(
            .init(
                body: .json(
                    .init(
                        status: Components.Schemas.MeetingPlace.StatusPayload(
                            rawValue: mine?.status.rawValue ?? "none") ?? .none, position: position))))
    }

    package func recordMeetingAttendance(_ input: Operations.RecordMeetingAttendance.Input) async throws
        -> Operations.RecordMeetingAttendance.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(PeerGroupAccess.MeetingView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        var attended: Set<UUID> = []
        var presenters: Set<UUID> = []
        var errors = FormErrors()
        for (index, text) in body.attended.enumerated() {
            guard let id = UUID(uuidString: text) else {
                errors.add("/attended/\(index)", "Not a person's id")
                continue
            }
            attended.insert(id)
        }
        for (index, text) in (body.presenters ?? []).enumerated() {
            guard let id = UUID(uuidString: text) else {
                errors.add("/presenters/\(index)", "Not a person's id")
                continue
            }
            presenters.insert(id)
        }
        if let refusal = errors.refusal { throw refusal }
        let service = PeerGroupService(context: ServiceContext(request))
        let result = try await service.recordAttendance(
            view.meeting, in: view.group, attended: attended, presenters: presenters.intersection(attended))
        if case .failure(let errors) = result, let refusal = errors.refusal(jsonPointer: { "/\($0)" }) {
            throw refusal
        }
        guard let meeting = try await PeerMeeting.find(view.meeting.id, on: request.db) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(try await service.summaries([meeting])[0])))
    }

    package func listReflectionModels(_ input: Operations.ListReflectionModels.Input) async throws
        -> Operations.ListReflectionModels.Output
    {
        let request = try APIRequest.require()
        let models = try await ReflectionService(context: ServiceContext(request)).models()
        return .ok(.init(body: .json(models.map(\.api))))
    }

    package func addReflectionModel(_ input: Operations.AddReflectionModel.Input) async throws
        -> Operations.AddReflectionModel.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = ReflectionTemplateDraft(
            title: body.title, citation: body.citation ?? "",
            stages: body.stages.map { .init(title: $0.title, prompt: $0.prompt ?? "") })
        switch try await ReflectionService(context: ServiceContext(request)).addTemplate(draft) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { field in
                // stage-N-title → /stages/N-1/title
                let parts = field.split(separator: "-")
                if parts.count == 3, parts[0] == "stage", let number = Int(parts[1]) {
                    return "/stages/\(number - 1)/\(parts[2])"
                }
                return "/" + field
            }) ?? Abort(.unprocessableEntity)
        case .success(let model):
            return .created(.init(body: .json(model.api)))
        }
    }

    package func listReflections(_ input: Operations.ListReflections.Input) async throws
        -> Operations.ListReflections.Output
    {
        let request = try APIRequest.require()
        let (rows, paging) = try await ReflectionService(context: ServiceContext(request)).mine(
            page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        reflections: try rows.map { try $0.api }))))
    }

    package func createReflection(_ input: Operations.CreateReflection.Input) async throws
        -> Operations.CreateReflection.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = ReflectionService(context: ServiceContext(request))
        let draft = try await Self.reflectionDraft(
            model: body.model, title: body.title, answers: body.answers.additionalProperties,
            codeThemes: (body.codeThemes ?? []).map(\.rawValue), meetingId: body.meetingId,
            cpdMinutes: body.cpdMinutes, writtenOn: body.writtenOn, service: service)
        // A meeting the caller did not attend does not exist for them (the page says so beside the field instead).
        if let meetingID = draft.meetingID, try await !service.attended(meetingID) {
            throw Abort(.notFound, reason: "No meeting you attended has that id.")
        }
        switch try await service.save(draft) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: ReflectionService.jsonPointer) ?? Abort(.unprocessableEntity)
        case .success(let reflection):
            return .created(.init(body: .json(try await service.open(reflection).api)))
        }
    }

    package func changeReflection(_ input: Operations.ChangeReflection.Input) async throws
        -> Operations.ChangeReflection.Output
    {
        let request = try APIRequest.require()
        let reflection = try request.authorisedRecord(Reflection.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = ReflectionService(context: ServiceContext(request))
        let draft = try await Self.reflectionDraft(
            model: body.model, title: body.title, answers: body.answers.additionalProperties,
            codeThemes: (body.codeThemes ?? []).map(\.rawValue), meetingId: body.meetingId,
            cpdMinutes: body.cpdMinutes, writtenOn: body.writtenOn, service: service)
        if let meetingID = draft.meetingID, try await !service.attended(meetingID) {
            throw Abort(.notFound, reason: "No meeting you attended has that id.")
        }
        switch try await service.save(draft, existing: reflection, version: body.version) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: ReflectionService.jsonPointer) ?? Abort(.unprocessableEntity)
        case .success(let saved):
            return .ok(.init(body: .json(try await service.open(saved).api)))
        }
    }

    /// A reflection as sent, checked for what the contract cannot say: stage ids of its model, no blank answer.
    static func reflectionDraft(
        model: String, title: String, answers: [String: String], codeThemes: [String], meetingId: String?,
        cpdMinutes: Int?, writtenOn: String, service: ReflectionService
    ) async throws -> ReflectionService.Draft {
        // A model is one Cairn ships or one of the caller's organisation's own: another organisation's, or none,
        // does not exist for them (the contract's pattern refuses anything that is not a model's id).
        guard let resolved = try await service.model(named: model) else {
            if UUID(uuidString: model) != nil {
                throw Abort(.notFound, reason: "Your organisation has no reflective model with that id.")
            }
            throw ValidationFailure(FormErrors.one("/model", "Choose a reflective model"))
        }
        let draft = ReflectionService.Draft(
            model: model, title: title, answers: answers, codeThemes: codeThemes,
            meetingID: try meetingId.map { text in
                guard let id = UUID(uuidString: text) else {
                    throw ValidationFailure(FormErrors.one("/meetingId", "Not a meeting's id"))
                }
                return id
            }, cpdMinutes: cpdMinutes.map(String.init) ?? "", writtenOn: writtenOn)
        // Stage ids the model does not have, and blank answers, are refused (the contract lists each model's ids).
        var errors = FormErrors()
        let stages = Set(resolved.stages.map(\.id))
        for (key, value) in draft.answers.sorted(by: { $0.key < $1.key }) {
            if !stages.contains(key) { errors.add("/answers/\(key)", "Not a stage of the \(resolved.title) model") }
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.add("/answers/\(key)", "Write something, or leave the stage out")
            }
        }
        if codeThemes.count > 4 { errors.add("/codeThemes", "At most the Code's four themes") }
        if let refusal = errors.refusal { throw refusal }
        return draft
    }

    package func getReflection(_ input: Operations.GetReflection.Input) async throws
        -> Operations.GetReflection.Output
    {
        let request = try APIRequest.require()
        let reflection = try request.authorisedRecord(Reflection.self)
        let context = ServiceContext(request)
        let opened = try await ReflectionService(context: context).open(reflection)
        try await context.audit(
            PeerGroupsAudit.reflectionRead, resourceType: .reflection, resourceID: reflection.id?.uuidString,
            subject: reflection.authorID)
        return .ok(.init(body: .json(try opened.api)))
    }
}

extension FormErrors {
    /// One error (for an API field a form never has).
    static func one(_ field: String, _ message: String) -> FormErrors {
        var errors = FormErrors()
        errors.add(field, message)
        return errors
    }
}

extension ReflectionService {
    /// A form field's JSON pointer in `ReflectionRequest`.
    static func jsonPointer(_ field: String) -> String {
        if field.hasPrefix("answer-") { return "/answers/" + field.dropFirst("answer-".count) }
        if field == "meeting" { return "/meetingId" }
        return "/" + field
    }
}

extension ReflectionService.Opened {
    var api: Components.Schemas.Reflection {
        get throws {
            .init(
                id: try reflection.requireID().uuidString.lowercased(), model: model.id, title: content.title,
                writtenOn: reflection.writtenOn, cpdMinutes: reflection.cpdMinutes,
                meetingId: reflection.meetingID?.uuidString.lowercased(),
                stages: model.stages.compactMap { stage in
                    content.answers[stage.id].map { .init(id: stage.id, title: stage.title, answer: $0) }
                }, codeThemes: content.codeThemes.map(\.rawValue), version: reflection.version)
        }
    }
}

extension PeerGroupService {
    /// Meetings as the API shows them, with the caller's place and the waiting count, counted in SQL.
    func summaries(_ meetings: [PeerMeeting]) async throws -> [Components.Schemas.PeerMeeting] {
        let actor = try context.requireActor()
        let ids = meetings.compactMap(\.id)
        let mine = try await MeetingPlace.query(on: context.database).filter(\.$meetingID ~~ ids)
            .filter(\.$personID == actor.personID).all()
        var waiting: [UUID: Int] = [:]
        if !ids.isEmpty {
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.select().column("meeting_id")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "waiting").from(MeetingPlace.schema)
                .where(SQLColumn("meeting_id"), .in, SQLBind.group(ids))
                .where("status", .equal, SQLBind(MeetingPlace.Status.waiting.rawValue)).groupBy("meeting_id").all()
            for row in rows {
                waiting[try row.decode(column: "meeting_id", as: UUID.self)] = try row.decode(
                    column: "waiting", as: Int.self)
            }
        }
        let groups = try await PeerGroup.query(on: context.database).filter(\.$id ~~ Set(meetings.map(\.groupID)))
            .all()
        let asked = try await PresenterSwap.query(on: context.database).filter(\.$meetingID ~~ ids)
            .filter(\.$toPerson == actor.personID).filter(\.$status == .open).all()
        return try meetings.map { meeting in
            let id = try meeting.requireID()
            let place = mine.first { $0.meetingID == id }?.status.rawValue ?? "none"
            return .init(
                id: id.uuidString.lowercased(), startsAt: meeting.startsAt, minutes: meeting.minutes,
                status: .init(rawValue: meeting.status.rawValue) ?? .planned, taken: meeting.taken,
                waiting: waiting[id] ?? 0,
                myPlace: Components.Schemas.PeerMeeting.MyPlacePayload(rawValue: place) ?? .none,
                place: meeting.place ?? groups.first { $0.id == meeting.groupID }?.place,
                movedFrom: meeting.movedFrom, youPresent: meeting.presenterID == actor.personID,
                swapsAskedOfYou: try asked.filter { $0.meetingID == id }.map(APIHandler.swap),
                themes: meeting.themeList.map(\.rawValue), version: meeting.version)
        }
    }
}

extension ReflectiveModel {
    var api: Components.Schemas.ReflectionModel {
        .init(
            id: id, title: title, citation: citation, own: ReflectiveModel.named(id) == nil,
            stages: stages.map { .init(id: $0.id, title: $0.title, prompt: $0.prompt) })
    }
}
