import CairnAPI
import CairnCore
import CairnPlatform
import Foundation
import OpenAPIRuntime
import Vapor

/// Erasure through the API (issue #20 item 2): the same service, record and audit as `/admin/erasure`.
extension APIHandler {
    package func previewErasure(_ input: Operations.PreviewErasure.Input) async throws
        -> Operations.PreviewErasure.Output
    {
        let request = try APIRequest.require()
        guard let id = UUID(uuidString: input.path.personId),
            let preview = try await ErasureService(request: request).preview(personID: id)
        else { throw Abort(.notFound) }
        return .ok(.init(body: .json(preview.api)))
    }

    package func erasePerson(_ input: Operations.ErasePerson.Input) async throws -> Operations.ErasePerson.Output {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let id = UUID(uuidString: input.path.personId) else { throw Abort(.notFound) }
        let service = ErasureService(request: request)
        switch try await service.erase(personID: id, reason: body.reason, confirm: body.confirm) {
        case .success(let plan):
            guard let person = try await Person.find(id, on: request.db) else { throw Abort(.notFound) }
            let done = ErasureService.Preview(
                personID: id, name: person.displayName, email: person.email, erased: true, plan: plan)
            return .ok(.init(body: .json(done.api)))
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        }
    }
}

extension ErasureService.Preview {
    var api: Components.Schemas.ErasurePlan {
        .init(
            personId: personID.uuidString.lowercased(), name: name, email: email, erased: erased,
            changed: plan.changed,
            kinds: plan.kinds.map { kind in
                .init(
                    kind: kind.table, action: .init(rawValue: kind.action) ?? .keep, rows: kind.rows,
                    shared: kind.shared,
                    files: kind.files, fields: kind.fields, why: kind.why)
            })
    }
}
