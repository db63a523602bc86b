import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/groups`: the organisation's peer groups; a group's page with its agreement, meetings and (for its
/// facilitators) members; a facilitator's form for a new group.
package struct PeerGroupController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let group = PeerGroupAccess.groupLoader()
        routes.on(.groups, action: .takePartInPeerGroups, use: list)
        routes.on(.newGroup, action: .runPeerGroups, use: newGroup)
        routes.on(
            .groups, .POST, action: .runPeerGroups,
            after: .says("group-created", "The group is set up."), use: create)
        routes.on(.group(nil), action: .takePartInPeerGroups, record: group, use: show)
        routes.on(
            .groupJoin(nil), .POST, action: .takePartInPeerGroups, record: group,
            after: .says("joined", "You joined the group. Choose the meetings you will come to."), use: join)
        routes.on(
            .groupLeave(nil), .POST, action: .takePartInPeerGroups, record: group,
            after: .says("left", "You have left the group."), use: leave)
        routes.on(
            .groupAsk(nil), .POST, action: .takePartInPeerGroups, record: group,
            after: .says("group-join-asked", "You have asked to join. The facilitators will reply by email."), use: ask)
        routes.on(
            .groupInvitations(nil), .POST, action: .runPeerGroups, record: group,
            after: .says("group-invitation-sent", "The invitation is sent."), use: invite)
        routes.on(
            .groupRequest(nil, request: nil), .POST, action: .runPeerGroups, record: group,
            after: .says("group-join-answered", "Your answer is sent."), use: answer)
        routes.on(
            .groupFacilitators(nil), .POST, action: .runPeerGroups, record: group,
            after: .says("facilitator-added", "They now facilitate the group with you."), use: addFacilitator)
        routes.on(
            .groupJoining(nil), .POST, action: .runPeerGroups, record: group,
            after: .says("group-joining-changed", "Who can join is changed."), use: joining)
        routes.on(
            .groupAgreement(nil), .POST, action: .runPeerGroups, record: group,
            after: .says("agreement", "The agreement is changed. Members have been asked to accept it again."),
            use: changeAgreement)
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let (rows, paging) = try await PeerGroupService(context: ServiceContext(request)).groups(page: page)
        let mayRun = request.actor?.roles.contains(.facilitator) == true
        return request.page(
            "Peer groups",
            PeerGroupPages.list(
                rows: rows, paging: paging, mayCreate: mayRun, zone: request.application.cairn.configuration.timeZone))
    }

    @Sendable package func newGroup(request: Request) async throws -> HTMLPage {
        var draft = PeerGroupDraft()
        draft.firstDay = request.application.cairn.today.description
        return PeerGroupPages.form(request: request, draft: draft, errors: FormErrors())
    }

    @Sendable package func create(request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let draft = PeerGroupDraft.fromForm { form[$0] }
        switch try await PeerGroupService(context: ServiceContext(request)).create(draft) {
        case .failure(let refusal):
            let errors = FormErrors(refusal.problems, formName: \.formName)
            return try await PeerGroupPages.form(request: request, draft: draft, errors: errors)
                .encodeResponse(for: request)
        case .success(let group):
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request, errors: FormErrors())
    }

    private func page(
        _ request: Request, errors: FormErrors, typedAgreement: String? = nil, typedEmail: String? = nil,
        status: HTTPResponseStatus? = nil
    ) async throws -> HTMLPage {
        let group = try request.authorisedRecord(PeerGroup.self)
        let actor = try request.requireActor()
        let context = ServiceContext(request)
        var standing = try await PeerGroupAccess.standing(of: actor, to: group, on: request.db)
        // The facilitators' parts (members, invitations, requests) follow the policy, role included: a facilitator
        // whose role was withdrawn sees the group as a member does.
        standing.isFacilitator = Policy.decide(actor, .runPeerGroups, on: .record(standing)) == .allow
        let groupID = try group.requireID()
        // The last three meetings (to mark, or to read about) and the next six.
        let meetings = try await PeerGroupService(context: context).recentAndNext(of: group)
        let places = try await MeetingPlace.query(on: request.db).filter(\.$meetingID ~~ meetings.compactMap(\.id))
            .filter(\.$personID == actor.personID).all()
        let service = PeerGroupService(context: context)
        let members = standing.isFacilitator ? try await service.members(of: group) : []
        let invitationsPage = (try? request.query.get(Int.self, at: "invitations")) ?? 1
        let invitations = standing.isFacilitator ? try await service.invitations(of: group, page: invitationsPage) : nil
        let mine = try await service.invitation(to: group)
        let mayFacilitate =
            standing.isFacilitator
            ? try await service.membersWhoMayFacilitate(members.map(\.member), in: group) : []
        let membership = try await PeerGroupMember.query(on: request.db).filter(\.$groupID == groupID)
            .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).first()
        return request.page(
            Forms.title(group.name, errors: errors), status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity),
            PeerGroupPages.group(
                group: group, standing: standing, membership: membership, meetings: meetings, places: places,
                members: members.map { ($0.member, $0.name) }, mayFacilitate: mayFacilitate, invitation: mine,
                invitations: invitations,
                typedAgreement: typedAgreement, typedEmail: typedEmail, csrf: request.csrfToken, errors: errors,
                zone: request.application.cairn.configuration.timeZone))
    }

    private struct JoinForm: Content {
        var accept: [String]?
    }

    @Sendable package func join(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        let form = try request.content.decode(JoinForm.self)
        let accepted = Int(form.accept?.first ?? "") ?? 0
        switch try await PeerGroupService(context: ServiceContext(request)).join(group, acceptedVersion: accepted) {
        case .failure(let errors):
            return try await page(request, errors: errors, status: errors.conflict != nil ? .conflict : nil)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    private struct AgreementForm: Content {
        var agreement: String?
        var version: Int?
    }

    @Sendable package func changeAgreement(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        let form = try request.content.decode(AgreementForm.self)
        let result = try await PeerGroupService(context: ServiceContext(request)).changeAgreement(
            group, to: form.agreement ?? "", version: form.version)
        switch result {
        case .failure(let errors):
            return try await page(request, errors: errors, typedAgreement: form.agreement).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    @Sendable package func ask(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        switch try await PeerGroupService(context: ServiceContext(request)).askToJoin(group) {
        case .failure(let errors):
            return try await page(request, errors: errors, status: .conflict).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    private struct InviteForm: Content {
        var email: String?
    }

    @Sendable package func invite(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        let email = try request.content.decode(InviteForm.self).email ?? ""
        switch try await PeerGroupService(context: ServiceContext(request)).invite(to: group, email: email) {
        case .failure(let errors):
            return try await page(request, errors: errors, typedEmail: email).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    private struct AnswerForm: Content {
        var decision: String?
    }

    @Sendable package func answer(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        let decision = try request.content.decode(AnswerForm.self).decision
        guard let requestID = request.parameters.get("requestID").flatMap(UUID.init(uuidString:)),
            decision == "let-in" || decision == "decline"
        else { throw Abort(.badRequest, reason: "Say whether to let them in or not.") }
        let result = try await PeerGroupService(context: ServiceContext(request)).answer(
            requestID, in: group, letIn: decision == "let-in")
        switch result {
        case .failure(let errors):
            return try await page(request, errors: errors, status: errors.conflict != nil ? .conflict : .notFound)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    private struct FacilitatorForm: Content {
        var person: String?
    }

    @Sendable package func addFacilitator(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        let person = UUID(uuidString: try request.content.decode(FacilitatorForm.self).person ?? "") ?? UUID()
        switch try await PeerGroupService(context: ServiceContext(request)).makeFacilitator(person, of: group) {
        case .failure(let errors):
            return try await page(request, errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.group(group.id).path)
        }
    }

    private struct JoiningForm: Content {
        var joining: String?
    }

    @Sendable package func joining(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        guard let joining = try request.content.decode(JoiningForm.self).joining.flatMap(PeerGroup.Joining.init)
        else {
            var errors = FormErrors()
            errors.add("joining", "Choose who can join")
            return try await page(request, errors: errors).encodeResponse(for: request)
        }
        try await PeerGroupService(context: ServiceContext(request)).setJoining(group, to: joining)
        return request.redirect(to: SiteURL.group(group.id).path)
    }

    @Sendable package func leave(request: Request) async throws -> Response {
        let group = try request.authorisedRecord(PeerGroup.self)
        try await PeerGroupService(context: ServiceContext(request)).leave(group)
        return request.redirect(to: SiteURL.groups.path)
    }
}
