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
            kinds: plan.kinds.map(\.api))
    }
}

/// Retention rules through the API (issue #20 item 2): the same service and audit as `/admin/retention`.
extension APIHandler {
    package func listRetentionRules(_ input: Operations.ListRetentionRules.Input) async throws
        -> Operations.ListRetentionRules.Output
    {
        let request = try APIRequest.require()
        let service = RetentionService(request: request)
        var rules: [Components.Schemas.RetentionRule] = []
        for rule in try await service.rules() { rules.append(rule.api(due: try await service.due(rule).count)) }
        return .ok(.init(body: .json(.init(rules: rules))))
    }

    package func setRetentionRule(_ input: Operations.SetRetentionRule.Input) async throws
        -> Operations.SetRetentionRule.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = RetentionService(request: request)
        switch try await service.setRule(input.path.kind, years: body.years, automatic: body.automatic) {
        case .success(let rule):
            return .ok(.init(body: .json(rule.api(due: try await service.due(rule).count))))
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        }
    }

    package func retentionDryRun(_ input: Operations.RetentionDryRun.Input) async throws
        -> Operations.RetentionDryRun.Output
    {
        let request = try APIRequest.require()
        guard let outcome = try await RetentionService(request: request).dryRun(input.path.kind) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(outcome.api)))
    }

    package func applyRetentionRule(_ input: Operations.ApplyRetentionRule.Input) async throws
        -> Operations.ApplyRetentionRule.Output
    {
        let request = try APIRequest.require()
        guard let outcome = try await RetentionService(request: request).apply(input.path.kind) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(outcome.api)))
    }
}

extension PersonalDataErasure.Kind {
    var api: Components.Schemas.ErasureKind {
        .init(
            kind: table, action: .init(rawValue: action) ?? .keep, rows: rows, shared: shared, files: files,
            fields: fields, why: why)
    }
}

extension RetentionService.Rule {
    func api(due: Int) -> Components.Schemas.RetentionRule {
        .init(
            kind: kind.id, title: kind.title, table: kind.table, after: kind.after, years: years, automatic: automatic,
            set: set, due: due)
    }
}

extension RetentionService.Outcome {
    var api: Components.Schemas.RetentionOutcome {
        .init(kind: rule.kind.id, records: records, kinds: plan.kinds.map(\.api))
    }
}
