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
        routes.on(
            .adminInvite, .POST, action: .invitePeople,
            after: .says("invited", "Invitation sent. The link in it works for 7 days."), use: invite)
        routes.on(.adminPerson(nil), action: .findPeople, use: person)
        routes.on(
            .adminPersonRoles(nil), .POST, action: .changeRoles, after: .says("roles-saved", "Roles saved."),
            use: setRoles)
        routes.on(
            .adminPersonStatus(nil), .POST, action: .changeAccountStatus,
            after: .says("status-saved", "Account status saved."), use: setStatus)
    }

    @Sendable package func people(request: Request) async throws -> HTMLPage {
        let query = (try? request.query.get(String.self, at: "q")) ?? ""
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        // A filter the lists do not offer is no filter (a hand-typed address), never an error page.
        let filter = AdminService.PeopleFilter(
            role: (try? request.query.get(String.self, at: "role")).flatMap(Role.init(rawValue:)),
            status: (try? request.query.get(String.self, at: "status")).flatMap(Person.Status.init(rawValue:)))
        let found = try await AdminService(request: request).find(
            query: String(query.prefix(100)), filter: filter, page: page)
        return request.page("People", AdminPages.people(.init(query: query, filter: filter, found: found)))
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
            return request.redirect(to: SiteURL.adminPerson(id).path)
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
        return request.page(row.name, AdminPages.person(.init(row: row, csrf: request.csrfToken)))
    }

    package struct RolesForm: Content {
        package var roles: [String]?
    }

    @Sendable package func setRoles(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let id = request.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        let roles = Set((try request.content.decode(RolesForm.self).roles ?? []).compactMap(Role.init(rawValue:)))
        let result = try await AdminService(request: request).setRoles(of: id, to: roles, by: actor)
        return try await settle(result, personID: id, request: request)
    }

    package struct StatusForm: Content {
        package var disabled: String?
    }

    @Sendable package func setStatus(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        guard let id = request.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        let disabled = try request.content.decode(StatusForm.self).disabled == "true"
        let result = try await AdminService(request: request).setStatus(of: id, disabled: disabled, by: actor)
        return try await settle(result, personID: id, request: request)
    }

    private func settle(
        _ result: Result<Void, AdminService.ChangeRefusal>, personID: UUID, request: Request
    ) async throws -> Response {
        switch result {
        case .success:
            return request.redirect(to: SiteURL.adminPerson(personID).path)
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
