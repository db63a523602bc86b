import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Supervision meetings and role descriptions through the API (`openapi.yaml`, tag Induction): the same services,
/// rules and gate as the pages.
extension APIHandler {
    package func listSupervisionMeetings(_ input: Operations.ListSupervisionMeetings.Input) async throws
        -> Operations.ListSupervisionMeetings.Output
    {
        let request = try APIRequest.require()
        let induction = try request.authorisedRecord(Induction.self)
        let meetings = try await SupervisionService(context: ServiceContext(request)).meetings(of: induction)
        return .ok(
            .init(
                body: .json(
                    try meetings.map { meeting in
                        .init(
                            id: try meeting.requireID().uuidString.lowercased(), day: meeting.day,
                            startsAt: meeting.startsAt, minutes: meeting.minutes,
                            status: .init(rawValue: meeting.status.rawValue) ?? .planned)
                    })))
    }

    package func getSupervisionMeeting(_ input: Operations.GetSupervisionMeeting.Input) async throws
        -> Operations.GetSupervisionMeeting.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        return .ok(.init(body: .json(try await Self.supervision(view.meeting, request: request))))
    }

    static func supervision(_ meeting: SupervisionMeeting, request: Request) async throws
        -> Components.Schemas.SupervisionMeeting
    {
        let service = SupervisionService(context: ServiceContext(request))
        let (topics, record) = try service.opened(meeting)
        return .init(
            id: try meeting.requireID().uuidString.lowercased(), day: meeting.day, startsAt: meeting.startsAt,
            minutes: meeting.minutes, status: .init(rawValue: meeting.status.rawValue) ?? .planned,
            version: meeting.version, topics: topics, record: record,
            privateNote: try await service.myPrivateNote(on: meeting),
            actions: try await service.actions(of: meeting).map { entry in
                .init(
                    id: try entry.action.requireID().uuidString.lowercased(), text: entry.text,
                    owner: .init(rawValue: entry.action.owner.rawValue) ?? .inductee, dueOn: entry.action.dueOn,
                    doneOn: entry.action.doneOn)
            })
    }

    package func recordSupervisionMeeting(_ input: Operations.RecordSupervisionMeeting.Input) async throws
        -> Operations.RecordSupervisionMeeting.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = SupervisionService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.record(
            SupervisionRecordDraft(topics: body.topics, record: body.record ?? ""), on: view.meeting,
            version: body.version)
        {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let meeting = try await SupervisionMeeting.find(view.meeting.id, on: request.db) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(try await Self.supervision(meeting, request: request))))
    }

    package func addSupervisionAction(_ input: Operations.AddSupervisionAction.Input) async throws
        -> Operations.AddSupervisionAction.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = SupervisionActionDraft(text: body.text, owner: body.owner.rawValue, dueOn: body.dueOn)
        if case .failure(let errors) = try await SupervisionService(context: ServiceContext(request)).addAction(
            draft, to: view.meeting)
        {
            let pointer: [String: String] = ["actionText": "/text", "actionOwner": "/owner", "actionDue": "/dueOn"]
            throw errors.refusal(jsonPointer: { pointer[$0] ?? "/\($0)" }) ?? Abort(.badRequest)
        }
        return .created(.init(body: .json(try await Self.supervision(view.meeting, request: request))))
    }

    package func setSupervisionPrivateNote(_ input: Operations.SetSupervisionPrivateNote.Input) async throws
        -> Operations.SetSupervisionPrivateNote.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        // The contract's limit, counted as it counts (characters are Unicode scalars there), before the page's rule.
        guard body.note.unicodeScalars.count <= 4_000 else {
            throw Abort(.badRequest, reason: "note: at most 4,000 characters.")
        }
        if case .failure(let errors) = try await SupervisionService(context: ServiceContext(request)).savePrivateNote(
            body.note, on: view.meeting)
        {
            throw errors.refusal(jsonPointer: { $0 == "privateNote" ? "/note" : "/" + $0 }) ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.supervision(view.meeting, request: request))))
    }

    package func completeSupervisionAction(_ input: Operations.CompleteSupervisionAction.Input) async throws
        -> Operations.CompleteSupervisionAction.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard let actionID = UUID(uuidString: input.path.actionId),
            try await SupervisionAction.query(on: request.db).filter(\.$id == actionID)
                .filter(\.$meetingID == view.meeting.requireID()).first() != nil
        else { throw Abort(.notFound) }
        _ = try await SupervisionService(context: ServiceContext(request)).markDone(actionID, on: view.meeting)
        return .ok(.init(body: .json(try await Self.supervision(view.meeting, request: request))))
    }

    package func moveSupervisionMeeting(_ input: Operations.MoveSupervisionMeeting.Input) async throws
        -> Operations.MoveSupervisionMeeting.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let errors) = try await SupervisionService(context: ServiceContext(request)).move(
            view.meeting, day: body.day, time: body.time, version: body.version)
        {
            let pointer = ["moveDay": "/day", "moveTime": "/time"]
            throw errors.refusal(jsonPointer: { pointer[$0] ?? "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let meeting = try await SupervisionMeeting.find(view.meeting.id, on: request.db) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(try await Self.supervision(meeting, request: request))))
    }

    package func cancelSupervisionMeeting(_ input: Operations.CancelSupervisionMeeting.Input) async throws
        -> Operations.CancelSupervisionMeeting.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.SupervisionView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let errors) = try await SupervisionService(context: ServiceContext(request)).cancel(
            view.meeting, version: body.version)
        {
            throw errors.refusal(jsonPointer: { _ in "/version" }) ?? Abort(.badRequest)
        }
        guard let meeting = try await SupervisionMeeting.find(view.meeting.id, on: request.db) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(try await Self.supervision(meeting, request: request))))
    }

    package func listRoleDescriptions(_ input: Operations.ListRoleDescriptions.Input) async throws
        -> Operations.ListRoleDescriptions.Output
    {
        let request = try APIRequest.require()
        let descriptions = try await RoleDescriptionService(context: ServiceContext(request)).all()
        return .ok(
            .init(
                body: .json(
                    try descriptions.map { description in
                        .init(
                            id: try description.requireID().uuidString.lowercased(),
                            role: .init(rawValue: description.role.rawValue) ?? .medicalSupportWorker,
                            department: description.department, duties: description.duties,
                            limits: description.limits, whoToAsk: description.whoToAsk, version: description.version)
                    })))
    }
}
