import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/induction/templates`: the organisation's templates (set up from the standard ones), a template's items by
/// phase, adding and removing items. Inductions already started keep their own copy.
package struct TemplateController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let template = InductionAccess.templateLoader()
        routes.on(.inductionTemplates, action: .runInductions, use: list)
        routes.on(
            .inductionTemplates, .POST, action: .runInductions,
            after: .says("templates-set-up", "The standard templates are set up. Change them to suit your service."),
            use: setUp)
        routes.on(.inductionTemplate(nil), action: .runInductions, record: template, use: show)
        routes.on(
            .inductionTemplateItems(nil), .POST, action: .runInductions, record: template,
            after: .says("template-item-added", "The item is added."), use: addItem)
        routes.on(
            .inductionTemplateItemRemove(nil, nil), .POST, action: .runInductions, record: template,
            after: .says("template-item-removed", "The item is removed."), use: removeItem)
        routes.on(.inductionTemplateItem(nil, nil), action: .runInductions, record: template, use: itemPage)
        routes.on(
            .inductionTemplateItem(nil, nil), .POST, action: .runInductions, record: template,
            after: .says("template-changed", "The template is changed."), use: changeItem)
        routes.on(
            .inductionTemplateSchedule(nil), .POST, action: .runInductions, record: template,
            after: .says("template-changed", "The template is changed."), use: schedule)
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        let templates = try await InductionService(context: ServiceContext(request)).templates()
        return request.page(
            "Induction templates",
            .group(
                .p(.a(.class("back-link"), .attr("href", SiteURL.inductions.path), .text("Induction"))),
                .h1(.text("Induction templates")),
                .p(
                    .text(
                        "Each role's template lists what every new starter in it is given, by phase. Changing a "
                            + "template changes inductions started after, never one already under way.")),
                templates.isEmpty
                    ? .p(.text("Your organisation has no templates yet."))
                    : .ul(
                        .class("link-list"),
                        .group(
                            templates.map { entry in
                                .li(
                                    .a(
                                        .attr("href", SiteURL.inductionTemplate(entry.template.id).path),
                                        .text(entry.template.name)),
                                    .text(" (\(entry.items) items)"))
                            })),
                .if(
                    templates.count < InductionRole.allCases.count,
                    Forms.buttonForm(
                        action: SiteURL.inductionTemplates.path, csrf: request.csrfToken,
                        label: "Add the standard templates", secondary: !templates.isEmpty))))
    }

    @Sendable package func setUp(request: Request) async throws -> Response {
        try await InductionService(context: ServiceContext(request)).setUpStandardTemplates()
        return request.redirect(to: SiteURL.inductionTemplates.path)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(request, draft: InductionItemDraft(), errors: FormErrors())
    }

    private func page(
        _ request: Request, draft: InductionItemDraft, errors: FormErrors,
        typedSchedule: (weekly: String, monthly: String)? = nil
    ) async throws -> HTMLPage {
        let template = try request.authorisedRecord(InductionTemplate.self)
        let entries = try await InductionService(context: ServiceContext(request)).entries(of: template)
        let csrf = request.csrfToken
        let version = String(template.version)
        return request.page(
            Forms.title(template.name, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .p(
                    .a(
                        .class("back-link"), .attr("href", SiteURL.inductionTemplates.path),
                        .text("Induction templates"))),
                .h1(.text(template.name)),
                .group(
                    InductionPhase.allCases.map { phase in
                        let inPhase = entries.filter { $0.phase == phase }
                        return inPhase.isEmpty
                            ? .empty
                            : .group(
                                .h2(.text(phase.title)),
                                .table(
                                    .class("table"),
                                    .caption(.class("visually-hidden"), .text(phase.title)),
                                    .thead(
                                        .tr(
                                            .th(.text("Item")), .th(.text("Who")), .th(.text("Due")),
                                            .th(.text("Sign-off")),
                                            .th(.span(.class("visually-hidden"), .text("Change"))))),
                                    .tbody(
                                        .group(
                                            inPhase.map { entry in
                                                .tr(
                                                    .td(
                                                        .text(entry.title),
                                                        .if(
                                                            !entry.details.isEmpty,
                                                            .div(.class("hint"), .text(entry.details)))),
                                                    .td(.text(entry.owner.title)),
                                                    .td(.text(Self.offsetText(entry.dueOffsetDays))),
                                                    .td(.text(entry.needsSignOff ? "Supervisor signs off" : "None")),
                                                    .td(
                                                        .a(
                                                            .attr(
                                                                "href",
                                                                SiteURL.inductionTemplateItem(template.id, entry.id)
                                                                    .path),
                                                            .text("Change"),
                                                            .span(
                                                                .class("visually-hidden"), .text(": \(entry.title)"))),
                                                        Forms.form(
                                                            action: SiteURL.inductionTemplateItemRemove(
                                                                template.id, entry.id
                                                            ).path, csrf: csrf,
                                                            .input(
                                                                .type(.hidden), .name("version"),
                                                                .attr("value", version)),
                                                            .el(
                                                                "button", .attr("type", "submit"),
                                                                .class("button button--secondary"), .text("Remove"),
                                                                .span(
                                                                    .class("visually-hidden"),
                                                                    .text(": \(entry.title)"))))))
                                            }))))
                    }),
                .h2(.text("Supervision")),
                Forms.form(
                    action: SiteURL.inductionTemplateSchedule(template.id).path, csrf: csrf,
                    .input(.type(.hidden), .name("version"), .attr("value", version)),
                    Forms.text(
                        .init(
                            name: "supervisionWeekly", label: "Weekly meetings from the first week",
                            value: typedSchedule?.weekly ?? String(template.supervisionWeekly),
                            hint: "From 0 to 12", error: errors["supervisionWeekly"], width: "3",
                            inputMode: "numeric")),
                    Forms.text(
                        .init(
                            name: "supervisionMonthly", label: "Then monthly meetings",
                            value: typedSchedule?.monthly ?? String(template.supervisionMonthly),
                            hint: "From 0 to 12; inductions started after a change follow it",
                            error: errors["supervisionMonthly"], width: "3", inputMode: "numeric")),
                    Forms.submit("Save the schedule", secondary: true)),
                .h2(.text("Add an item")),
                Forms.form(
                    action: SiteURL.inductionTemplateItems(template.id).path, csrf: csrf,
                    .input(.type(.hidden), .name("version"), .attr("value", version)),
                    Self.itemFields(draft, errors: errors),
                    Forms.submit("Add the item"))))
    }

    static func offsetText(_ days: Int) -> String {
        switch days {
        case ..<0: "\(-days) day\(days == -1 ? "" : "s") before the first day"
        case 0: "The first day"
        default: "Day \(days + 1)"
        }
    }

    private struct ItemForm: Content {
        var title: String?
        var details: String?
        var phase: String?
        var owner: String?
        var dueOffsetDays: String?
        var needsSignOff: [String]?
        var version: Int?
    }

    @Sendable package func addItem(request: Request) async throws -> Response {
        let template = try request.authorisedRecord(InductionTemplate.self)
        let form = try request.content.decode(ItemForm.self)
        let draft = InductionItemDraft(
            title: form.title ?? "", details: form.details ?? "", phase: form.phase ?? "", owner: form.owner ?? "",
            dueOffsetDays: form.dueOffsetDays ?? "", needsSignOff: form.needsSignOff?.contains("yes") == true)
        switch try await InductionService(context: ServiceContext(request)).addItem(
            draft, to: template, version: form.version)
        {
        case .failure(let errors):
            return try await page(request, draft: draft, errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.inductionTemplate(template.id).path)
        }
    }

    @Sendable package func itemPage(request: Request) async throws -> HTMLPage {
        let template = try request.authorisedRecord(InductionTemplate.self)
        guard let entryID = request.parameters.get("entryID", as: UUID.self),
            let entry = try await InductionTemplateEntry.find(entryID, on: request.db), entry.templateID == template.id
        else { throw Abort(.notFound) }
        let draft = InductionItemDraft(
            title: entry.title, details: entry.details, phase: entry.phase.rawValue, owner: entry.owner.rawValue,
            dueOffsetDays: String(entry.dueOffsetDays), needsSignOff: entry.needsSignOff)
        return Self.itemForm(request, template: template, entryID: entryID, draft: draft, errors: FormErrors())
    }

    static func itemForm(
        _ request: Request, template: InductionTemplate, entryID: UUID, draft: InductionItemDraft, errors: FormErrors
    ) -> HTMLPage {
        request.page(
            Forms.title("Change an item", errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .p(
                    .a(
                        .class("back-link"), .attr("href", SiteURL.inductionTemplate(template.id).path),
                        .text(template.name))),
                .h1(.text("Change an item")),
                .p(.text("Inductions already under way keep the item as it was.")),
                Forms.form(
                    action: SiteURL.inductionTemplateItem(template.id, entryID).path, csrf: request.csrfToken,
                    .input(.type(.hidden), .name("version"), .attr("value", String(template.version))),
                    itemFields(draft, errors: errors),
                    Forms.submit("Save the item"))))
    }

    static func itemFields(_ draft: InductionItemDraft, errors: FormErrors) -> Node<HTML.BodyContext> {
        .group(
            Forms.text(.init(name: "title", label: "What is to be done", value: draft.title, error: errors["title"])),
            Forms.textArea(
                name: "details", label: "Details (optional)", value: draft.details, error: errors["details"], rows: 3),
            Forms.select(
                name: "phase", label: "When",
                choices: [Forms.Choice(value: "", label: "Choose a phase")]
                    + InductionPhase.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                selected: draft.phase, error: errors["phase"]),
            Forms.select(
                name: "owner", label: "Who does it",
                choices: [Forms.Choice(value: "", label: "Choose who")]
                    + InductionOwner.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                selected: draft.owner, error: errors["owner"]),
            Forms.text(
                .init(
                    name: "dueOffsetDays", label: "Due, in days from the first day", value: draft.dueOffsetDays,
                    hint: "0 is the first day; a negative number is before it", error: errors["dueOffsetDays"],
                    width: "3")),
            Forms.checkboxes(
                name: "needsSignOff", legend: "Sign-off",
                choices: [Forms.Choice(value: "yes", label: "The supervisor signs it off")],
                checked: draft.needsSignOff ? ["yes"] : [], error: errors["needsSignOff"]))
    }

    @Sendable package func changeItem(request: Request) async throws -> Response {
        let template = try request.authorisedRecord(InductionTemplate.self)
        guard let entryID = request.parameters.get("entryID", as: UUID.self),
            let entry = try await InductionTemplateEntry.find(entryID, on: request.db), entry.templateID == template.id
        else { throw Abort(.notFound) }
        let form = try request.content.decode(ItemForm.self)
        let draft = InductionItemDraft(
            title: form.title ?? "", details: form.details ?? "", phase: form.phase ?? "", owner: form.owner ?? "",
            dueOffsetDays: form.dueOffsetDays ?? "", needsSignOff: form.needsSignOff?.contains("yes") == true)
        switch try await InductionService(context: ServiceContext(request)).changeItem(
            entryID, to: draft, in: template, version: form.version)
        {
        case .failure(let errors):
            return try await Self.itemForm(request, template: template, entryID: entryID, draft: draft, errors: errors)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.inductionTemplate(template.id).path)
        }
    }

    private struct ScheduleForm: Content {
        var supervisionWeekly: String?
        var supervisionMonthly: String?
        var version: Int?
    }

    @Sendable package func schedule(request: Request) async throws -> Response {
        let template = try request.authorisedRecord(InductionTemplate.self)
        let form = try request.content.decode(ScheduleForm.self)
        let weekly = form.supervisionWeekly ?? ""
        let monthly = form.supervisionMonthly ?? ""
        switch try await InductionService(context: ServiceContext(request)).changeSchedule(
            weekly: weekly, monthly: monthly, of: template, version: form.version)
        {
        case .failure(let errors):
            return try await page(
                request, draft: InductionItemDraft(), errors: errors, typedSchedule: (weekly, monthly)
            ).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.inductionTemplate(template.id).path)
        }
    }

    private struct RemoveForm: Content {
        var version: Int?
    }

    @Sendable package func removeItem(request: Request) async throws -> Response {
        let template = try request.authorisedRecord(InductionTemplate.self)
        guard let entryID = request.parameters.get("entryID", as: UUID.self) else { throw Abort(.notFound) }
        let form = try request.content.decode(RemoveForm.self)
        switch try await InductionService(context: ServiceContext(request)).removeItem(
            entryID, from: template, version: form.version)
        {
        case .failure(let errors):
            return try await page(request, draft: InductionItemDraft(), errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.inductionTemplate(template.id).path)
        }
    }
}
