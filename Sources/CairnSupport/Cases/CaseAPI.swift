import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `/api/v1/cases`: the same services and policy as `/cases` and `/my-support`. A case the caller may not see
/// answers 404, as on the pages.
extension APIHandler {
    package func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let limit = input.query.limit ?? 50
        let offset = input.query.offset ?? 0
        guard (1...200).contains(limit), (0...1_000_000).contains(offset) else {
            throw Abort(.badRequest, reason: "limit must be 1 to 200 and offset 0 to 1,000,000.")
        }
        var query = SupportCase.query(on: request.db).filter(\.$organisationID == actor.organisationID)
        let managing = actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead)
        let assigned =
            managing
            ? try await CaseAssignment.query(on: request.db).filter(\.$personID == actor.personID).all().map(\.caseID)
            : []
        query = query.group(.or) { group in
            group.filter(\.$clinicianID == actor.personID)
            if !assigned.isEmpty { group.filter(\.$id ~~ assigned) }
        }
        let total = try await query.count()
        let page = try await query.sort(\.$receivedAt).sort(\.$id).range(offset..<(offset + limit)).all()
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.map { try $0.apiSummary() }, total: total, limit: limit, offset: offset))))
    }

    package func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        return .ok(.init(body: .json(try await record.apiDetail(request: request))))
    }

    package func listTriageQueue(_ input: Operations.ListTriageQueue.Input) async throws
        -> Operations.ListTriageQueue.Output
    {
        let request = try APIRequest.require()
        let pageSize = 50
        let service = CaseService(request: request)
        let requested = try Paging.requested(byClient: input.query.page)
        let taken = input.query.taken ?? false
        var queue = try await service.queue(taken: taken, page: requested, pageSize: pageSize)
        let paging = Paging(total: queue.total, pageSize: pageSize, requested: requested)
        if paging.page != requested {  // past the last page: the last page
            queue = try await service.queue(taken: taken, page: paging.page, pageSize: pageSize)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        requests: queue.rows.map { row in
                            .init(
                                id: row.id.uuidString.lowercased(), reference: row.reference, receivedAt: row.received,
                                firstContactDue: row.due.description,
                                standing: .init(rawValue: row.standing.rawValue) ?? .onTrack,
                                state: row.state.rawValue, profession: row.profession, grade: row.grade,
                                reasons: row.reasons.map(\.rawValue), saidAtRisk: row.saidAtRisk,
                                assignedTo: row.assignedTo)
                        }))))
    }

    package func getCaseTimeline(_ input: Operations.GetCaseTimeline.Input) async throws
        -> Operations.GetCaseTimeline.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        let caseID = try record.requireID()
        let timeline = try await CaseTimeline(context: ServiceContext(request))
            .page(of: caseID, page: input.query.page ?? 1)
        try await request.audit(
            SupportAudit.caseTimelineRead, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: timeline.paging.total, page: timeline.paging.page,
                        pageCount: timeline.paging.pageCount,
                        entries: timeline.entries.map { entry in
                            .init(
                                kind: .init(rawValue: entry.kind.rawValue) ?? .transition, at: entry.at,
                                actorId: entry.actorID?.uuidString.lowercased(),
                                actorName: entry.actorID.flatMap { timeline.names[$0] }, code: entry.code,
                                summary: entry.summary)
                        }))))
    }

    package func transitionCase(_ input: Operations.TransitionCase.Input) async throws
        -> Operations.TransitionCase.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body, let next = CaseState(rawValue: body.to.rawValue) else {
            throw Abort(.unsupportedMediaType)
        }
        let outcome = try await CaseService(request: request).move(
            record, to: next, seenVersion: body.version, reason: body.reason, firstContact: body.firstContact == true,
            outcomes: (body.outcomes ?? []).compactMap { CaseOutcome(rawValue: $0.rawValue) })
        switch outcome {
        case .done:
            guard let updated = try await SupportCase.find(try record.requireID(), on: request.db) else {
                throw Abort(.notFound)
            }
            return .ok(.init(body: .json(try await updated.apiDetail(request: request))))
        case .stale:
            throw Abort(
                .conflict, reason: "The case has changed since version \(body.version); read it again, then retry.")
        case .refused(let reason):
            throw Abort(.unprocessableEntity, reason: reason)
        }
    }

    package func listPlanItems(_ input: Operations.ListPlanItems.Input) async throws -> Operations.ListPlanItems.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        let conversation = CaseConversation(request: request)
        let items = try await conversation.planItems(of: record)
        let resources = try await conversation.resources(of: items)
        return .ok(.init(body: .json(try items.map { try $0.api(resources: resources) })))
    }

    package func addPlanItem(_ input: Operations.AddPlanItem.Input) async throws -> Operations.AddPlanItem.Output {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = PlanItemDraft(
            intervention: body.intervention.rawValue, status: body.status?.rawValue, provider: body.provider,
            startsOn: body.startsOn, endsOn: body.endsOn, reviewOn: body.reviewOn, costPence: body.costPence)
        let conversation = CaseConversation(request: request)
        let problems = try await conversation.addPlanItem(draft, to: record)
        guard problems.isEmpty else { throw ValidationFailure(problems, jsonPointer: \.jsonPointer) }
        let items = try await conversation.planItems(of: record)
        let resources = try await conversation.resources(of: items)
        return .created(.init(body: .json(try items.map { try $0.api(resources: resources) })))
    }

    package func enrolCaseInMentoring(_ input: Operations.EnrolCaseInMentoring.Input) async throws
        -> Operations.EnrolCaseInMentoring.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if let languages = body.languages, languages.unicodeScalars.count > 600 {
            throw Abort(.badRequest, reason: "languages: at most 600 characters.")
        }
        let conversation = CaseConversation(request: request)
        let errors = try await conversation.enrolInMentoring(
            record, programmeID: UUID(uuidString: body.programmeId), languages: body.languages ?? "",
            request: request)
        let pointers = ["programme": "/programmeId", "languages": "/languages"]
        if let refusal = errors.refusal(jsonPointer: { pointers[$0] ?? "/" }) { throw refusal }
        let items = try await conversation.planItems(of: record)
        let resources = try await conversation.resources(of: items)
        return .created(.init(body: .json(try items.map { try $0.api(resources: resources) })))
    }

    package func listPlanResources(_ input: Operations.ListPlanResources.Input) async throws
        -> Operations.ListPlanResources.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        if let q = input.query.q, q.unicodeScalars.count > SearchQuery.maximumLength {
            throw Abort(.badRequest, reason: "q must be \(SearchQuery.maximumLength) characters or fewer.")
        }
        let conversation = CaseConversation(request: request)
        let offers = try await conversation.resourceOffers(for: record, query: SearchQuery(input.query.q ?? ""))
        let inPlan = Set(
            try await conversation.planItems(of: record).filter { $0.status != .cancelled }.compactMap(\.resource))
        return .ok(
            .init(
                body: .json(
                    offers.map { offer in
                        .init(
                            kind: .init(rawValue: offer.reference.kind.rawValue) ?? .libraryItem,
                            id: offer.reference.id.uuidString.lowercased(), title: offer.title, detail: offer.detail,
                            path: offer.path, inPlan: inPlan.contains(offer.reference))
                    })))
    }

    package func addPlanResource(_ input: Operations.AddPlanResource.Input) async throws
        -> Operations.AddPlanResource.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let reference = PlanResourceKind(rawValue: body.kind.rawValue).flatMap { kind in
            UUID(uuidString: body.id).map { PlanResourceReference(kind: kind, id: $0) }
        }
        let conversation = CaseConversation(request: request)
        let errors = try await conversation.addResource(reference, to: record)
        if let refusal = errors.refusal(jsonPointer: { _ in "/id" }) { throw refusal }
        let items = try await conversation.planItems(of: record)
        let resources = try await conversation.resources(of: items)
        return .created(.init(body: .json(try items.map { try $0.api(resources: resources) })))
    }

    package func changePlanItem(_ input: Operations.ChangePlanItem.Input) async throws
        -> Operations.ChangePlanItem.Output
    {
        let request = try APIRequest.require()
        let record = try request.authorisedRecord(SupportCase.self)
        guard let itemID = UUID(uuidString: input.path.itemId),
            let item = try await PlanItem.find(itemID, on: request.db),
            item.caseID == (try record.requireID())
        else { throw Abort(.notFound) }
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        // Fields left out keep their values; the version says which state of the item the change was made from.
        let draft = PlanItemDraft(
            intervention: body.intervention?.rawValue ?? item.intervention,
            status: body.status?.rawValue ?? item.status.rawValue,
            provider: body.provider ?? item.provider, startsOn: body.startsOn ?? item.startsOn,
            endsOn: body.endsOn ?? item.endsOn, reviewOn: body.reviewOn ?? item.reviewOn,
            costPence: body.costPence ?? item.costPence)
        let conversation = CaseConversation(request: request)
        switch try await conversation.changePlanItem(item, of: record, to: draft, seenVersion: body.version) {
        case .done:
            guard let changed = try await PlanItem.find(itemID, on: request.db) else { throw Abort(.notFound) }
            return .ok(.init(body: .json(try changed.api(resources: try await conversation.resources(of: [changed])))))
        case .invalid(let problems):
            throw ValidationFailure(problems, jsonPointer: \.jsonPointer)
        case .stale:
            throw Abort(
                .conflict, reason: "The plan item has changed since version \(body.version); read it again, then retry."
            )
        }
    }
}

extension SupportCase {
    /// The clinician's words only for those inside the relationship (the policy already let only them in).
    package func apiDetail(request: Request) async throws -> Components.Schemas.CaseDetail {
        let words = try await CaseService(request: request).referralText(of: self).ownWords
        return .init(
            id: try requireID().uuidString.lowercased(), reference: reference,
            state: Components.Schemas.CaseState(rawValue: stateName) ?? .referred, version: version,
            receivedAt: receivedAt,
            firstContactAt: firstContactAt, profession: profession, grade: grade, reasons: reasons.map(\.rawValue),
            isInternationalGraduate: isInternationalGraduate, ownWords: words,
            declineReason: try opened(\.$declineReason, with: request.application.cairn.cipher))
    }
}

extension PlanItem {
    /// The item as the API shows it; `resources` are the guides and events plan items point to, as their features
    /// gave them (`CaseConversation.resources(of:)`).
    package func api(resources: [PlanResourceReference: PlanResource] = [:]) throws -> Components.Schemas.PlanItem {
        .init(
            id: try requireID().uuidString.lowercased(), intervention: intervention, status: status.rawValue,
            provider: provider, startsOn: startsOn, endsOn: endsOn, reviewOn: reviewOn, costPence: costPence,
            version: version,
            resource: resource.map { reference in
                let found = resources[reference]
                let open = found?.isOpen ?? false
                return .init(
                    kind: .init(rawValue: reference.kind.rawValue) ?? .libraryItem,
                    id: reference.id.uuidString.lowercased(),
                    title: open ? found?.title ?? "" : provider ?? reference.kind.title,
                    detail: open ? (found?.detail ?? "") : "No longer available", path: open ? found?.path : nil,
                    available: open)
            })
    }
}
