import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/admin/people`: accounts and roles. The policy lets only administrators in; nothing here shows support content.
package struct AdminController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.adminPeople, action: .findPeople, use: people)
        routes.on(.adminInvite, action: .invitePeople, use: showInvite)
        routes.on(.adminInvite, .POST, action: .invitePeople, use: invite)
        routes.on(.adminPerson(nil), action: .findPeople, use: person)
        routes.on(.adminPersonRoles(nil), .POST, action: .changeRoles, use: setRoles)
        routes.on(.adminPersonStatus(nil), .POST, action: .changeAccountStatus, use: setStatus)
    }

    package static let notices = [
        "invited": "Invitation sent.", "roles-saved": "Roles saved.", "status-saved": "Account status saved.",
    ]

    @Sendable package func people(request: Request) async throws -> HTMLPage {
        let query = (try? request.query.get(String.self, at: "q")) ?? ""
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let found = try await AdminService(request: request).find(query: String(query.prefix(100)), page: page)
        let notice = (try? request.query.get(String.self, at: "notice")).flatMap { Self.notices[$0] }
        return request.page("People", AdminPages.people(.init(query: query, found: found, notice: notice)))
    }

    @Sendable package func showInvite(request: Request) async throws -> HTMLPage {
        request.page("Invite a member of staff", AdminPages.invite(.init(csrf: request.csrfToken)))
    }

    package struct InviteForm: Content {
        package var displayName: String?
        package var email: String?
        package var roles: [String]?
    }

    @Sendable package func invite(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        let form = try request.content.decode(InviteForm.self)
        let roles = Set((form.roles ?? []).compactMap(Role.init(rawValue:)))
        let invitation = AdminService.Invitation(name: form.displayName ?? "", email: form.email ?? "", roles: roles)
        switch try await AdminService(request: request).invite(invitation, by: actor) {
        case .success(let id):
            return request.redirect(to: SiteURL.adminPerson(id).path + "?notice=invited")
        case .failure(let errors):
            let model = AdminPages.Invite(
                name: form.displayName ?? "", email: form.email ?? "", roles: Set(form.roles ?? []), errors: errors,
                csrf: request.csrfToken)
            return try await request.page("Error: Invite a member of staff", AdminPages.invite(model)).encodeResponse(
                for: request)
        }
    }

    @Sendable package func person(request: Request) async throws -> HTMLPage {
        guard let id = request.parameters.get("personID", as: UUID.self),
            let row = try await AdminService(request: request).person(id)
        else { throw Abort(.notFound) }
        let notice = (try? request.query.get(String.self, at: "notice")).flatMap { Self.notices[$0] }
        return request.page(row.name, AdminPages.person(.init(row: row, notice: notice, csrf: request.csrfToken)))
    }

    package struct RolesForm: Content {
        package var roles: [String]?
    }

    @Sendable package func setRoles(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let id = request.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        let roles = Set((try request.content.decode(RolesForm.self).roles ?? []).compactMap(Role.init(rawValue:)))
        let result = try await AdminService(request: request).setRoles(of: id, to: roles, by: actor)
        return try await settle(result, personID: id, notice: "roles-saved", request: request)
    }

    package struct StatusForm: Content {
        package var disabled: String?
    }

    @Sendable package func setStatus(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let id = request.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        let disabled = try request.content.decode(StatusForm.self).disabled == "true"
        let result = try await AdminService(request: request).setStatus(of: id, disabled: disabled, by: actor)
        return try await settle(result, personID: id, notice: "status-saved", request: request)
    }

    private func settle(
        _ result: Result<Void, AdminService.ChangeRefusal>, personID: UUID, notice: String, request: Request
    ) async throws -> Response {
        switch result {
        case .success:
            return request.redirect(to: SiteURL.adminPerson(personID).path + "?notice=\(notice)")
        case .failure(.notFound):
            throw Abort(.notFound)
        case .failure(.wouldLockOutAdministrators):
            guard let row = try await AdminService(request: request).person(personID) else { throw Abort(.notFound) }
            let model = AdminPages.PersonDetail(
                row: row, error: "You cannot remove your own administrator role or disable your own account.",
                csrf: request.csrfToken)
            return try await request.page("Error: \(row.name)", status: .conflict, AdminPages.person(model))
                .encodeResponse(for: request)
        }
    }
}
