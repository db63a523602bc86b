import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Role descriptions written and acknowledged through the API, and the standard templates set up: the pages'
/// services and rules.
extension APIHandler {
    private static func api(_ description: RoleDescription) throws -> Components.Schemas.RoleDescription {
        .init(
            id: try description.requireID().uuidString.lowercased(),
            role: .init(rawValue: description.role.rawValue) ?? .medicalSupportWorker,
            department: description.department, duties: description.duties, limits: description.limits,
            whoToAsk: description.whoToAsk, version: description.version)
    }

    private static func requireWithinLimits(_ texts: [(String, String, Int)]) throws {
        for (name, text, limit) in texts where text.unicodeScalars.count > limit {
            throw Abort(.badRequest, reason: "\(name): at most \(limit) characters.")
        }
    }

    package func createRoleDescription(_ input: Operations.CreateRoleDescription.Input) async throws
        -> Operations.CreateRoleDescription.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireWithinLimits([
            ("department", body.department ?? "", 120), ("duties", body.duties, 4_000), ("limits", body.limits, 4_000),
            ("whoToAsk", body.whoToAsk, 4_000),
        ])
        let draft = RoleDescriptionDraft(
            role: body.role.rawValue, department: body.department ?? "", duties: body.duties, limits: body.limits,
            whoToAsk: body.whoToAsk)
        switch try await RoleDescriptionService(context: ServiceContext(request)).create(draft) {
        case .failure(let errors): throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        case .success(let description): return .created(.init(body: .json(try Self.api(description))))
        }
    }

    package func changeRoleDescription(_ input: Operations.ChangeRoleDescription.Input) async throws
        -> Operations.ChangeRoleDescription.Output
    {
        let request = try APIRequest.require()
        let description = try request.authorisedRecord(RoleDescription.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try Self.requireWithinLimits([
            ("duties", body.duties, 4_000), ("limits", body.limits, 4_000), ("whoToAsk", body.whoToAsk, 4_000),
        ])
        let draft = RoleDescriptionDraft(duties: body.duties, limits: body.limits, whoToAsk: body.whoToAsk)
        if case .failure(let errors) = try await RoleDescriptionService(context: ServiceContext(request)).change(
            description, to: draft, version: body.version)
        {
            throw errors.refusal(jsonPointer: { "/" + $0 }) ?? Abort(.badRequest)
        }
        let saved = try await RoleDescription.find(description.requireID(), on: request.db) ?? description
        return .ok(.init(body: .json(try Self.api(saved))))
    }

    package func acknowledgeRoleDescription(_ input: Operations.AcknowledgeRoleDescription.Input) async throws
        -> Operations.AcknowledgeRoleDescription.Output
    {
        let request = try APIRequest.require()
        let induction = try request.authorisedRecord(Induction.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = RoleDescriptionService(context: ServiceContext(request))
        guard let description = try await service.applying(to: induction) else {
            throw Abort(.notFound, reason: "No role description applies to this induction.")
        }
        if case .failure(let errors) = try await service.acknowledge(description, version: body.version) {
            throw errors.refusal(jsonPointer: { _ in "/version" }) ?? Abort(.conflict)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        roleDescriptionId: try description.requireID().uuidString.lowercased(),
                        version: description.version))))
    }

    package func setUpInductionTemplates(_ input: Operations.SetUpInductionTemplates.Input) async throws
        -> Operations.SetUpInductionTemplates.Output
    {
        let request = try APIRequest.require()
        let service = InductionService(context: ServiceContext(request))
        try await service.setUpStandardTemplates()
        var templates: [Components.Schemas.InductionTemplate] = []
        for (template, _) in try await service.templates() {
            templates.append(try await Self.template(template, service: service))
        }
        return .ok(.init(body: .json(templates)))
    }
}
