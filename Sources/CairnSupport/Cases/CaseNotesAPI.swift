import CairnAPI
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// A case's notes and messages through the API (issue #14): the same services, sealing, emails and audit as the
/// case page and `/my-support`, paged in SQL.
extension APIHandler {
    static let conversationPageSize = 50

    package func listCaseNotes(_ input: Operations.ListCaseNotes.Input) async throws -> Operations.ListCaseNotes.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        let service = CaseService(request: request)
        let paging = Paging(
            total: try await service.noteCount(of: record), pageSize: Self.conversationPageSize,
            requested: input.query.page ?? 1)
        let notes = try await service.notes(of: record, range: paging.offset..<(paging.offset + paging.pageSize))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        notes: notes.map {
                            .init(
                                author: $0.author, writtenAt: $0.written, body: $0.body, sharedWithClinician: $0.shared)
                        }))))
    }

    package func addCaseNote(_ input: Operations.AddCaseNote.Input) async throws -> Operations.AddCaseNote.Output {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let shared = body.sharedWithClinician ?? false
        let errors = try await CaseService(request: request).addNote(to: record, body: body.body, shared: shared)
        if let refusal = errors.refusal(jsonPointer: { "/" + $0 }) { throw refusal }
        let actor = try request.requireActor()
        return .created(
            .init(
                body: .json(
                    .init(
                        author: actor.displayName, writtenAt: request.application.cairn.collaborators.now(),
                        body: body.body.trimmingCharacters(in: .whitespacesAndNewlines), sharedWithClinician: shared))))
    }

    package func listCaseMessages(_ input: Operations.ListCaseMessages.Input) async throws
        -> Operations.ListCaseMessages.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        let conversation = CaseConversation(request: request)
        let paging = Paging(
            total: try await conversation.messageCount(of: record), pageSize: Self.conversationPageSize,
            requested: input.query.page ?? 1)
        let messages = try await conversation.messages(
            of: record, range: paging.offset..<(paging.offset + paging.pageSize))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        messages: messages.map {
                            .init(sender: $0.sender, fromClinician: $0.fromClinician, sentAt: $0.sent, body: $0.body)
                        }))))
    }

    package func sendCaseMessage(_ input: Operations.SendCaseMessage.Input) async throws
        -> Operations.SendCaseMessage.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        return .created(.init(body: .json(try await Self.send(body.body, request: request))))
    }

    package func sendOwnCaseMessage(_ input: Operations.SendOwnCaseMessage.Input) async throws
        -> Operations.SendOwnCaseMessage.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        return .created(.init(body: .json(try await Self.send(body.body, request: request))))
    }

    private static func send(_ text: String, request: Request) async throws -> Components.Schemas.CaseMessage {
        let record = try request.authorisedRecord(SupportCase.self)
        let errors = try await CaseConversation(request: request).send(text, on: record)
        if let refusal = errors.refusal(jsonPointer: { $0 == "message" ? "/body" : "/" + $0 }) { throw refusal }
        let actor = try request.requireActor()
        return .init(
            sender: actor.displayName, fromClinician: actor.personID == record.clinicianID,
            sentAt: request.application.cairn.collaborators.now(),
            body: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
