import CairnAPI
import CairnCore
import CairnPlatform
import Fluent
import Vapor

/// `/api/v1/people`: what an administrator does at `/admin/people`, through the same service (issue #14: invitations
/// and role grants were forms only, so every invited person had to be set up on the web first).
extension APIHandler {
    package func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        let request = try APIRequest.require()
        let filter = AdminService.PeopleFilter(
            role: input.query.role.flatMap { Role(rawValue: $0.rawValue) },
            status: input.query.status.flatMap { Person.Status(rawValue: $0.rawValue) })
        let found = try await AdminService(request: request).find(
            query: String((input.query.q ?? "").prefix(100)), filter: filter,
            page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: found.paging.total, page: found.paging.page, pageCount: found.paging.pageCount,
                        people: found.rows.map(\.api)))))
    }

    package func invitePerson(_ input: Operations.InvitePerson.Input) async throws -> Operations.InvitePerson.Output {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let invitation = AdminService.Invitation(
            name: body.name, email: body.email, roles: Set(body.roles.compactMap { Role(rawValue: $0.rawValue) }))
        let service = AdminService(request: request)
        switch try await service.invite(invitation, by: actor) {
        case .success(let id):
            guard let row = try await service.person(id) else { throw Abort(.notFound) }
            return .created(.init(body: .json(row.api)))
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { $0 == "displayName" ? "/name" : "/" + $0 }) ?? Abort(.badRequest)
        }
    }

    package func setPersonRoles(_ input: Operations.SetPersonRoles.Input) async throws
        -> Operations.SetPersonRoles.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let id = UUID(uuidString: input.path.personId) else { throw Abort(.notFound) }
        let service = AdminService(request: request)
        let roles = Set(body.roles.compactMap { Role(rawValue: $0.rawValue) })
        try Self.settle(try await service.setRoles(of: id, to: roles, by: actor))
        guard let row = try await service.person(id) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(row.api)))
    }

    package func setPersonStatus(_ input: Operations.SetPersonStatus.Input) async throws
        -> Operations.SetPersonStatus.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard let id = UUID(uuidString: input.path.personId) else { throw Abort(.notFound) }
        let service = AdminService(request: request)
        try Self.settle(try await service.setStatus(of: id, disabled: body.disabled, by: actor))
        guard let row = try await service.person(id) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(row.api)))
    }

    package func listAuditEntries(_ input: Operations.ListAuditEntries.Input) async throws
        -> Operations.ListAuditEntries.Output
    {
        let request = try APIRequest.require()
        func id(_ text: String?, _ name: String) throws -> UUID? {
            guard let text else { return nil }
            guard let id = UUID(uuidString: text) else { throw Abort(.badRequest, reason: "\(name) must be a UUID.") }
            return id
        }
        if let action = input.query.action, !AuditTrail.isActionName(action) {
            throw Abort(.badRequest, reason: "action must be lower-case letters, digits and underscores.")
        }
        let filter = AuditTrail.Filter(
            actor: try id(input.query.actorId, "actorId"), subject: try id(input.query.subjectId, "subjectId"),
            action: input.query.action,
            outcome: input.query.outcome.flatMap { AuditEvent.Outcome(rawValue: $0.rawValue) })
        let trail = AuditTrail(context: ServiceContext(request))
        let found = try await trail.entries(filter, page: try Paging.requested(byClient: input.query.page))
        try await trail.recordRead(filter, page: found.paging.page)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: found.paging.total, page: found.paging.page, pageCount: found.paging.pageCount,
                        entries: found.rows.map { row in
                            .init(
                                sequence: row.sequence, occurredAt: row.occurredAt,
                                actorId: row.actorID?.uuidString.lowercased(), actorRoles: row.actorRoles,
                                action: row.action, resourceType: row.resourceType, resourceId: row.resourceID,
                                subjectId: row.subjectID?.uuidString.lowercased(),
                                outcome: .init(rawValue: row.outcome) ?? .failure)
                        }))))
    }

    private static func settle(_ result: Result<Void, AdminService.ChangeRefusal>) throws {
        switch result {
        case .success: return
        case .failure(.notFound): throw Abort(.notFound)
        case .failure(.wouldLockOutAdministrators):
            throw Abort(
                .conflict, reason: "You cannot remove your own administrator role or disable your own account.")
        }
    }
}

extension AdminService.PersonRow {
    var api: Components.Schemas.PersonRecord {
        .init(
            id: id.uuidString.lowercased(), name: name, email: email,
            status: .init(rawValue: status.rawValue) ?? .disabled,
            roles: roles.compactMap { Components.Schemas.RoleName(rawValue: $0.rawValue) })
    }
}
