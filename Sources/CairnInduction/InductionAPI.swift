import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Inductions, templates and the registration pathway through the API (`openapi.yaml`, tag Induction): the same
/// services, rules and gate as the pages.
extension APIHandler {
    package func listInductions(_ input: Operations.ListInductions.Input) async throws
        -> Operations.ListInductions.Output
    {
        let request = try APIRequest.require()
        let search = input.query.q ?? ""
        guard search.unicodeScalars.count <= 100 else { throw Abort(.badRequest, reason: "q: at most 100 characters.") }
        let (rows, paging) = try await InductionService(context: ServiceContext(request)).list(
            page: try Paging.requested(byClient: input.query.page), search: search)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        inductions: rows.map { row in
                            .init(
                                id: row.id.uuidString.lowercased(), inducteeName: row.inducteeName,
                                supervisorName: row.supervisorName, templateName: row.templateName,
                                startsOn: row.startsOn, cohort: row.cohort, progress: Self.progress(row.progress))
                        }))))
    }

    static func progress(_ progress: InductionService.Progress) -> Components.Schemas.InductionProgress {
        .init(
            items: progress.items, complete: progress.complete, overdue: progress.overdue,
            awaitingSignOff: progress.awaitingSignOff)
    }

    package func startInduction(_ input: Operations.StartInduction.Input) async throws
        -> Operations.StartInduction.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = InductionStartDraft(
            inducteeName: body.inducteeName, inducteeEmail: body.inducteeEmail, supervisorName: body.supervisorName,
            supervisorEmail: body.supervisorEmail, templateID: body.templateId, startsOn: body.startsOn,
            cohort: body.cohort ?? "", department: body.department ?? "")
        switch try await InductionService(context: ServiceContext(request)).start(draft) {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { "/" + ($0 == "templateID" ? "templateId" : $0) }) ?? Abort(.badRequest)
        case .success(let induction):
            return .created(.init(body: .json(try await Self.induction(induction, request: request))))
        }
    }

    package func getInduction(_ input: Operations.GetInduction.Input) async throws -> Operations.GetInduction.Output {
        let request = try APIRequest.require()
        let induction = try request.authorisedRecord(Induction.self)
        return .ok(.init(body: .json(try await Self.induction(induction, request: request))))
    }

    static func induction(_ induction: Induction, request: Request) async throws -> Components.Schemas.Induction {
        let service = InductionService(context: ServiceContext(request))
        let names = try await Person.query(on: request.db)
            .filter(\.$id ~~ [induction.inducteeID, induction.supervisorID]).all()
        func name(_ id: UUID) -> String { names.first { $0.id == id }?.displayName ?? "" }
        return .init(
            id: try induction.requireID().uuidString.lowercased(), inducteeName: name(induction.inducteeID),
            supervisorName: name(induction.supervisorID), templateName: induction.templateName,
            role: .init(rawValue: induction.role.rawValue) ?? .medicalSupportWorker, startsOn: induction.startsOn,
            cohort: induction.cohort, department: induction.department,
            items: try await service.items(of: induction).map { try item($0, service: service) })
    }

    static func item(_ item: InductionItem, service: InductionService) throws -> Components.Schemas.InductionItem {
        .init(
            id: try item.requireID().uuidString.lowercased(), phase: .init(rawValue: item.phase.rawValue) ?? .firstWeek,
            title: item.title, details: item.details, owner: .init(rawValue: item.owner.rawValue) ?? .inductee,
            dueOn: item.dueOn, needsSignOff: item.needsSignOff, completedOn: item.completedOn,
            evidence: try service.evidence(of: item), signedOff: item.signedOffAt != nil, version: item.version)
    }

    package func completeInductionItem(_ input: Operations.CompleteInductionItem.Input) async throws
        -> Operations.CompleteInductionItem.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.ItemView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = InductionService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.complete(
            view.item, evidence: body.evidence ?? "", version: body.version)
        {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let item = try await InductionItem.find(view.item.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try Self.item(item, service: service))))
    }

    package func signOffInductionItem(_ input: Operations.SignOffInductionItem.Input) async throws
        -> Operations.SignOffInductionItem.Output
    {
        let request = try APIRequest.require()
        let view = try request.authorisedRecord(InductionAccess.ItemView.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = InductionService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.signOff(view.item, version: body.version) {
            throw errors.refusal(jsonPointer: { $0 == "signOff" ? "/version" : "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let item = try await InductionItem.find(view.item.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try Self.item(item, service: service))))
    }

    package func listInductionTemplates(_ input: Operations.ListInductionTemplates.Input) async throws
        -> Operations.ListInductionTemplates.Output
    {
        let request = try APIRequest.require()
        let service = InductionService(context: ServiceContext(request))
        var templates: [Components.Schemas.InductionTemplate] = []
        for (template, _) in try await service.templates() {
            templates.append(try await Self.template(template, service: service))
        }
        return .ok(.init(body: .json(templates)))
    }

    static func template(_ template: InductionTemplate, service: InductionService) async throws
        -> Components.Schemas.InductionTemplate
    {
        .init(
            id: try template.requireID().uuidString.lowercased(), name: template.name,
            role: .init(rawValue: template.role.rawValue) ?? .medicalSupportWorker, version: template.version,
            supervisionWeekly: template.supervisionWeekly, supervisionMonthly: template.supervisionMonthly,
            items: try await service.entries(of: template).map { entry in
                .init(
                    id: try entry.requireID().uuidString.lowercased(),
                    phase: .init(rawValue: entry.phase.rawValue) ?? .firstWeek, title: entry.title,
                    details: entry.details, owner: .init(rawValue: entry.owner.rawValue) ?? .inductee,
                    dueOffsetDays: entry.dueOffsetDays, needsSignOff: entry.needsSignOff)
            })
    }

    /// The template as it is now (after a change).
    static func reloaded(_ template: InductionTemplate, request: Request) async throws
        -> Components.Schemas.InductionTemplate
    {
        guard let fresh = try await InductionTemplate.find(template.id, on: request.db) else { throw Abort(.notFound) }
        return try await Self.template(fresh, service: InductionService(context: ServiceContext(request)))
    }

    static func itemDraft(_ body: Components.Schemas.InductionTemplateItemRequest) -> InductionItemDraft {
        InductionItemDraft(
            title: body.title, details: body.details ?? "", phase: body.phase.rawValue, owner: body.owner.rawValue,
            dueOffsetDays: String(body.dueOffsetDays), needsSignOff: body.needsSignOff ?? false)
    }

    /// The template's item named by the path, or 404.
    static func entryID(_ text: String, of template: InductionTemplate, request: Request) async throws -> UUID {
        guard let id = UUID(uuidString: text), let entry = try await InductionTemplateEntry.find(id, on: request.db),
            entry.templateID == template.id
        else { throw Abort(.notFound) }
        return id
    }

    package func addInductionTemplateItem(_ input: Operations.AddInductionTemplateItem.Input) async throws
        -> Operations.AddInductionTemplateItem.Output
    {
        let request = try APIRequest.require()
        let template = try request.authorisedRecord(InductionTemplate.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let errors) = try await InductionService(context: ServiceContext(request)).addItem(
            Self.itemDraft(body), to: template, version: body.version)
        {
            throw errors.refusal(jsonPointer: { $0 == "title" && errors.conflict != nil ? "/version" : "/\($0)" })
                ?? Abort(.badRequest)
        }
        return .created(.init(body: .json(try await Self.reloaded(template, request: request))))
    }

    package func changeInductionTemplateItem(_ input: Operations.ChangeInductionTemplateItem.Input) async throws
        -> Operations.ChangeInductionTemplateItem.Output
    {
        let request = try APIRequest.require()
        let template = try request.authorisedRecord(InductionTemplate.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let entryID = try await Self.entryID(input.path.templateItemId, of: template, request: request)
        if case .failure(let errors) = try await InductionService(context: ServiceContext(request)).changeItem(
            entryID, to: Self.itemDraft(body), in: template, version: body.version)
        {
            throw errors.refusal(jsonPointer: { $0 == "title" && errors.conflict != nil ? "/version" : "/\($0)" })
                ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.reloaded(template, request: request))))
    }

    package func removeInductionTemplateItem(_ input: Operations.RemoveInductionTemplateItem.Input) async throws
        -> Operations.RemoveInductionTemplateItem.Output
    {
        let request = try APIRequest.require()
        let template = try request.authorisedRecord(InductionTemplate.self)
        let entryID = try await Self.entryID(input.path.templateItemId, of: template, request: request)
        if case .failure(let errors) = try await InductionService(context: ServiceContext(request)).removeItem(
            entryID, from: template, version: input.query.version)
        {
            throw errors.refusal(jsonPointer: { _ in "/version" }) ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.reloaded(template, request: request))))
    }

    package func setInductionTemplateSchedule(_ input: Operations.SetInductionTemplateSchedule.Input) async throws
        -> Operations.SetInductionTemplateSchedule.Output
    {
        let request = try APIRequest.require()
        let template = try request.authorisedRecord(InductionTemplate.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if case .failure(let errors) = try await InductionService(context: ServiceContext(request)).changeSchedule(
            weekly: String(body.supervisionWeekly), monthly: String(body.supervisionMonthly), of: template,
            version: body.version)
        {
            throw errors.refusal(jsonPointer: { _ in errors.conflict != nil ? "/version" : "/supervisionWeekly" })
                ?? Abort(.badRequest)
        }
        return .ok(.init(body: .json(try await Self.reloaded(template, request: request))))
    }

    package func getRegistrationPathway(_ input: Operations.GetRegistrationPathway.Input) async throws
        -> Operations.GetRegistrationPathway.Output
    {
        let request = try APIRequest.require()
        let service = PathwayService(context: ServiceContext(request))
        guard let pathway = try await service.mine() else {
            return .ok(
                .init(
                    body: .json(.init(started: false, shared: false, version: 0, steps: [], deadlines: [], entries: []))
                )
            )
        }
        return .ok(.init(body: .json(try await Self.pathway(pathway, service: service))))
    }

    package func setRegistrationPathway(_ input: Operations.SetRegistrationPathway.Input) async throws
        -> Operations.SetRegistrationPathway.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PathwayService(context: ServiceContext(request))
        if let sent = body.version, sent < 1 {
            throw Abort(.badRequest, reason: "version: a version is 1 or more.")
        }
        var version = body.version
        if let existing = try await service.mine() {
            guard let sent = version else {
                var errors = FormErrors()
                errors.addConflict("version", "Send the version you read: the pathway exists")
                throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
            }
            guard sent == existing.version else {
                var errors = FormErrors()
                errors.addConflict("version", PathwayService.pathwayMoved)
                throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.conflict)
            }
            if existing.route.rawValue != body.route.rawValue {
                if case .failure(let errors) = try await service.choose(route: body.route.rawValue, version: sent) {
                    throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
                }
                version = sent + 1
            }
        } else if case .failure(let errors) = try await service.choose(route: body.route.rawValue, version: nil) {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        } else {
            version = 1
        }
        guard let current = try await service.mine() else { throw Abort(.notFound) }
        if current.sharedWithSupervisor != body.shared {
            if case .failure(let errors) = try await service.share(body.shared, version: version) {
                throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
            }
        }
        guard let pathway = try await service.mine() else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await Self.pathway(pathway, service: service))))
    }

    package func recordPathwayEntry(_ input: Operations.RecordPathwayEntry.Input) async throws
        -> Operations.RecordPathwayEntry.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = PathwayService(context: ServiceContext(request))
        let draft = PathwayEntryDraft(
            step: body.step.rawValue, outcome: body.outcome.rawValue, day: body.day,
            extraLearning: body.extraLearning ?? false)
        if case .failure(let errors) = try await service.record(draft, version: body.version) {
            throw errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
        }
        guard let pathway = try await service.mine() else { throw Abort(.notFound) }
        return .created(.init(body: .json(try await Self.pathway(pathway, service: service))))
    }

    static func pathway(_ pathway: RegistrationPathwayRecord, service: PathwayService) async throws
        -> Components.Schemas.RegistrationPathway
    {
        let entries = try await service.entries(of: pathway)
        let status = service.status(of: pathway, entries: entries)
        typealias Schema = Components.Schemas.RegistrationPathway
        return .init(
            started: true, route: .init(rawValue: pathway.route.rawValue) ?? .plab,
            shared: pathway.sharedWithSupervisor,
            version: pathway.version, blocking: status.blocking?.rawValue,
            steps: status.steps.map { step in
                let (state, day, used): (Schema.StepsPayloadPayload.StatePayload, CalendarDay?, Int?) =
                    switch step.state {
                    case .notStarted: (.notStarted, nil, nil)
                    case .booked(let day): (.booked, day, nil)
                    case .tryingAgain(let used, _): (.tryingAgain, nil, used)
                    case .done(let day): (.done, day, nil)
                    case .expired(let day): (.expired, day, nil)
                    case .windowClosed(let day): (.windowClosed, day, nil)
                    case .attemptsUsed(let used, _): (.attemptsUsed, nil, used)
                    }
                return .init(
                    step: .init(rawValue: step.step.rawValue) ?? .qualification, state: state,
                    day: day?.description, attemptsUsed: used, explanation: step.explanation, problems: step.problems)
            },
            deadlines: status.deadlines.map { deadline in
                .init(
                    kind: .init(rawValue: deadline.kind.rawValue) ?? .englishExpires,
                    step: .init(rawValue: deadline.step.rawValue) ?? .english,
                    lastDay: deadline.closesOn.adding(days: -1).description, daysLeft: deadline.daysLeft,
                    warning: deadline.warning)
            },
            entries: entries.map { entry in
                .init(
                    step: .init(rawValue: entry.step.rawValue) ?? .qualification,
                    outcome: .init(rawValue: entry.outcome.rawValue) ?? .done, day: entry.day,
                    extraLearning: entry.extraLearning)
            })
    }
}
