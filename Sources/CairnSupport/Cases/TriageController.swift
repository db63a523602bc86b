import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/triage` and `/cases`: the queue of requests, reading one before taking it, taking and allocating, and a case
/// manager's own caseload.
package struct TriageController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.triage, action: .viewTriageQueue, use: triage)
        routes.on(.caseload, action: .viewCaseload, use: caseload)
        routes.on(
            .triageRequest(nil), action: .readRequestForTriage,
            record: CaseAccess.loader(inStates: [.referred, .triaged]), use: readForTriage)
        routes.on(
            .triageTake(nil), .POST, action: .takeReferral, record: CaseAccess.loader(refusal: .takenBySomeoneElse),
            after: .says("request-taken", "The request is yours. It is in your caseload."),
            use: take)
        routes.on(
            .triageAssign(nil), .POST, action: .allocateReferral,
            after: .says("request-allocated", "The request is allocated. The case manager sees it in their caseload."),
            use: assign)
        routes.on(.caseHolder(nil), action: .reallocateCase, use: holdings)
        routes.on(
            .caseReallocation(nil), .POST, action: .reallocateCase,
            after: .says("moved", "The case was moved. Its new case manager sees it in their caseload now."),
            use: reallocate)
    }

    @Sendable package func triage(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let service = CaseService(request: request)
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 100_000))
        // A reference is typed as people read it (any case, with or without its dash).
        let typed = ((try? request.query.get(String.self, at: "reference")) ?? "").uppercased()
            .filter { $0.isLetter || $0.isNumber }
        let reference = typed.count == 8 ? String(typed.prefix(4)) + "-" + String(typed.suffix(4)) : nil
        let searched = typed.isEmpty ? nil : (reference ?? "")
        let waiting = try await service.queue(
            taken: false, reference: searched, page: page, pageSize: TriagePages.pageSize)
        let taken = try await service.queue(
            taken: true, reference: searched, page: page, pageSize: TriagePages.pageSize)
        let viewer = TriagePages.Viewer(
            mayTake: Policy.decide(actor, .takeReferral) == .allow,
            mayReadWaiting: Policy.decide(actor, .readRequestForTriage) == .allow,
            mayBreakGlass: Policy.decide(actor, .openCaseByBreakingGlass) == .allow,
            managers: Policy.decide(actor, .allocateReferral) == .allow ? try await service.caseManagers() : [])
        let view = TriagePages.queue(
            waiting: waiting, taken: taken, page: page, searched: searched.map { _ in typed }, viewer: viewer,
            display: { request.displayTime($0) }, csrf: request.csrfToken)
        return request.page("Triage", view)
    }

    @Sendable package func caseload(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let service = CaseService(request: request)
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let state = (try? request.query.get(String.self, at: "state")).flatMap(CaseState.init(rawValue:))
            .flatMap { CaseService.openStates.contains($0) ? $0 : nil }
        let search = String(
            ((try? request.query.get(String.self, at: "search")) ?? "").trimmingCharacters(in: .whitespaces).prefix(100)
        )
        let caseload = try await service.caseload(
            of: actor.personID, state: state, search: search.isEmpty ? nil : search, page: page,
            pageSize: CaseloadPages.pageSize)
        let team = Policy.decide(actor, .allocateReferral) == .allow ? try await service.teamLoad() : nil
        let model = CaseloadPages.Model(caseload: caseload, page: page, state: state, search: search, team: team)
        return request.page("My caseload", CaseloadPages.render(model, display: { request.displayTime($0) }))
    }

    /// A waiting request, read for triage before anyone takes it (audited; no contact details).
    @Sendable package func readForTriage(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let record = try request.authorisedRecord(SupportCase.self)
        let caseID = try record.requireID()
        let cipher = request.application.cairn.cipher
        let words = try cipher.open(record.ownWords, for: SupportCase.binding(caseID, "own_words"))
        let help = try record.whatWouldHelp.map {
            try cipher.open($0, for: SupportCase.binding(caseID, "what_would_help"))
        }
        try await request.audit(
            SupportAudit.caseReadForTriage, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        let details: [(String, String)] = [
            ("Profession", Profession(rawValue: record.profession)?.title ?? record.profession),
            ("Grade or role", Grade(rawValue: record.grade)?.title ?? record.grade),
            ("What is happening", record.reasons.map(\.title).joined(separator: "; ")),
            ("Transition", try record.opened(\.$transition, with: cipher) ?? "None given"),
        ]
        let view = TriagePages.request(
            id: caseID, reference: record.reference, received: request.displayTime(record.receivedAt),
            details: details, ownWords: words, whatWouldHelp: help, saidAtRisk: record.saidAtRisk,
            mayTake: Policy.decide(actor, .takeReferral) == .allow, csrf: request.csrfToken)
        return request.page("Request \(record.reference)", view)
    }

    package struct AssignForm: Content {
        package var caseManager: String?
    }

    @Sendable package func assign(request: Request) async throws -> Response {
        guard let caseID = request.parameters.get("caseID", as: UUID.self) else { throw Abort(.notFound) }
        guard let personID = try request.content.decode(AssignForm.self).caseManager.flatMap(UUID.init(uuidString:))
        else {
            throw Abort(.unprocessableEntity, reason: "Choose a case manager to assign the request to.")
        }
        switch try await CaseService(request: request).allocate(caseID: caseID, to: personID) {
        case .success: return request.redirect(to: SiteURL.triage.path)
        case .failure(.notFound): throw Abort(.notFound)
        case .failure:
            throw Abort(
                .unprocessableEntity,
                reason: "Choose one of the unit's case managers. To read a case yourself, open it and give your reason."
            )
        }
    }

    /// The open cases one case manager holds, for the unit lead to move some (structured columns only).
    @Sendable package func holdings(request: Request) async throws -> HTMLPage {
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 100_000))
        return try await holdingsPage(request: request, page: page)
    }

    private func holdingsPage(
        request: Request, holderID: UUID? = nil, page: Int = 1,
        errors: FormErrors = FormErrors(),
        status: HTTPResponseStatus = .ok
    ) async throws -> HTMLPage {
        let service = CaseService(request: request)
        let managers = try await service.caseManagers()
        guard let holderID = holderID ?? request.parameters.get("personID", as: UUID.self),
            let holder = try await service.holder(holderID)
        else { throw Abort(.notFound) }
        var caseload = try await service.holdings(of: holderID, page: page, pageSize: TeamHoldingsPage.pageSize)
        let paging = Paging(total: caseload.total, pageSize: TeamHoldingsPage.pageSize, requested: page)
        if paging.page != page {  // past the last page: the last page
            caseload = try await service.holdings(of: holderID, page: paging.page, pageSize: TeamHoldingsPage.pageSize)
        }
        let model = TeamHoldingsPage.Model(
            holder: (holder.id, holder.name), caseload: caseload, page: paging.page,
            managers: managers.filter { $0.id != holderID && $0.id != request.actor?.personID },
            errors: errors)
        return request.page(
            Forms.title("Cases \(holder.name) holds", errors: errors), status: status,
            TeamHoldingsPage.render(model, csrf: request.csrfToken) { request.displayTime($0) })
    }

    package struct ReallocationForm: Content {
        package var from: String?
        package var to: String?
    }

    /// Moves a case from one case manager to another (the unit lead); back to the case manager it left.
    @Sendable package func reallocate(request: Request) async throws -> Response {
        guard let caseID = request.parameters.get("caseID", as: UUID.self) else { throw Abort(.notFound) }
        let form = try request.content.decode(ReallocationForm.self)
        guard let from = form.from.flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let field = "to-\(caseID.uuidString.lowercased())"
        func refused(_ message: String, status: HTTPResponseStatus) async throws -> Response {
            var errors = FormErrors()
            errors.add(field, message)
            return try await holdingsPage(request: request, holderID: from, errors: errors, status: status)
                .encodeResponse(for: request)
        }
        guard let to = form.to.flatMap(UUID.init(uuidString:)) else {
            return try await refused("Choose the case manager to move the case to", status: .unprocessableEntity)
        }
        switch try await CaseService(request: request).reallocate(caseID: caseID, from: from, to: to) {
        case .success:
            return request.redirect(to: SiteURL.caseHolder(from).path)
        case .failure(.notFound): throw Abort(.notFound)
        case .failure(.notAnAssignee):
            return try await refused("Choose one of the unit's active case managers", status: .unprocessableEntity)
        case .failure(.notHeldByThem):
            return try await refused(
                "This case has already moved: it is no longer with this case manager", status: .conflict)
        case .failure(.alreadyHeld):
            return try await refused("The case manager you chose already holds this case", status: .conflict)
        }
    }

    @Sendable package func take(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let caseID = try record.requireID()
        switch try await CaseService(request: request).take(record) {
        case .success: return request.redirect(to: SiteURL.supportCase(caseID).path)
        case .failure(.alreadyTaken): throw CaseAccess.alreadyTaken
        case .failure: throw Abort(.notFound)
        }
    }

}
