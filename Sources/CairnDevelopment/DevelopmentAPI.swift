import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Practices, personal development plans, evidence and appraisal dates through the API (`openapi.yaml`, tag
/// Development): the same services, rules and gate as the pages.
extension APIHandler {
    // MARK: Practices

    package func listPractices(_ input: Operations.ListPractices.Input) async throws -> Operations.ListPractices.Output
    {
        let request = try APIRequest.require()
        let (rows, paging) = try await PracticeService(context: ServiceContext(request)).mine(
            page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        practices: try rows.map { row in
                            .init(
                                id: try row.practice.requireID().uuidString.lowercased(), name: row.practice.name,
                                members: row.members, workshops: row.workshops, developments: row.developments)
                        }))))
    }

    package func startPractice(_ input: Operations.StartPractice.Input) async throws -> Operations.StartPractice.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        switch try await PracticeService(context: ServiceContext(request)).create(
            PracticeDraft(name: body.name, vision: body.vision ?? ""))
        {
        case .failure(let errors): throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        case .success(let practice):
            return .created(.init(body: .json(try await Self.plan(practice, request: request))))
        }
    }

    package func getPracticePlan(_ input: Operations.GetPracticePlan.Input) async throws
        -> Operations.GetPracticePlan.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        return .ok(.init(body: .json(try await Self.plan(practice, request: request))))
    }

    package func addPracticeNeed(_ input: Operations.AddPracticeNeed.Input) async throws
        -> Operations.AddPracticeNeed.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = NeedDraft(title: body.title, source: body.source.rawValue, finding: body.finding.rawValue)
        switch try await PracticeService(context: ServiceContext(request)).addNeed(to: practice, draft) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { $0 == "needTitle" ? "/title" : "/\($0)" }) ?? Abort(.badRequest)
        case .success: return .created(.init(body: .json(try await Self.plan(practice, request: request))))
        }
    }

    package func changePractice(_ input: Operations.ChangePractice.Input) async throws
        -> Operations.ChangePractice.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PracticeService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.change(
            practice, PracticeDraft(name: body.name, vision: body.vision), version: body.version)
        {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let changed = try await Practice.find(practice.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await Self.plan(changed, request: request))))
    }

    package func addPracticeMember(_ input: Operations.AddPracticeMember.Input) async throws
        -> Operations.AddPracticeMember.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let result = try await PracticeService(context: ServiceContext(request)).addMember(
            to: practice, email: body.email, name: body.name, group: body.staffGroup.rawValue)
        if case .failure(let errors) = result {
            throw errors.refusal(jsonPointer: { field in
                switch field {
                case "memberEmail": "/email"
                case "memberName": "/name"
                default: "/\(field)"
                }
            }) ?? Abort(.badRequest)
        }
        return .created(.init(body: .json(try await Self.plan(practice, request: request))))
    }

    package func logPracticeChallenge(_ input: Operations.LogPracticeChallenge.Input) async throws
        -> Operations.LogPracticeChallenge.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = SengeEntryDraft(
            challenge: body.challenge.rawValue, day: body.day, happened: body.happened, negotiated: body.negotiated,
            outcome: body.outcome ?? "")
        if case .failure(let errors) = try await PracticeService(context: ServiceContext(request)).logChallenge(
            at: practice, draft)
        {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        return .noContent(.init())
    }

    package func evaluatePracticeDevelopment(_ input: Operations.EvaluatePracticeDevelopment.Input) async throws
        -> Operations.EvaluatePracticeDevelopment.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PracticeService(context: ServiceContext(request))
        let draft = EvaluationDraft(
            before: body.before, after: body.after, conclusion: body.conclusion, change: body.change,
            realised: body.realised)
        if case .failure(let errors) = try await service.evaluate(view, draft, version: body.version) {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let development = try await PracticeDevelopment.find(view.development.id, on: request.db) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(try await Self.development(development, service: service))))
    }

    static func developmentPointer(_ field: String) -> String {
        switch field {
        case "need": "/needId"
        case "owner": "/ownerId"
        default: "/\(field)"
        }
    }

    package func addPracticeDevelopment(_ input: Operations.AddPracticeDevelopment.Input) async throws
        -> Operations.AddPracticeDevelopment.Output
    {
        let request = try APIRequest.require()
        let practice = try request.authorisedRecord(Practice.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PracticeService(context: ServiceContext(request))
        let draft = DevelopmentDraft(
            title: body.title, aim: body.aim, objective: body.objective, startsOn: body.startsOn, dueOn: body.dueOn,
            status: body.status.rawValue)
        switch try await service.addDevelopment(
            to: practice, draft, needID: body.needId ?? "", ownerID: body.ownerId ?? "")
        {
        case .failure(let errors): throw errors.refusal(jsonPointer: Self.developmentPointer) ?? Abort(.badRequest)
        case .success(let development):
            return .created(.init(body: .json(try await Self.development(development, service: service))))
        }
    }

    package func changePracticeDevelopment(_ input: Operations.ChangePracticeDevelopment.Input) async throws
        -> Operations.ChangePracticeDevelopment.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PracticeService(context: ServiceContext(request))
        let draft = DevelopmentDraft(
            title: body.title, aim: body.aim, objective: body.objective, startsOn: body.startsOn, dueOn: body.dueOn,
            status: body.status.rawValue)
        if case .failure(let errors) = try await service.changeDevelopment(
            view, draft, needID: body.needId ?? "", ownerID: body.ownerId ?? "", version: body.version)
        {
            throw errors.refusal(jsonPointer: Self.developmentPointer) ?? Abort(.badRequest)
        }
        guard let development = try await PracticeDevelopment.find(view.development.id, on: request.db) else {
            throw Abort(.notFound)
        }
        return .ok(.init(body: .json(try await Self.development(development, service: service))))
    }

    static func development(_ development: PracticeDevelopment, service: PracticeService) async throws
        -> Components.Schemas.PracticeDevelopment
    {
        try Self.development(development, linked: await service.linkedObjectives(to: development))
    }

    static func development(_ development: PracticeDevelopment, linked: Int) throws
        -> Components.Schemas.PracticeDevelopment
    {
        .init(
            id: try development.requireID().uuidString.lowercased(), title: development.title, aim: development.aim,
            objective: development.objective, startsOn: development.startsOn, dueOn: development.dueOn,
            status: development.status.rawValue, needId: development.needID?.uuidString.lowercased(),
            ownerId: development.ownerID?.uuidString.lowercased(), realised: development.realised,
            linkedObjectives: linked,
            evaluation: .init(
                before: development.beforeEvidence, after: development.afterEvidence,
                conclusion: development.conclusion, change: development.changeMade),
            version: development.version)
    }

    static func plan(_ practice: Practice, request: Request) async throws -> Components.Schemas.PracticePlan {
        let service = PracticeService(context: ServiceContext(request))
        let needs = try await service.needs(of: practice)
        let priorities = try await service.currentPriorities(of: practice, needs: needs)
        return .init(
            id: try practice.requireID().uuidString.lowercased(), name: practice.name, vision: practice.vision,
            version: practice.version,
            members: try await service.members(of: practice).map {
                .init(personId: $0.personID.uuidString.lowercased(), name: $0.name, staffGroup: $0.staffGroup.rawValue)
            },
            workshops: try await service.workshops(of: practice).map {
                .init(
                    id: try $0.workshop.requireID().uuidString.lowercased(), heldOn: $0.workshop.heldOn,
                    attendees: $0.attendees, rankings: $0.ballots)
            },
            needs: try needs.map {
                .init(
                    id: try $0.requireID().uuidString.lowercased(), title: $0.title, source: $0.source.rawValue,
                    finding: $0.finding.rawValue)
            },
            priorities: priorities.map { result in
                .init(
                    workshopOn: result.workshop.heldOn,
                    method: PriorityRanking.method(needs: needs.count, ballots: result.ballots),
                    rows: result.rows.map {
                        .init(
                            needId: $0.need.uuidString.lowercased(), title: $0.title, points: $0.points,
                            firstPlaces: $0.firstPlaces, rankedBy: $0.rankedBy, position: $0.position, tied: $0.isTied)
                    })
            },
            developments: try await service.developments(of: practice).map {
                try Self.development($0.development, linked: $0.linkedObjectives)
            })
    }

    // MARK: One's own development

    package func getMyDevelopment(_ input: Operations.GetMyDevelopment.Input) async throws
        -> Operations.GetMyDevelopment.Output
    {
        let request = try APIRequest.require()
        return .ok(.init(body: .json(try await Self.standing(request))))
    }

    static func standing(_ request: Request) async throws -> Components.Schemas.DevelopmentStanding {
        let actor = try request.requireActor()
        let service = PortfolioService(context: ServiceContext(request))
        let standing = try await service.standing(of: actor.personID)
        let due = standing.profile.flatMap { CalendarDay(iso: $0.revalidationDueOn) }
        return .init(
            register: standing.profile?.register.rawValue, revalidationDueOn: standing.profile?.revalidationDueOn,
            noticeOn: due.map { Revalidation.noticeDay(for: $0).description },
            appraisalYear: Revalidation.appraisalYearText(standing.appraisalYear),
            appraisalThisYear: standing.appraisalHeld?.description,
            appraisals: try await service.appraisals(of: actor.personID).map(\.description),
            supportingInformation: standing.supportingInformation.map {
                .init(kind: $0.kind.rawValue, present: $0.present)
            },
            nmcRequirements: standing.nmc?.map {
                .init(title: $0.title, needed: $0.needed, have: $0.have, unit: $0.unit, met: $0.isMet)
            })
    }

    static func item(_ opened: PortfolioService.OpenedItem) throws -> Components.Schemas.PDPItem {
        .init(
            id: try opened.item.requireID().uuidString.lowercased(), learningNeed: opened.draft.learningNeed,
            objective: opened.draft.objective, activity: opened.draft.activity, targetOn: opened.item.targetOn,
            domain: opened.item.domain.rawValue, status: opened.item.status.rawValue, evidence: opened.draft.evidence,
            reviewNote: opened.draft.reviewNote, developmentId: opened.item.developmentID?.uuidString.lowercased(),
            serves: opened.serves, version: opened.item.version)
    }

    package func listPDPItems(_ input: Operations.ListPDPItems.Input) async throws -> Operations.ListPDPItems.Output {
        let request = try APIRequest.require()
        let (rows, paging) = try await PortfolioService(context: ServiceContext(request)).items(
            page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        items: try rows.map(Self.item)))))
    }

    static func itemPointer(_ field: String) -> String { field == "development" ? "/developmentId" : "/\(field)" }

    package func addPDPItem(_ input: Operations.AddPDPItem.Input) async throws -> Operations.AddPDPItem.Output {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PortfolioService(context: ServiceContext(request))
        let draft = PDPItemDraft(
            learningNeed: body.learningNeed, objective: body.objective, activity: body.activity,
            targetOn: body.targetOn, domain: body.domain.rawValue, status: body.status.rawValue,
            evidence: body.evidence ?? "", reviewNote: body.reviewNote ?? "")
        switch try await service.addItem(draft, development: body.developmentId ?? "") {
        case .failure(let errors): throw errors.refusal(jsonPointer: Self.itemPointer) ?? Abort(.badRequest)
        case .success(let item): return .created(.init(body: .json(try Self.item(try await service.open(item)))))
        }
    }

    package func changePDPItem(_ input: Operations.ChangePDPItem.Input) async throws -> Operations.ChangePDPItem.Output
    {
        let request = try APIRequest.require()
        let item = try request.authorisedRecord(PDPItem.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PortfolioService(context: ServiceContext(request))
        let draft = PDPItemDraft(
            learningNeed: body.learningNeed, objective: body.objective, activity: body.activity,
            targetOn: body.targetOn, domain: body.domain.rawValue, status: body.status.rawValue,
            evidence: body.evidence ?? "", reviewNote: body.reviewNote ?? "")
        if case .failure(let errors) = try await service.change(
            item, draft, development: body.developmentId ?? "", version: body.version)
        {
            throw errors.refusal(jsonPointer: Self.itemPointer) ?? Abort(.badRequest)
        }
        guard let changed = try await PDPItem.find(item.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try Self.item(try await service.open(changed)))))
    }

    static func evidence(_ row: DevelopmentEvidence, title: String) throws -> Components.Schemas.DevelopmentEvidence {
        .init(
            id: try row.requireID().uuidString.lowercased(), kind: row.kind.rawValue, day: row.day, title: title,
            minutes: row.minutes, participatory: row.participatory, source: row.source,
            pdpItemId: row.pdpItemID?.uuidString.lowercased())
    }

    package func listDevelopmentEvidence(_ input: Operations.ListDevelopmentEvidence.Input) async throws
        -> Operations.ListDevelopmentEvidence.Output
    {
        let request = try APIRequest.require()
        let (rows, paging) = try await PortfolioService(context: ServiceContext(request)).evidence(
            page: try Paging.requested(byClient: input.query.page))
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        evidence: try rows.map { try Self.evidence($0.evidence, title: $0.title) }))))
    }

    package func addDevelopmentEvidence(_ input: Operations.AddDevelopmentEvidence.Input) async throws
        -> Operations.AddDevelopmentEvidence.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let minutes = body.minutes ?? 0
        let draft = EvidenceDraft(
            kind: body.kind.rawValue, day: body.day, title: body.title,
            hours: minutes > 0 ? String(format: "%.4f", Double(minutes) / 60) : "",
            participatory: body.participatory ?? false)
        let result = try await PortfolioService(context: ServiceContext(request)).addEvidence(
            draft, fact: "", item: body.pdpItemId ?? "")
        switch result {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: {
                switch $0 {
                case "hours": "/minutes"
                case "item": "/pdpItemId"
                default: "/\($0)"
                }
            }) ?? Abort(.badRequest)
        case .success(let evidence):
            return .created(
                .init(
                    body: .json(
                        try Self.evidence(evidence, title: body.title.trimmingCharacters(in: .whitespacesAndNewlines))))
            )
        }
    }

    package func setRevalidation(_ input: Operations.SetRevalidation.Input) async throws
        -> Operations.SetRevalidation.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = RevalidationDraft(register: body.register.rawValue, revalidationDue: body.revalidationDue)
        if case .failure(let errors) = try await PortfolioService(context: ServiceContext(request)).setRevalidation(
            draft)
        {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.standing(request))))
    }

    package func addAppraisal(_ input: Operations.AddAppraisal.Input) async throws -> Operations.AddAppraisal.Output {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let errors) = try await PortfolioService(context: ServiceContext(request)).addAppraisal(
            day: body.appraisalOn)
        {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        return .created(.init(body: .json(try await Self.standing(request))))
    }

    // MARK: The responsible officer's overview

    package func getAppraisalOverview(_ input: Operations.GetAppraisalOverview.Input) async throws
        -> Operations.GetAppraisalOverview.Output
    {
        let request = try APIRequest.require()
        let context = ServiceContext(request)
        let overview = try await AppraisalOverview.load(
            context: context, page: try Paging.requested(byClient: input.query.page),
            noticeOnly: input.query.dueSoon ?? false)
        try await context.audit(DevelopmentAudit.appraisalOverviewViewed, resourceType: .developmentPortfolio)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: overview.paging.total, page: overview.paging.page,
                        pageCount: overview.paging.pageCount,
                        appraisalYear: Revalidation.appraisalYearText(overview.year),
                        people: overview.rows.map { row in
                            .init(
                                name: row.name, register: row.register.rawValue,
                                revalidationDueOn: row.due.description,
                                noticeOn: Revalidation.noticeDay(for: row.due).description,
                                latestAppraisal: row.latestAppraisal?.description, supportingKinds: row.supportingKinds)
                        }))))
    }
}
