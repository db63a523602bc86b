import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/my-development`: one's own personal development plan, evidence, appraisal and revalidation, and the evidence
/// pack (issue #18 items 4 and 5). Everything here is the actor's own.
package struct MyDevelopmentController: RouteCollection {
    typealias Body = Node<HTML.BodyContext>

    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.myDevelopment, action: .keepOwnDevelopment, use: show)
        routes.on(
            .myDevelopmentItems, .POST, action: .keepOwnDevelopment,
            after: .says("item", "The item is in your plan."), use: addItem)
        routes.on(
            .myDevelopmentItem(nil), action: .keepOwnDevelopment, record: DevelopmentAccess.pdpItemLoader(), use: item)
        routes.on(
            .myDevelopmentItem(nil), .POST, action: .keepOwnDevelopment, record: DevelopmentAccess.pdpItemLoader(),
            after: .says("item-changed", "The change to the item is saved."), use: changeItem)
        routes.on(
            .myDevelopmentEvidence, .POST, action: .keepOwnDevelopment,
            after: .says("evidence", "The evidence is added."), use: addEvidence)
        routes.on(
            .myDevelopmentEvidenceFile(nil), action: .keepOwnDevelopment, record: DevelopmentAccess.evidenceLoader(),
            use: evidenceFile)
        routes.on(
            .myDevelopmentRevalidation, .POST, action: .keepOwnDevelopment,
            after: .says("revalidation", "Your revalidation date is saved."), use: revalidation)
        routes.on(
            .myDevelopmentAppraisals, .POST, action: .keepOwnDevelopment,
            after: .says("appraisal", "The appraisal is recorded."), use: appraisal)
        routes.on(.evidencePackHTML, action: .keepOwnDevelopment, use: exportHTML)
        routes.on(.evidencePackMarkdown, action: .keepOwnDevelopment, use: exportMarkdown)
        routes.on(.evidencePackJSON, action: .keepOwnDevelopment, use: exportJSON)
    }

    private static func form(_ request: Request) throws -> [String: String] {
        try request.content.decode([String: String].self)
    }

    static func itemDraft(_ form: [String: String]) -> PDPItemDraft {
        PDPItemDraft(
            learningNeed: form["learningNeed"] ?? "", objective: form["objective"] ?? "",
            activity: form["activity"] ?? "",
            targetOn: form["targetOn"] ?? "", domain: form["domain"] ?? "", status: form["status"] ?? "",
            evidence: form["evidence"] ?? "", reviewNote: form["reviewNote"] ?? "")
    }

    static func itemFields(
        _ draft: PDPItemDraft, development: String, developments: [(id: UUID, label: String)], errors: FormErrors
    ) -> Body {
        .group(
            Forms.textArea(
                name: "learningNeed", label: "Learning need", value: draft.learningNeed, error: errors["learningNeed"],
                rows: 2),
            Forms.textArea(
                name: "objective", label: "SMART objective", value: draft.objective,
                hint: "Specific, measurable, achievable, relevant and timed", error: errors["objective"], rows: 2),
            Forms.textArea(
                name: "activity", label: "Planned activity", value: draft.activity, error: errors["activity"], rows: 2),
            DevelopmentPages.dateField("targetOn", "Target date", draft.targetOn, errors),
            Forms.select(
                name: "domain", label: "Domain of Good Medical Practice",
                choices: DevelopmentPages.choices(GMPDomain.self, title: \.title), selected: draft.domain,
                error: errors["domain"]),
            Forms.select(
                name: "status", label: "Status", choices: DevelopmentPages.choices(PDPStatus.self, title: \.title),
                selected: draft.status, error: errors["status"]),
            Forms.textArea(
                name: "evidence", label: "Evidence of achievement", value: draft.evidence,
                hint: "Needed to mark it complete", error: errors["evidence"], rows: 2),
            Forms.textArea(
                name: "reviewNote", label: "Review note", value: draft.reviewNote,
                hint: "Needed to carry it forward or drop it", error: errors["reviewNote"], rows: 2),
            Forms.select(
                name: "development", label: "Serves the practice's development (optional)",
                choices: developments.map { .init(value: $0.id.uuidString.lowercased(), label: $0.label) },
                selected: development, error: errors["development"]))
    }

    struct Typed {
        var item = PDPItemDraft()
        var itemDevelopment = ""
        var evidence = EvidenceDraft()
        var fact = ""
        var evidenceItem = ""
        var revalidation: RevalidationDraft?
        var appraisalOn = ""
    }

    @Sendable func show(request: Request) async throws -> HTMLPage {
        try await page(request, typed: Typed(), errors: FormErrors())
    }

    private func page(_ request: Request, typed: Typed, errors: FormErrors) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let context = ServiceContext(request)
        let service = PortfolioService(context: context)
        let itemPage = (try? request.query.get(Int.self, at: "items")) ?? 1
        let evidencePage = (try? request.query.get(Int.self, at: "evidence")) ?? 1
        let (items, itemPaging) = try await service.items(page: itemPage)
        let (evidence, evidencePaging) = try await service.evidence(page: evidencePage)
        let developments = try await service.linkableDevelopments()
        let facts = try await service.facts()
        let standing = try await service.standing(of: actor.personID)
        let appraisals = try await service.appraisals(of: actor.personID)
        let csrf = request.csrfToken
        let revalidation =
            typed.revalidation
            ?? RevalidationDraft(
                register: standing.profile?.register.rawValue ?? "",
                revalidationDue: standing.profile?.revalidationDueOn ?? "")
        let itemOptions = items.compactMap { row in
            row.item.id.map { Forms.Choice(value: $0.uuidString.lowercased(), label: row.draft.learningNeed) }
        }
        let dateLine: String? = standing.dateStanding.map { standing in
            switch standing {
            case .ahead(let notice): "Notice of your revalidation comes on \(notice.longText)."
            case .noticeGiven(let days): "Your revalidation is due in \(days) \(days == 1 ? "day" : "days")."
            case .passed(let days):
                "Your revalidation date passed \(days) \(days == 1 ? "day" : "days") ago: record your new date."
            }
        }
        return request.page(
            Forms.title("My development", errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .h1(.text("My development")),
                .p(
                    .text(
                        "Your plan and evidence are yours: nobody else reads them. Your responsible officer sees your "),
                    .text("appraisal and revalidation dates and which kinds of evidence you have, never what they say.")
                ),
                .p(
                    .text("Evidence pack: "),
                    .a(.attr("href", SiteURL.evidencePackHTML.path), .text("printable page")), .text(", "),
                    .a(.attr("href", SiteURL.evidencePackMarkdown.path), .text("Markdown")), .text(" or "),
                    .a(.attr("href", SiteURL.evidencePackJSON.path), .text("JSON")), .text(".")),
                .h2(.text("Appraisal and revalidation")),
                .el(
                    "dl",
                    .class("summary-list"),
                    DevelopmentPages.row(
                        "Revalidation",
                        standing.profile.map {
                            "\($0.register.rawValue.uppercased()) on \(CalendarDay.longText(iso: $0.revalidationDueOn))"
                        } ?? "No date recorded"),
                    DevelopmentPages.row(
                        "Appraisal year \(Revalidation.appraisalYearText(standing.appraisalYear))",
                        standing.appraisalHeld.map { "Appraisal on \($0.longText)" } ?? "No appraisal yet this year"),
                    DevelopmentPages.row(
                        "Appraisals recorded",
                        appraisals.isEmpty ? "None" : appraisals.map(\.longText).joined(separator: "; "))),
                .unwrap(dateLine) { .p(.text($0)) },
                DevelopmentPages.table(
                    "Supporting information this appraisal year", columns: ["Kind", "This year"],
                    rows: standing.supportingInformation.map {
                        [.text($0.kind.title), .text($0.present ? "Present" : "Missing")]
                    }),
                .unwrap(standing.nmc) { rows in
                    DevelopmentPages.table(
                        "NMC revalidation: the three years to your date",
                        columns: ["Requirement", "Have", "Needed", "Met"],
                        rows: rows.map { row in
                            [
                                .text(row.title), .text("\(row.have) \(row.unit)"), .text(String(row.needed)),
                                .text(row.isMet ? "Yes" : "Not yet"),
                            ]
                        })
                },
                DevelopmentPages.disclosure(
                    "Record your revalidation date",
                    open: errors["register"] != nil || errors["revalidationDue"] != nil,
                    Forms.form(
                        action: SiteURL.myDevelopmentRevalidation.path, csrf: csrf,
                        Forms.radios(
                            name: "register", legend: "Who you revalidate with",
                            choices: DevelopmentPages.choices(RevalidationRegister.self, title: \.title),
                            selected: revalidation.register, error: errors["register"]),
                        DevelopmentPages.dateField(
                            "revalidationDue", "Revalidation date", revalidation.revalidationDue, errors),
                        Forms.submit("Save the date"))),
                DevelopmentPages.disclosure(
                    "Record an appraisal", open: errors["appraisalOn"] != nil,
                    Forms.form(
                        action: SiteURL.myDevelopmentAppraisals.path, csrf: csrf,
                        DevelopmentPages.dateField("appraisalOn", "Day of the appraisal", typed.appraisalOn, errors),
                        Forms.submit("Record the appraisal"))),
                .h2(.text("Personal development plan")),
                items.isEmpty
                    ? .p(.text("No items yet."))
                    : DevelopmentPages.table(
                        "Your plan (\(itemPaging.total) items)",
                        columns: ["Learning need", "Target date", "Status", "Serves the practice's plan"],
                        rows: items.map { row in
                            [
                                .a(
                                    .attr("href", SiteURL.myDevelopmentItem(row.item.id).path),
                                    .text(row.draft.learningNeed)),
                                .text(CalendarDay.longText(iso: row.item.targetOn)), .text(row.item.status.title),
                                .text(row.serves ?? "No"),
                            ]
                        }),
                Pager.render(itemPaging) { SiteURL.myDevelopment.path + "?items=\($0)" },
                DevelopmentPages.disclosure(
                    "Add an item",
                    open: [
                        "learningNeed", "objective", "activity", "targetOn", "domain", "status", "evidence",
                        "reviewNote",
                        "development",
                    ].contains { errors[$0] != nil },
                    Forms.form(
                        action: SiteURL.myDevelopmentItems.path, csrf: csrf,
                        Self.itemFields(
                            typed.item, development: typed.itemDevelopment, developments: developments, errors: errors),
                        Forms.submit("Add to my plan"))),
                .h2(.text("Evidence")),
                evidence.isEmpty
                    ? .p(.text("No evidence yet."))
                    : DevelopmentPages.table(
                        "Your evidence (\(evidencePaging.total))", columns: ["Evidence", "Kind", "Day", "Hours"],
                        rows: evidence.map { row in
                            [
                                row.evidence.fileKind == nil
                                    ? .text(row.title)
                                    : .group(
                                        .text(row.title + " "),
                                        .a(
                                            .attr("href", SiteURL.myDevelopmentEvidenceFile(row.evidence.id).path),
                                            .text("(file)"))),
                                .text(row.evidence.kind.title), .text(CalendarDay.longText(iso: row.evidence.day)),
                                .text(
                                    row.evidence.minutes > 0
                                        ? String(format: "%.2f", Double(row.evidence.minutes) / 60) : "–"),
                            ]
                        }),
                Pager.render(evidencePaging) { SiteURL.myDevelopment.path + "?evidence=\($0)" },
                DevelopmentPages.disclosure(
                    "Add evidence",
                    open: ["kind", "day", "title", "hours", "fact", "item"].contains { errors[$0] != nil },
                    Forms.form(
                        action: SiteURL.myDevelopmentEvidence.path, csrf: csrf, multipart: true,
                        Forms.select(
                            name: "fact", label: "From your records in Cairn (optional)",
                            choices: facts.map {
                                .init(
                                    value: "\($0.source):\($0.reference)",
                                    label: "\($0.title) (\(CalendarDay.longText(iso: $0.day)))")
                            },
                            selected: typed.fact,
                            hint:
                                "A reflection of yours, or your part in a peer group: its title, day and time are copied",
                            error: errors["fact"]),
                        Forms.select(
                            name: "kind", label: "Kind of evidence",
                            choices: DevelopmentPages.choices(EvidenceKind.self, title: \.title),
                            selected: typed.evidence.kind,
                            error: errors["kind"]),
                        Forms.text(
                            .init(
                                name: "title", label: "What it is", value: typed.evidence.title,
                                hint: "Leave empty when you chose one of your records above", error: errors["title"])),
                        DevelopmentPages.dateField(
                            "day", "Date", typed.evidence.day, errors, hint: "Leave empty for one of your records above"
                        ),
                        Forms.text(
                            .init(
                                name: "hours", label: "Hours (for CPD and practice hours)", value: typed.evidence.hours,
                                hint: "For example, 1.5", error: errors["hours"], width: "5", inputMode: "decimal")),
                        Forms.checkboxes(
                            name: "participatory", legend: "Participatory CPD",
                            choices: [
                                .init(value: "yes", label: "It was learning with others (NMC participatory CPD)")
                            ],
                            checked: typed.evidence.participatory ? ["yes"] : []),
                        Forms.select(
                            name: "item", label: "For which item of your plan (optional)", choices: itemOptions,
                            selected: typed.evidenceItem, error: errors["item"]),
                        Forms.file(
                            name: "evidenceFile", label: "A file (optional)",
                            hint: "A PDF, PNG or JPEG of 900 KB or less, such as a certificate of attendance.",
                            error: errors["evidenceFile"]),
                        Forms.submit("Add the evidence")))))
    }

    @Sendable func addItem(request: Request) async throws -> Response {
        let form = try Self.form(request)
        let draft = Self.itemDraft(form)
        switch try await PortfolioService(context: ServiceContext(request)).addItem(
            draft, development: form["development"] ?? "")
        {
        case .failure(let errors):
            return try await page(
                request, typed: Typed(item: draft, itemDevelopment: form["development"] ?? ""), errors: errors
            ).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.myDevelopment.path)
        }
    }

    private struct EvidenceForm: Content {
        var fact: String?
        var kind: String?
        var title: String?
        var day: String?
        var hours: String?
        var participatory: [String]?
        var item: String?
        var evidenceFile: File?
    }

    @Sendable func addEvidence(request: Request) async throws -> Response {
        let form = try request.content.decode(EvidenceForm.self)
        let draft = EvidenceDraft(
            kind: form.kind ?? "", day: form.day ?? "", title: form.title ?? "", hours: form.hours ?? "",
            participatory: form.participatory?.contains("yes") == true)
        let upload = SealedFiles.Upload(form.evidenceFile)
        switch try await PortfolioService(context: ServiceContext(request)).addEvidence(
            draft, fact: form.fact ?? "", item: form.item ?? "", file: upload)
        {
        case .failure(let errors):
            return try await page(
                request, typed: Typed(evidence: draft, fact: form.fact ?? "", evidenceItem: form.item ?? ""),
                errors: errors
            ).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.myDevelopment.path)
        }
    }

    @Sendable func revalidation(request: Request) async throws -> Response {
        let form = try Self.form(request)
        let draft = RevalidationDraft(register: form["register"] ?? "", revalidationDue: form["revalidationDue"] ?? "")
        switch try await PortfolioService(context: ServiceContext(request)).setRevalidation(draft) {
        case .failure(let errors):
            return try await page(request, typed: Typed(revalidation: draft), errors: errors)
                .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.myDevelopment.path)
        }
    }

    @Sendable func appraisal(request: Request) async throws -> Response {
        let form = try Self.form(request)
        switch try await PortfolioService(context: ServiceContext(request)).addAppraisal(day: form["appraisalOn"] ?? "")
        {
        case .failure(let errors):
            return try await page(
                request, typed: Typed(appraisalOn: form["appraisalOn"] ?? ""), errors: errors
            )
            .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.myDevelopment.path)
        }
    }

    /// The evidence's file, as a download, for its owner.
    @Sendable func evidenceFile(request: Request) async throws -> Response {
        let evidence = try request.authorisedRecord(DevelopmentEvidence.self)
        guard let kind = evidence.fileKind,
            let file = try PortfolioService(context: ServiceContext(request)).file(of: evidence)
        else { throw Abort(.notFound) }
        return .file(file.data, type: kind.mediaType, filename: file.name)
    }

    // MARK: One item

    @Sendable func item(request: Request) async throws -> HTMLPage {
        try await itemPage(request, typed: nil, development: nil, errors: FormErrors())
    }

    private func itemPage(_ request: Request, typed: PDPItemDraft?, development: String?, errors: FormErrors)
        async throws -> HTMLPage
    {
        let item = try request.authorisedRecord(PDPItem.self)
        let service = PortfolioService(context: ServiceContext(request))
        let opened = try await service.open(item)
        let developments = try await service.linkableDevelopments()
        return request.page(
            Forms.title(opened.draft.learningNeed, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                DevelopmentPages.back("My development", .myDevelopment),
                .h1(.text(opened.draft.learningNeed)),
                .unwrap(opened.serves) { .p(.text("Serves the practice's development: \($0).")) },
                Forms.form(
                    action: SiteURL.myDevelopmentItem(item.id).path, csrf: request.csrfToken,
                    DevelopmentPages.hidden("version", String(item.version)),
                    Self.itemFields(
                        typed ?? opened.draft,
                        development: development ?? item.developmentID?.uuidString.lowercased() ?? "",
                        developments: developments, errors: errors),
                    Forms.submit("Save the item"))))
    }

    @Sendable func changeItem(request: Request) async throws -> Response {
        let item = try request.authorisedRecord(PDPItem.self)
        let form = try Self.form(request)
        let draft = Self.itemDraft(form)
        switch try await PortfolioService(context: ServiceContext(request)).change(
            item, draft, development: form["development"] ?? "", version: form["version"].flatMap { Int($0) })
        {
        case .failure(let errors):
            return try await itemPage(request, typed: draft, development: form["development"] ?? "", errors: errors)
                .encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.myDevelopment.path)
        }
    }

    // MARK: The evidence pack

    @Sendable func exportHTML(request: Request) async throws -> HTMLPage {
        let pack = try await EvidencePack.build(context: ServiceContext(request))
        return request.page(
            "Evidence pack: \(pack.name)",
            .group(
                DevelopmentPages.back("My development", .myDevelopment),
                .p(.text("Print this page, or save it as a PDF from the print dialogue.")), pack.body()))
    }

    @Sendable func exportMarkdown(request: Request) async throws -> Response {
        let pack = try await EvidencePack.build(context: ServiceContext(request))
        return .file(pack.markdown(), type: "text/markdown; charset=utf-8", filename: "evidence-pack.md")
    }

    @Sendable func exportJSON(request: Request) async throws -> Response {
        let pack = try await EvidencePack.build(context: ServiceContext(request))
        return .file(try pack.json(), type: "application/json; charset=utf-8", filename: "evidence-pack.json")
    }
}
