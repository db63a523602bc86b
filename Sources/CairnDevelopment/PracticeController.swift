import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/practices`: a practice's development plan, run by its facilitator and read by its team (issue #18 items 1–3).
package struct PracticeController: RouteCollection {
    typealias Body = Node<HTML.BodyContext>

    package func boot(routes: any RoutesBuilder) throws {
        let practice = DevelopmentAccess.practiceLoader()
        let workshop = DevelopmentAccess.workshopLoader()
        let development = DevelopmentAccess.developmentLoader()
        routes.on(.practices, action: .readPracticePlan, use: list)
        routes.on(
            .practices, .POST, action: .runPracticeDevelopment,
            after: .says("started", "The practice's plan is started. Add the team, then the first workshop."),
            use: create)
        routes.on(.practicePlan(nil), action: .readPracticePlan, record: practice, use: plan)
        routes.on(
            .practiceDetails(nil), .POST, action: .runPracticeDevelopment, record: practice,
            after: .says("details", "The name and vision are saved."), use: details)
        routes.on(
            .practiceMembers(nil), .POST, action: .runPracticeDevelopment, record: practice,
            after: .says("member", "They are in the team."), use: addMember)
        routes.on(
            .practiceNeeds(nil), .POST, action: .runPracticeDevelopment, record: practice,
            after: .says("need", "The need is added."), use: addNeed)
        routes.on(
            .practiceWorkshops(nil), .POST, action: .runPracticeDevelopment, record: practice,
            after: .says("workshop", "The workshop is recorded. Record each attendee's ranking of the needs below."),
            use: addWorkshop)
        routes.on(.practiceWorkshop(nil, nil), action: .runPracticeDevelopment, record: workshop, use: workshopPage)
        routes.on(
            .practiceWorkshopRankings(nil, nil), .POST, action: .runPracticeDevelopment, record: workshop,
            after: .says("ranking", "The ranking is recorded and the result below includes it."), use: rank)
        routes.on(
            .practiceDevelopments(nil), .POST, action: .runPracticeDevelopment, record: practice,
            after: .says("development-added", "The development is added."), use: addDevelopment)
        routes.on(
            .practiceDevelopment(nil, nil), action: .readPracticePlan, record: development, use: developmentPage)
        routes.on(
            .practiceDevelopment(nil, nil), .POST, action: .runPracticeDevelopment, record: development,
            after: .says("development-saved", "The development is saved."), use: changeDevelopment)
        routes.on(
            .practiceDevelopmentEvaluation(nil, nil), .POST, action: .runPracticeDevelopment, record: development,
            after: .says("evaluation", "The evaluation is saved."), use: evaluate)
        routes.on(
            .practiceDevelopmentObjectives(nil, nil), .POST, action: .runPracticeDevelopment, record: development,
            after: .says(
                "objective", "The objective is in their personal development plan, linked to this development."),
            use: proposeObjective)
        routes.on(.practiceChallenges(nil), action: .runPracticeDevelopment, record: practice, use: challenges)
        routes.on(
            .practiceChallenges(nil), .POST, action: .runPracticeDevelopment, record: practice,
            after: .says("challenge", "The challenge is logged."), use: logChallenge)
    }

    private static func form(_ request: Request) throws -> [String: String] {
        try request.content.decode([String: String].self)
    }

    // MARK: The list

    @Sendable func list(request: Request) async throws -> HTMLPage {
        try await listPage(request, draft: PracticeDraft(), errors: FormErrors())
    }

    private func listPage(_ request: Request, draft: PracticeDraft, errors: FormErrors) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let (rows, paging) = try await PracticeService(context: ServiceContext(request)).mine(page: page)
        let mayRun = Policy.decide(actor, .runPracticeDevelopment) == .allow
        let mayFigures = Policy.decide(actor, .readDevelopmentFigures) == .allow
        return request.page(
            Forms.title("Practices", errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .h1(.text("Practice development plans")),
                .p(
                    .text(
                        "Each practice's plan starts from its vision, finds and prioritises its needs at facilitated "
                            + "workshops, and links its developments to the team's personal development plans.")),
                .if(
                    mayFigures,
                    .p(.a(.attr("href", SiteURL.developmentFigures.path), .text("Figures across practices")))),
                rows.isEmpty
                    ? .p(.text(mayRun ? "You facilitate no practice yet." : "You are not in a practice's team yet."))
                    : DevelopmentPages.table(
                        "Your practices (\(paging.total))",
                        columns: ["Practice", "Team", "Workshops", "Developments"],
                        rows: rows.map { row in
                            [
                                .a(.attr("href", SiteURL.practicePlan(row.practice.id).path), .text(row.practice.name)),
                                .text(String(row.members)), .text(String(row.workshops)),
                                .text(String(row.developments)),
                            ]
                        }),
                Pager.render(paging) { SiteURL.practices.path + "?page=\($0)" },
                .if(
                    mayRun,
                    DevelopmentPages.disclosure(
                        "Start a practice's plan", open: !errors.isEmpty,
                        Forms.form(
                            action: SiteURL.practices.path, csrf: request.csrfToken,
                            Forms.text(
                                .init(name: "name", label: "Practice name", value: draft.name, error: errors["name"])),
                            Forms.textArea(
                                name: "vision", label: "The practice's vision", value: draft.vision,
                                hint: "Where the practice wants to be: the plan starts here", error: errors["vision"],
                                rows: 4),
                            Forms.submit("Start the plan"))))))
    }

    @Sendable func create(request: Request) async throws -> Response {
        let form = try Self.form(request)
        let draft = PracticeDraft(name: form["name"] ?? "", vision: form["vision"] ?? "")
        switch try await PracticeService(context: ServiceContext(request)).create(draft) {
        case .failure(let errors):
            return try await listPage(request, draft: draft, errors: errors).encodeResponse(for: request)
        case .success(let practice):
            return request.redirect(to: SiteURL.practicePlan(practice.id).path)
        }
    }

    // MARK: The plan

    struct Typed {
        var details: PracticeDraft?
        var member: [String: String] = [:]
        var need = NeedDraft()
        var workshop = WorkshopDraft()
        var attendees: Set<String> = []
        var development = DevelopmentDraft()
        var developmentLinks: [String: String] = [:]
    }

    @Sendable func plan(request: Request) async throws -> HTMLPage {
        try await planPage(request, typed: Typed(), errors: FormErrors())
    }

    private func planPage(_ request: Request, typed: Typed, errors: FormErrors) async throws
        -> HTMLPage
    {
        let practice = try request.authorisedRecord(Practice.self)
        let actor = try request.requireActor()
        let service = PracticeService(context: ServiceContext(request))
        let mayRun =
            Policy.decide(
                actor, .runPracticeDevelopment,
                on: .record(try await DevelopmentAccess.standing(of: actor, to: practice, on: request.db))) == .allow
        let members = try await service.members(of: practice)
        let needs = try await service.needs(of: practice)
        let workshops = try await service.workshops(of: practice)
        let developments = try await service.developments(of: practice)
        let priorities = try await service.currentPriorities(of: practice, needs: needs)
        let csrf = request.csrfToken
        let uncovered = developments.filter { $0.linkedObjectives == 0 && $0.development.status != .dropped }
        let details = typed.details ?? PracticeDraft(name: practice.name, vision: practice.vision)
        let team: Body = .group(
            .h2(.text("Team")),
            members.isEmpty
                ? .p(.text("Nobody is in the team yet."))
                : .ul(.forEach(members) { .li(.text("\($0.name) (\($0.staffGroup.title))")) }),
            .if(
                mayRun,
                DevelopmentPages.disclosure(
                    "Add someone to the team",
                    open: ["memberEmail", "memberName", "staffGroup"].contains { errors[$0] != nil },
                    Forms.form(
                        action: SiteURL.practiceMembers(practice.id).path, csrf: csrf,
                        Forms.text(
                            .init(
                                name: "memberName", label: "Name", value: typed.member["memberName"] ?? "",
                                error: errors["memberName"])),
                        Forms.text(
                            .init(
                                name: "memberEmail", label: "Email address", value: typed.member["memberEmail"] ?? "",
                                type: "email", hint: "Someone without an account here is sent an invitation",
                                error: errors["memberEmail"], spellcheck: false)),
                        Forms.select(
                            name: "staffGroup", label: "Place in the team",
                            choices: DevelopmentPages.choices(StaffGroup.self, title: \.title),
                            selected: typed.member["staffGroup"], error: errors["staffGroup"]),
                        Forms.submit("Add to the team")))))
        let workshopSection: Body = .group(
            .h2(.text("Workshops")),
            .p(.text("A plan is made at four facilitated workshops or more; \(workshops.count) recorded.")),
            workshops.isEmpty
                ? .p(.text("No workshop yet."))
                : DevelopmentPages.table(
                    "Workshops", columns: ["Day", "Attendees", "Rankings recorded"],
                    rows: workshops.map { row in
                        [
                            mayRun
                                ? .a(
                                    .attr("href", SiteURL.practiceWorkshop(practice.id, row.workshop.id).path),
                                    .text(CalendarDay.longText(iso: row.workshop.heldOn)))
                                : .text(CalendarDay.longText(iso: row.workshop.heldOn)),
                            .text(String(row.attendees)), .text(String(row.ballots)),
                        ]
                    }),
            .if(
                mayRun,
                DevelopmentPages.disclosure(
                    "Record a workshop", open: ["workshopDay", "notes", "attendees"].contains { errors[$0] != nil },
                    Forms.form(
                        action: SiteURL.practiceWorkshops(practice.id).path, csrf: csrf,
                        DevelopmentPages.dateField("workshopDay", "Day of the workshop", typed.workshop.day, errors),
                        Forms.checkboxes(
                            name: "attendees", legend: "Who came",
                            choices: members.map { .init(value: $0.personID.uuidString.lowercased(), label: $0.name) },
                            checked: typed.attendees, error: errors["attendees"]),
                        Forms.textArea(
                            name: "notes", label: "Notes (the facilitator's, not shown to the team)",
                            value: typed.workshop.notes, error: errors["notes"], rows: 4),
                        Forms.submit("Record the workshop")))))
        let prioritySection: Body = .group(
            .h2(.text("Priorities")),
            .unwrap(priorities) { result in
                .group(
                    .p(
                        .text(
                            "From the workshop on \(CalendarDay.longText(iso: result.workshop.heldOn)). "
                                + PriorityRanking.method(needs: needs.count, ballots: result.ballots))),
                    DevelopmentPages.table(
                        "The practice's priorities", columns: ["Place", "Need", "Points", "First places", "Ranked by"],
                        rows: result.rows.map { row in
                            [
                                .text(row.positionText), .text(row.title), .text(String(row.points)),
                                .text(String(row.firstPlaces)), .text(String(row.rankedBy)),
                            ]
                        }))
            },
            .if(priorities == nil, .p(.text("No workshop has ranked the needs yet."))))
        let needSection: Body = .group(
            .h2(.text("Needs")),
            needs.isEmpty
                ? .p(.text("No need recorded yet."))
                : DevelopmentPages.table(
                    "Needs", columns: ["Need", "Where it came from", "How it was found"],
                    rows: needs.map { [.text($0.title), .text($0.source.title), .text($0.finding.title)] }),
            .if(
                mayRun,
                DevelopmentPages.disclosure(
                    "Add a need", open: ["needTitle", "source", "finding"].contains { errors[$0] != nil },
                    Forms.form(
                        action: SiteURL.practiceNeeds(practice.id).path, csrf: csrf,
                        Forms.text(
                            .init(
                                name: "needTitle", label: "The need", value: typed.need.title,
                                error: errors["needTitle"])),
                        Forms.select(
                            name: "source", label: "Where it came from",
                            choices: DevelopmentPages.choices(NeedSource.self, title: \.title),
                            selected: typed.need.source,
                            error: errors["source"]),
                        Forms.select(
                            name: "finding", label: "How it was found",
                            choices: DevelopmentPages.choices(NeedFinding.self, title: \.title),
                            selected: typed.need.finding, error: errors["finding"]),
                        Forms.submit("Add the need")))))
        let developmentSection: Body = .group(
            .h2(.text("Developments")),
            developments.isEmpty
                ? .p(.text("No development yet."))
                : DevelopmentPages.table(
                    "Developments",
                    columns: ["Development", "Status", "Due", "Objectives behind it", "Realised change"],
                    rows: developments.map { row in
                        [
                            .a(
                                .attr("href", SiteURL.practiceDevelopment(practice.id, row.development.id).path),
                                .text(row.development.title)),
                            .text(row.development.status.title),
                            .text(CalendarDay.longText(iso: row.development.dueOn)),
                            .text(String(row.linkedObjectives)), .text(row.development.realised ? "Yes" : "No"),
                        ]
                    }),
            .if(
                !uncovered.isEmpty,
                .p(
                    .text(
                        "With nobody's objective behind them: "
                            + uncovered.map(\.development.title).joined(separator: "; ") + "."))),
            .if(
                mayRun,
                DevelopmentPages.disclosure(
                    "Add a development",
                    open: ["title", "aim", "objective", "startsOn", "dueOn", "status", "need", "owner"]
                        .contains { errors[$0] != nil },
                    Forms.form(
                        action: SiteURL.practiceDevelopments(practice.id).path, csrf: csrf,
                        Self.developmentFields(
                            typed.development, links: typed.developmentLinks, needs: needs, members: members,
                            errors: errors),
                        Forms.submit("Add the development")))))
        return request.page(
            Forms.title(practice.name, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                DevelopmentPages.back("Practices", .practices),
                .h1(.text(practice.name)),
                .h2(.text("Vision")),
                .p(.text(practice.vision.isEmpty ? "No vision written yet." : practice.vision)),
                .if(
                    mayRun,
                    .group(
                        DevelopmentPages.disclosure(
                            "Change the name or vision", open: errors["name"] != nil || errors["vision"] != nil,
                            Forms.form(
                                action: SiteURL.practiceDetails(practice.id).path, csrf: csrf,
                                DevelopmentPages.hidden("version", String(practice.version)),
                                Forms.text(
                                    .init(
                                        name: "name", label: "Practice name", value: details.name, error: errors["name"]
                                    )),
                                Forms.textArea(
                                    name: "vision", label: "The practice's vision", value: details.vision,
                                    error: errors["vision"], rows: 4),
                                Forms.submit("Save"))),
                        .p(
                            .a(
                                .attr("href", SiteURL.practiceChallenges(practice.id).path),
                                .text("Challenges of change: the facilitator's log"))))),
                team, workshopSection, prioritySection, needSection, developmentSection))
    }

    static func developmentFields(
        _ draft: DevelopmentDraft, links: [String: String], needs: [PracticeNeed],
        members: [PracticeService.MemberRow], errors: FormErrors
    ) -> Body {
        .group(
            Forms.text(.init(name: "title", label: "Development", value: draft.title, error: errors["title"])),
            Forms.select(
                name: "need", label: "The need it answers (optional)",
                choices: needs.compactMap { need in
                    need.id.map { Forms.Choice(value: $0.uuidString.lowercased(), label: need.title) }
                }, selected: links["need"], error: errors["need"]),
            Forms.textArea(name: "aim", label: "Aim", value: draft.aim, error: errors["aim"], rows: 3),
            Forms.textArea(
                name: "objective", label: "SMART objective", value: draft.objective,
                hint: "Specific, measurable, achievable, relevant and timed", error: errors["objective"], rows: 3),
            Forms.select(
                name: "owner", label: "Owner (optional)",
                choices: members.map { .init(value: $0.personID.uuidString.lowercased(), label: $0.name) },
                selected: links["owner"], error: errors["owner"]),
            DevelopmentPages.dateField("startsOn", "Starts on", draft.startsOn, errors),
            DevelopmentPages.dateField("dueOn", "Due on", draft.dueOn, errors),
            Forms.select(
                name: "status", label: "Status",
                choices: DevelopmentPages.choices(DevelopmentStatus.self, title: \.title),
                selected: draft.status, error: errors["status"]))
    }

    static func developmentDraft(_ form: [String: String]) -> DevelopmentDraft {
        DevelopmentDraft(
            title: form["title"] ?? "", aim: form["aim"] ?? "", objective: form["objective"] ?? "",
            startsOn: form["startsOn"] ?? "", dueOn: form["dueOn"] ?? "",
            status: form["status"] ?? DevelopmentStatus.planned.rawValue)
    }

    @Sendable func details(request: Request) async throws -> Response {
        let practice = try request.authorisedRecord(Practice.self)
        let form = try Self.form(request)
        let draft = PracticeDraft(name: form["name"] ?? "", vision: form["vision"] ?? "")
        let result = try await PracticeService(context: ServiceContext(request)).change(
            practice, draft, version: form["version"].flatMap { Int($0) })
        switch result {
        case .failure(let errors):
            return try await planPage(request, typed: Typed(details: draft), errors: errors)
                .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.practicePlan(practice.id).path)
        }
    }

    @Sendable func addMember(request: Request) async throws -> Response {
        let practice = try request.authorisedRecord(Practice.self)
        let form = try Self.form(request)
        let result = try await PracticeService(context: ServiceContext(request)).addMember(
            to: practice, email: form["memberEmail"] ?? "", name: form["memberName"] ?? "",
            group: form["staffGroup"] ?? "")
        switch result {
        case .failure(let errors):
            return try await planPage(request, typed: Typed(member: form), errors: errors)
                .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.practicePlan(practice.id).path)
        }
    }

    @Sendable func addNeed(request: Request) async throws -> Response {
        let practice = try request.authorisedRecord(Practice.self)
        let form = try Self.form(request)
        let draft = NeedDraft(
            title: form["needTitle"] ?? "", source: form["source"] ?? "", finding: form["finding"] ?? "")
        switch try await PracticeService(context: ServiceContext(request)).addNeed(to: practice, draft) {
        case .failure(let errors):
            return try await planPage(request, typed: Typed(need: draft), errors: errors)
                .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.practicePlan(practice.id).path)
        }
    }

    private struct WorkshopForm: Content {
        var workshopDay: String?
        var notes: String?
        var attendees: [String]?
    }

    @Sendable func addWorkshop(request: Request) async throws -> Response {
        let practice = try request.authorisedRecord(Practice.self)
        let form = try request.content.decode(WorkshopForm.self)
        let draft = WorkshopDraft(day: form.workshopDay ?? "", notes: form.notes ?? "")
        let attendees = (form.attendees ?? []).compactMap(UUID.init(uuidString:))
        switch try await PracticeService(context: ServiceContext(request)).addWorkshop(
            to: practice, draft, attendees: attendees)
        {
        case .failure(let errors):
            return try await planPage(
                request, typed: Typed(workshop: draft, attendees: Set(form.attendees ?? [])), errors: errors
            ).encodeResponse(for: request)
        case .success(let workshop):
            return request.redirect(to: SiteURL.practiceWorkshop(practice.id, workshop.id).path)
        }
    }

    @Sendable func addDevelopment(request: Request) async throws -> Response {
        let practice = try request.authorisedRecord(Practice.self)
        let form = try Self.form(request)
        let draft = Self.developmentDraft(form)
        switch try await PracticeService(context: ServiceContext(request)).addDevelopment(
            to: practice, draft, needID: form["need"] ?? "", ownerID: form["owner"] ?? "")
        {
        case .failure(let errors):
            return try await planPage(
                request, typed: Typed(development: draft, developmentLinks: form), errors: errors
            ).encodeResponse(for: request)
        case .success(let development):
            return request.redirect(
                to: SiteURL.practiceDevelopment(practice.id, development.id).path)
        }
    }

    // MARK: A workshop

    @Sendable func workshopPage(request: Request) async throws -> HTMLPage {
        try await workshopView(request, typed: [:], errors: FormErrors())
    }

    private func workshopView(_ request: Request, typed: [String: String], errors: FormErrors)
        async throws -> HTMLPage
    {
        let view = try request.authorisedRecord(DevelopmentAccess.WorkshopView.self)
        let context = ServiceContext(request)
        let service = PracticeService(context: context)
        let needs = try await service.needs(of: view.practice)
        let attendees = try await service.attendees(of: view.workshop)
        let ballots = try await service.ballots(of: view.workshop)
        let result = PriorityRanking.aggregate(
            needs: needs.compactMap { need in need.id.map { (id: $0, title: need.title) } },
            ballots: Array(ballots.values))
        let notes = try view.workshop.opened(\.$notes, with: context.cipher)
        let title = "Workshop on \(CalendarDay.longText(iso: view.workshop.heldOn))"
        return request.page(
            Forms.title(title, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                DevelopmentPages.back(view.practice.name, .practicePlan(view.practice.id)),
                .h1(.text(title)),
                .p(
                    .text(
                        "Attendees: "
                            + (attendees.isEmpty ? "none recorded" : attendees.map(\.name).joined(separator: ", ")))),
                .unwrap(notes) { .group(.h2(.text("Notes")), .p(.text($0))) },
                .h2(.text("Ranking the needs")),
                needs.isEmpty
                    ? .p(
                        .text("The practice has no needs yet: add them on the plan, then rank them here."))
                    : .group(
                        .p(
                            .text(
                                "Record each attendee's ranking: 1 for their first priority, each rank once; leave a need "
                                    + "empty when they did not rank it. Recording again replaces their ranking.")),
                        Forms.form(
                            action: SiteURL.practiceWorkshopRankings(view.practice.id, view.workshop.id).path,
                            csrf: request.csrfToken,
                            Forms.select(
                                name: "attendee", label: "Whose ranking",
                                choices: attendees.map { .init(value: $0.id.uuidString.lowercased(), label: $0.name) },
                                selected: typed["attendee"], error: errors["attendee"]),
                            .forEach(needs) { need in
                                let key = "rank-\(need.id?.uuidString.lowercased() ?? "")"
                                return Forms.text(
                                    .init(
                                        name: key, label: "Rank for “\(need.title)”", value: typed[key] ?? "",
                                        hint: "1 to \(needs.count)", error: errors[key], width: "3",
                                        inputMode: "numeric"))
                            },
                            Forms.submit("Record this ranking"))),
                .h2(.text("Result")),
                .p(.text(PriorityRanking.method(needs: needs.count, ballots: ballots.count))),
                DevelopmentPages.table(
                    "Result of this workshop", columns: ["Place", "Need", "Points", "First places", "Ranked by"],
                    rows: result.map { row in
                        [
                            .text(row.positionText), .text(row.title), .text(String(row.points)),
                            .text(String(row.firstPlaces)), .text(String(row.rankedBy)),
                        ]
                    }),
                .h2(.text("How it was reached")),
                ballots.isEmpty
                    ? .p(.text("No ranking is recorded yet."))
                    : DevelopmentPages.table(
                        "Each attendee's ranks", columns: ["Attendee"] + needs.map(\.title),
                        rows: attendees.filter { ballots[$0.id] != nil }.map { attendee in
                            [.text(attendee.name)]
                                + needs.map { need in
                                    .text(need.id.flatMap { ballots[attendee.id]?[$0] }.map(String.init) ?? "–")
                                }
                        })))
    }

    @Sendable func rank(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(DevelopmentAccess.WorkshopView.self)
        let form = try Self.form(request)
        var ranks: [String: String] = [:]
        for (key, value) in form where key.hasPrefix("rank-") { ranks[String(key.dropFirst(5))] = value }
        let result = try await PracticeService(context: ServiceContext(request)).recordRanking(
            at: view, attendee: form["attendee"].flatMap(UUID.init(uuidString:)), ranks: ranks)
        switch result {
        case .failure(let errors):
            return try await workshopView(request, typed: form, errors: errors).encodeResponse(
                for: request)
        case .success:
            return request.redirect(
                to: SiteURL.practiceWorkshop(view.practice.id, view.workshop.id).path)
        }
    }

    // MARK: A development

    struct DevelopmentTyped {
        var draft: DevelopmentDraft?
        var links: [String: String] = [:]
        var evaluation: EvaluationDraft?
        var objective: [String: String] = [:]
    }

    @Sendable func developmentPage(request: Request) async throws -> HTMLPage {
        try await developmentView(request, typed: DevelopmentTyped(), errors: FormErrors())
    }

    private func developmentView(
        _ request: Request, typed: DevelopmentTyped, errors: FormErrors
    ) async throws -> HTMLPage {
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        let actor = try request.requireActor()
        let service = PracticeService(context: ServiceContext(request))
        let development = view.development
        let mayRun =
            Policy.decide(
                actor, .runPracticeDevelopment,
                on: .record(try await DevelopmentAccess.standing(of: actor, to: view.practice, on: request.db)))
            == .allow
        let members = try await service.members(of: view.practice)
        let needs = mayRun ? try await service.needs(of: view.practice) : []
        let linked = try await service.linkedObjectives(to: development)
        let needTitle = try await development.needID.asyncMap { try await PracticeNeed.find($0, on: request.db)?.title }
        let owner = development.ownerID.flatMap { id in members.first { $0.personID == id }?.name }
        let draft =
            typed.draft
            ?? DevelopmentDraft(
                title: development.title, aim: development.aim, objective: development.objective,
                startsOn: development.startsOn, dueOn: development.dueOn, status: development.status.rawValue)
        let links =
            typed.draft == nil
            ? [
                "need": development.needID?.uuidString.lowercased() ?? "",
                "owner": development.ownerID?.uuidString.lowercased() ?? "",
            ] : typed.links
        let evaluation =
            typed.evaluation
            ?? EvaluationDraft(
                before: development.beforeEvidence, after: development.afterEvidence,
                conclusion: development.conclusion, change: development.changeMade, realised: development.realised)
        let csrf = request.csrfToken
        let version = DevelopmentPages.hidden("version", String(development.version))
        return request.page(
            Forms.title(development.title, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                DevelopmentPages.back(view.practice.name, .practicePlan(view.practice.id)),
                .h1(.text(development.title)),
                .el(
                    "dl",
                    .class("summary-list"),
                    DevelopmentPages.row("Status", development.status.title),
                    DevelopmentPages.row("Answers the need", (needTitle ?? nil) ?? "None named"),
                    DevelopmentPages.row("Aim", development.aim),
                    DevelopmentPages.row("SMART objective", development.objective),
                    DevelopmentPages.row("Owner", owner ?? "Nobody named"),
                    DevelopmentPages.row(
                        "Dates",
                        "\(CalendarDay.longText(iso: development.startsOn)) to \(CalendarDay.longText(iso: development.dueOn))"
                    ),
                    DevelopmentPages.row(
                        "Objectives in the team's personal plans behind it",
                        linked == 0 ? "None yet" : String(linked))),
                .h2(.text("Evaluation")),
                .el(
                    "dl",
                    .class("summary-list"),
                    DevelopmentPages.row(
                        "Evidence before",
                        development.beforeEvidence.isEmpty ? "Not yet written" : development.beforeEvidence),
                    DevelopmentPages.row(
                        "Evidence after",
                        development.afterEvidence.isEmpty ? "Not yet written" : development.afterEvidence),
                    DevelopmentPages.row(
                        "Conclusion", development.conclusion.isEmpty ? "Not yet written" : development.conclusion),
                    DevelopmentPages.row(
                        "Change made", development.changeMade.isEmpty ? "Not yet written" : development.changeMade),
                    DevelopmentPages.row("A realised organisational change", development.realised ? "Yes" : "Not yet")),
                .if(
                    !mayRun,
                    .p(
                        .text("To make one of your objectives serve this development, link it from "),
                        .a(.attr("href", SiteURL.myDevelopment.path), .text("your development plan")), .text("."))),
                .if(
                    mayRun,
                    .group(
                        DevelopmentPages.disclosure(
                            "Propose it as an objective in a team member's plan",
                            open: ["member", "targetOn", "domain"].contains { errors[$0] != nil },
                            Forms.form(
                                action: SiteURL.practiceDevelopmentObjectives(view.practice.id, development.id).path,
                                csrf: csrf,
                                .p(
                                    .text(
                                        "It becomes an item in their personal development plan, in the practice's words, "
                                            + "linked here. You will not see the rest of their plan.")),
                                Forms.select(
                                    name: "member", label: "Team member",
                                    choices: members.map {
                                        .init(value: $0.personID.uuidString.lowercased(), label: $0.name)
                                    },
                                    selected: typed.objective["member"], error: errors["member"]),
                                DevelopmentPages.dateField(
                                    "targetOn", "Target date", typed.objective["targetOn"] ?? development.dueOn, errors),
                                Forms.select(
                                    name: "domain", label: "Domain of Good Medical Practice",
                                    choices: DevelopmentPages.choices(GMPDomain.self, title: \.title),
                                    selected: typed.objective["domain"], error: errors["domain"]),
                                Forms.submit("Propose the objective"))),
                        DevelopmentPages.disclosure(
                            "Write the evaluation",
                            open: ["before", "after", "conclusion", "change", "realised"].contains {
                                errors[$0] != nil
                            },
                            Forms.form(
                                action: SiteURL.practiceDevelopmentEvaluation(view.practice.id, development.id).path,
                                csrf: csrf, version,
                                Forms.textArea(
                                    name: "before", label: "Evidence before", value: evaluation.before,
                                    error: errors["before"], rows: 3),
                                Forms.textArea(
                                    name: "after", label: "Evidence after", value: evaluation.after,
                                    error: errors["after"], rows: 3),
                                Forms.textArea(
                                    name: "conclusion", label: "Conclusion", value: evaluation.conclusion,
                                    error: errors["conclusion"], rows: 3),
                                Forms.textArea(
                                    name: "change", label: "Change made", value: evaluation.change,
                                    error: errors["change"], rows: 3),
                                Forms.checkboxes(
                                    name: "realised", legend: "Realised change",
                                    choices: [.init(value: "yes", label: "This is a realised organisational change")],
                                    checked: evaluation.realised ? ["yes"] : [], error: errors["realised"]),
                                Forms.submit("Save the evaluation"))),
                        DevelopmentPages.disclosure(
                            "Change the development",
                            open: ["title", "aim", "objective", "startsOn", "dueOn", "status", "need", "owner"]
                                .contains { errors[$0] != nil },
                            Forms.form(
                                action: SiteURL.practiceDevelopment(view.practice.id, development.id).path, csrf: csrf,
                                version,
                                Self.developmentFields(
                                    draft, links: links, needs: needs, members: members, errors: errors),
                                Forms.submit("Save the development")))))))
    }

    @Sendable func changeDevelopment(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        let form = try Self.form(request)
        let draft = Self.developmentDraft(form)
        let result = try await PracticeService(context: ServiceContext(request)).changeDevelopment(
            view, draft, needID: form["need"] ?? "", ownerID: form["owner"] ?? "",
            version: form["version"].flatMap { Int($0) })
        switch result {
        case .failure(let errors):
            return try await developmentView(
                request, typed: DevelopmentTyped(draft: draft, links: form), errors: errors
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(
                to: SiteURL.practiceDevelopment(view.practice.id, view.development.id).path)
        }
    }

    private struct EvaluationForm: Content {
        var before: String?
        var after: String?
        var conclusion: String?
        var change: String?
        var realised: [String]?
        var version: Int?
    }

    @Sendable func evaluate(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        let form = try request.content.decode(EvaluationForm.self)
        let draft = EvaluationDraft(
            before: form.before ?? "", after: form.after ?? "", conclusion: form.conclusion ?? "",
            change: form.change ?? "", realised: form.realised?.contains("yes") == true)
        let result = try await PracticeService(context: ServiceContext(request)).evaluate(
            view, draft, version: form.version)
        switch result {
        case .failure(let errors):
            return try await developmentView(
                request, typed: DevelopmentTyped(evaluation: draft), errors: errors
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(
                to: SiteURL.practiceDevelopment(view.practice.id, view.development.id).path)
        }
    }

    @Sendable func proposeObjective(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(DevelopmentAccess.DevelopmentView.self)
        let form = try Self.form(request)
        let result = try await PracticeService(context: ServiceContext(request)).proposeObjective(
            view, memberID: form["member"] ?? "", targetOn: form["targetOn"] ?? "", domain: form["domain"] ?? "")
        switch result {
        case .failure(let errors):
            return try await developmentView(
                request, typed: DevelopmentTyped(objective: form), errors: errors
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(
                to: SiteURL.practiceDevelopment(view.practice.id, view.development.id).path)
        }
    }

    // MARK: Challenge log

    @Sendable func challenges(request: Request) async throws -> HTMLPage {
        try await challengePage(request, draft: SengeEntryDraft(), errors: FormErrors())
    }

    private func challengePage(_ request: Request, draft: SengeEntryDraft, errors: FormErrors)
        async throws -> HTMLPage
    {
        let practice = try request.authorisedRecord(Practice.self)
        let entries = try await PracticeService(context: ServiceContext(request)).challenges(of: practice)
        return request.page(
            Forms.title("Challenges of change", errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                DevelopmentPages.back(practice.name, .practicePlan(practice.id)),
                .h1(.text("Challenges of change at \(practice.name)")),
                .p(
                    .text(
                        "Senge's ten challenges of change, in three phases: what arose, how you negotiated it, and "
                            + "what came of it. The log is yours as facilitator; the team does not see it.")),
                Forms.form(
                    action: SiteURL.practiceChallenges(practice.id).path, csrf: request.csrfToken,
                    Forms.select(
                        name: "challenge", label: "Challenge",
                        choices: SengeChallenge.allCases.map {
                            .init(value: $0.rawValue, label: "\($0.phase.title): \($0.title)")
                        },
                        selected: draft.challenge, error: errors["challenge"]),
                    DevelopmentPages.dateField("day", "When it arose", draft.day, errors),
                    Forms.textArea(
                        name: "happened", label: "What happened", value: draft.happened, error: errors["happened"],
                        rows: 3),
                    Forms.textArea(
                        name: "negotiated", label: "How it was negotiated", value: draft.negotiated,
                        error: errors["negotiated"], rows: 3),
                    Forms.textArea(
                        name: "outcome", label: "Outcome (optional)", value: draft.outcome, error: errors["outcome"],
                        rows: 2),
                    Forms.submit("Log the challenge")),
                .h2(.text("The log")),
                entries.isEmpty
                    ? .p(.text("Nothing logged yet."))
                    : .group(
                        .forEach(entries) { entry in
                            .div(
                                .class("card"),
                                .h3(
                                    .text(
                                        "\(entry.entry.challenge.title) (\(entry.entry.phase.title)), \(CalendarDay.longText(iso: entry.entry.day))"
                                    )),
                                .el(
                                    "dl",
                                    .class("summary-list"),
                                    DevelopmentPages.row("What happened", entry.happened),
                                    DevelopmentPages.row("How it was negotiated", entry.negotiated),
                                    DevelopmentPages.row(
                                        "Outcome", entry.outcome.isEmpty ? "Not recorded" : entry.outcome)))
                        })))
    }

    @Sendable func logChallenge(request: Request) async throws -> Response {
        let practice = try request.authorisedRecord(Practice.self)
        let form = try Self.form(request)
        let draft = SengeEntryDraft(
            challenge: form["challenge"] ?? "", day: form["day"] ?? "", happened: form["happened"] ?? "",
            negotiated: form["negotiated"] ?? "", outcome: form["outcome"] ?? "")
        switch try await PracticeService(context: ServiceContext(request)).logChallenge(at: practice, draft) {
        case .failure(let errors):
            return try await challengePage(request, draft: draft, errors: errors).encodeResponse(
                for: request)
        case .success: return request.redirect(to: SiteURL.practiceChallenges(practice.id).path)
        }
    }
}
