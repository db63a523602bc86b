import CairnAPI
import CairnCore
import CairnPlatform
import Foundation
import OpenAPIRuntime
import Vapor

/// Subject access through the API (issue #20 item 1): the same service, audit and rules as `/account/data` and
/// `/admin/subject-access`.
extension APIHandler {
    package func exportOwnData(_ input: Operations.ExportOwnData.Input) async throws -> Operations.ExportOwnData.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let archive = try await SubjectAccessService(request: request).export(personID: actor.personID)
        return .ok(.init(body: .applicationZip(HTTPBody(archive.data))))
    }

    package func listSubjectAccessRequests(_ input: Operations.ListSubjectAccessRequests.Input) async throws
        -> Operations.ListSubjectAccessRequests.Output
    {
        let request = try APIRequest.require()
        let found = try await SubjectAccessService(request: request).requests(page: input.query.page ?? 1)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: found.paging.total, page: found.paging.page, pageCount: found.paging.pageCount,
                        requests: found.rows.map(\.api)))))
    }

    package func recordSubjectAccessRequest(_ input: Operations.RecordSubjectAccessRequest.Input) async throws
        -> Operations.RecordSubjectAccessRequest.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = SubjectAccessService(request: request)
        let new = SubjectAccessService.NewRequest(
            email: body.email, askedBy: body.askedBy, receivedOn: body.receivedOn)
        switch try await service.record(new) {
        case .success(let id):
            guard let row = try await service.requestRow(id) else { throw Abort(.notFound) }
            return .created(.init(body: .json(row.api)))
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        }
    }

    package func exportSubjectAccessRequest(_ input: Operations.ExportSubjectAccessRequest.Input) async throws
        -> Operations.ExportSubjectAccessRequest.Output
    {
        let request = try APIRequest.require()
        guard let id = UUID(uuidString: input.path.subjectAccessRequestId) else { throw Abort(.notFound) }
        let service = SubjectAccessService(request: request)
        guard let row = try await service.request(id) else { throw Abort(.notFound) }
        let archive = try await service.export(personID: row.personID, answering: id)
        return .ok(.init(body: .applicationZip(HTTPBody(archive.data))))
    }

    package func getDisclosureRules(_ input: Operations.GetDisclosureRules.Input) async throws
        -> Operations.GetDisclosureRules.Output
    {
        let request = try APIRequest.require()
        return .ok(.init(body: .json(try await Self.disclosureRules(SubjectAccessService(request: request)))))
    }

    package func setDisclosureRules(_ input: Operations.SetDisclosureRules.Input) async throws
        -> Operations.SetDisclosureRules.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = SubjectAccessService(request: request)
        var new: [String: SubjectAccessExport.Disclosure] = [:]
        for (index, item) in body.rules.enumerated() {
            guard new[item.kind] == nil else {
                throw ValidationFailure(field: "/rules/\(index)/kind", messages: ["\(item.kind) is named twice"])
            }
            new[item.kind] = item.rule == .withhold ? .withhold : .include
        }
        if let errors = try await service.setRules(new) {
            let kinds = body.rules.map(\.kind)
            throw errors.refusal(jsonPointer: { kind in "/rules/\(kinds.firstIndex(of: kind) ?? 0)/kind" })
                ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.disclosureRules(service))))
    }

    private static func disclosureRules(_ service: SubjectAccessService) async throws
        -> Components.Schemas.DisclosureRules
    {
        let rules = try await service.rules()
        return .init(
            rules: service.ruledKinds.map { kind in
                .init(kind: kind, rule: rules[kind] == .withhold ? .withhold : .include)
            })
    }
}

extension SubjectAccessService.RequestRow {
    var api: Components.Schemas.SubjectAccessRequestRecord {
        .init(
            id: id.uuidString.lowercased(), personId: personID.uuidString.lowercased(), name: name, email: email,
            askedBy: askedBy, receivedOn: receivedOn, dueOn: dueOn, answeredAt: answeredAt, overdue: overdue)
    }
}
