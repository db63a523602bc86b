import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot
import Vapor

/// The pages of inductions and their templates. Every value passes through Plot's escaping `.text`/`.attr`.
package enum InductionPages {
    package typealias Body = Node<HTML.BodyContext>

    static func row(_ key: String, _ value: String) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(key)), .el("dd", .text(value)))
    }

    static func day(_ text: String) -> String { CalendarDay.longText(iso: text) }

    static func progressText(_ progress: InductionService.Progress) -> String {
        "\(progress.complete) of \(progress.items) done"
    }

    static func list(
        rows: [InductionService.Row], paging: Paging, search: String, cohorts: [InductionService.CohortRow]?,
        isLead: Bool, keepsPathway: Bool
    ) -> Body {
        .group(
            .h1(.text("Induction")),
            .p(
                .text(
                    "A new starter's first months: what is due and when, who does it, and what their supervisor signs "
                        + "off.")),
            .if(
                isLead,
                .ul(
                    .class("link-list"),
                    .li(.a(.class("button"), .attr("href", SiteURL.newInduction.path), .text("Start an induction"))),
                    .li(.a(.attr("href", SiteURL.inductionTemplates.path), .text("Induction templates"))),
                    .li(.a(.attr("href", SiteURL.roleDescriptions.path), .text("Role descriptions"))),
                    .li(.a(.attr("href", SiteURL.inductionFigures.path), .text("Figures: inductions and registration")))
                )),
            .if(
                keepsPathway,
                .p(
                    .a(
                        .attr("href", SiteURL.registrationPathway.path),
                        .text("Your road to GMC registration: dates and deadlines")))),
            .unwrap(cohorts) { cohorts in
                cohorts.isEmpty
                    ? .empty
                    : .group(
                        .h2(.text("By intake")),
                        .table(
                            .class("table"),
                            .caption(.class("visually-hidden"), .text("Progress by intake")),
                            .thead(
                                .tr(
                                    .th(.text("Intake")), .th(.text("People")), .th(.text("Items done")),
                                    .th(.text("Overdue")))),
                            .tbody(
                                .group(
                                    cohorts.map { cohort in
                                        .tr(
                                            .td(.text(cohort.cohort.isEmpty ? "No intake named" : cohort.cohort)),
                                            .td(.text(String(cohort.people))),
                                            .td(.text(progressText(cohort.progress))),
                                            .td(.text(String(cohort.progress.overdue))))
                                    }))))
            },
            .h2(.text(isLead ? "Everyone's inductions" : "Inductions")),
            .el(
                "form", .attr("method", "get"), .attr("action", SiteURL.inductions.path), .attr("role", "search"),
                Forms.text(
                    .init(
                        name: "q", label: "Find by name or intake", value: search, type: "search", width: "20")),
                Forms.submit("Search", secondary: true)),
            rows.isEmpty
                ? .p(.text(search.isEmpty ? "There are no inductions to show yet." : "No induction matches that."))
                : .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Inductions, \(paging.total) in all")),
                    .thead(
                        .tr(
                            .th(.text("New starter")), .th(.text("Supervisor")), .th(.text("Starts")),
                            .th(.text("Intake")), .th(.text("Progress")))),
                    .tbody(.group(rows.map(listRow)))),
            Pager.render(paging) { page in
                SiteURL.inductions.path + "?page=\(page)"
                    + (search.isEmpty
                        ? "" : "&q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            })
    }

    static func tag(_ text: String, _ kind: String) -> Node<HTML.BodyContext> {
        .group(.text(" "), .strong(.attr("class", "tag tag--\(kind)"), .text(text)))
    }

    static func listRow(_ row: InductionService.Row) -> Node<HTML.TableContext> {
        let progress = row.progress
        return .tr(
            .td(.a(.attr("href", SiteURL.induction(row.id).path), .text(row.inducteeName))),
            .td(.text(row.supervisorName)), .td(.text(day(row.startsOn))), .td(.text(row.cohort)),
            .td(
                .text(progressText(progress)),
                .if(progress.overdue > 0, tag("\(progress.overdue) overdue", "overdue")),
                .if(progress.awaitingSignOff > 0, tag("\(progress.awaitingSignOff) to sign off", "warning"))))
    }

    static func startForm(
        request: Request, draft: InductionStartDraft, templates: [InductionTemplate], errors: FormErrors
    ) -> HTMLPage {
        request.page(
            Forms.title("Start an induction", errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .p(.a(.class("back-link"), .attr("href", SiteURL.inductions.path), .text("Induction"))),
                .h1(.text("Start an induction")),
                templates.isEmpty
                    ? .p(
                        .text("Your organisation has no induction templates yet. "),
                        .a(.attr("href", SiteURL.inductionTemplates.path), .text("Set them up first.")))
                    : Forms.form(
                        action: SiteURL.inductions.path, csrf: request.csrfToken,
                        Forms.text(
                            .init(
                                name: "inducteeName", label: "New starter's name", value: draft.inducteeName,
                                error: errors["inducteeName"])),
                        Forms.text(
                            .init(
                                name: "inducteeEmail", label: "New starter's email", value: draft.inducteeEmail,
                                type: "email", hint: "They are invited to Cairn if they have no account yet.",
                                error: errors["inducteeEmail"], spellcheck: false)),
                        Forms.text(
                            .init(
                                name: "supervisorName", label: "Supervisor's name", value: draft.supervisorName,
                                error: errors["supervisorName"])),
                        Forms.text(
                            .init(
                                name: "supervisorEmail", label: "Supervisor's email", value: draft.supervisorEmail,
                                type: "email", error: errors["supervisorEmail"], spellcheck: false)),
                        Forms.radios(
                            name: "templateID", legend: "Template",
                            choices: templates.map {
                                Forms.Choice(value: $0.id?.uuidString.lowercased() ?? "", label: $0.name)
                            }, selected: draft.templateID.lowercased(), error: errors["templateID"]),
                        Forms.date(
                            name: "startsOn", label: "First day of work", value: draft.startsOn,
                            hint: "Items fall due counted from this day. For example, 27 3 2027",
                            error: errors["startsOn"]),
                        Forms.text(
                            .init(
                                name: "cohort", label: "Intake (optional)", value: draft.cohort,
                                hint: "For example: September 2026 intake", error: errors["cohort"])),
                        Forms.text(
                            .init(
                                name: "department", label: "Department (optional)", value: draft.department,
                                hint: "Its role description applies, when it has one", error: errors["department"])),
                        Forms.submit("Start the induction"))))
    }

    static func induction(
        induction: Induction, inductee: String, supervisor: String, items: [InductionItem],
        names: [UUID: String], evidence: [UUID: String], files: [UUID: String], actor: Actor, mayReadPathway: Bool,
        csrf: String,
        errors: FormErrors, today: CalendarDay, supervision: Body, role: Body
    ) -> Body {
        let standing = InductionAccess.standing(of: actor, to: induction)
        var progress = InductionService.Progress()
        progress.items = items.count
        progress.complete = items.filter(\.isComplete).count
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.inductions.path), .text("Induction"))),
            .h1(.text("Induction: \(inductee)")),
            .el(
                "dl", .class("summary-list"),
                row("Starts", day(induction.startsOn)), row("Supervisor", supervisor),
                row("Template", induction.templateName),
                .if(!induction.cohort.isEmpty, row("Intake", induction.cohort)),
                .if(!induction.department.isEmpty, row("Department", induction.department)),
                row("Progress", progressText(progress))),
            .if(
                mayReadPathway,
                .p(
                    .a(
                        .attr("href", SiteURL.inductionPathway(induction.id).path),
                        .text("\(inductee)'s road to GMC registration (shared with you)")))),
            role,
            supervision,
            .group(
                InductionPhase.allCases.map { phase in
                    let inPhase = items.filter { $0.phase == phase }
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
                                        .th(.text("Where it stands")))),
                                .tbody(
                                    .group(
                                        inPhase.map { item in
                                            itemRow(
                                                item, induction: induction, standing: standing, actor: actor,
                                                names: names, evidence: evidence, files: files, csrf: csrf,
                                                today: today)
                                        }))))
                }))
    }

    static func itemRow(
        _ item: InductionItem, induction: Induction, standing: Policy.InductionStanding, actor: Actor,
        names: [UUID: String], evidence: [UUID: String], files: [UUID: String], csrf: String, today: CalendarDay
    ) -> Node<HTML.TableContext> {
        let itemStanding = Policy.InductionItemStanding(
            induction: standing, owner: item.owner, needsSignOff: item.needsSignOff)
        let mayComplete = Policy.decide(actor, .completeInductionItem, on: .record(itemStanding)) == .allow
        let maySignOff = Policy.decide(actor, .signOffInductionItem, on: .record(itemStanding)) == .allow
        let overdue = item.completedOn == nil && item.dueOn < today.description
        let itemID = item.id ?? UUID()
        return .tr(
            .if(overdue, .class("row--overdue")),
            .td(
                .text(item.title),
                .if(!item.details.isEmpty, .div(.class("hint"), .text(item.details))),
                .if(item.needsSignOff, .div(.class("hint"), .text("Signed off by the supervisor")))),
            .td(.text(item.owner.title)),
            .td(
                .text(day(item.dueOn)),
                .if(overdue, .group(.text(" "), .strong(.class("tag tag--overdue"), .text("Overdue"))))),
            .td(
                .unwrap(item.completedOn) { done in
                    .group(
                        .p(
                            .text(
                                "Done on \(day(done))"
                                    + (item.completedBy.flatMap { names[$0] }.map { " by \($0)" } ?? ""))),
                        .unwrap(evidence[itemID]) { .p(.class("hint"), .text("Evidence: \($0)")) },
                        .unwrap(files[itemID]) { name in
                            .p(
                                .class("hint"), .text("Evidence file: "),
                                .a(
                                    .attr("href", SiteURL.inductionEvidenceFile(induction.id, item.id).path),
                                    .text(name)))
                        },
                        .unwrap(item.signedOffAt) { _ in
                            .p(.text("Signed off" + (item.signedOffBy.flatMap { names[$0] }.map { " by \($0)" } ?? "")))
                        },
                        .if(
                            item.needsSignOff && item.signedOffAt == nil,
                            maySignOff
                                ? Forms.form(
                                    action: SiteURL.inductionItemSignOff(induction.id, item.id).path, csrf: csrf,
                                    .input(.type(.hidden), .name("version"), .attr("value", String(item.version))),
                                    .el(
                                        "button", .attr("type", "submit"), .class("button button--secondary"),
                                        .text("Sign off"), .span(.class("visually-hidden"), .text(": \(item.title)"))))
                                : .p(.strong(.class("tag tag--warning"), .text("Waiting for sign-off")))))
                },
                .if(
                    item.completedOn == nil,
                    mayComplete
                        ? .a(
                            .attr("href", SiteURL.inductionItem(induction.id, item.id).path),
                            .text("Mark as done"), .span(.class("visually-hidden"), .text(": \(item.title)")))
                        : .text("To do"))))
    }

    static func itemForm(
        request: Request, induction: Induction, item: InductionItem, evidence: String, errors: FormErrors
    ) -> HTMLPage {
        request.page(
            Forms.title(item.title, errors: errors), status: errors.pageStatus,
            .group(
                Forms.errorSummary(errors),
                .p(
                    .a(.class("back-link"), .attr("href", SiteURL.induction(induction.id).path), .text("The induction"))
                ),
                .h1(.text(item.title)),
                .if(!item.details.isEmpty, .p(.text(item.details))),
                .el(
                    "dl", .class("summary-list"), row("Due", day(item.dueOn)), row("Who", item.owner.title),
                    .if(item.needsSignOff, row("Then", "The supervisor signs it off"))),
                Forms.form(
                    action: SiteURL.inductionItemComplete(induction.id, item.id).path, csrf: request.csrfToken,
                    multipart: true,
                    .input(.type(.hidden), .name("version"), .attr("value", String(item.version))),
                    Forms.textArea(
                        name: "evidence", label: "Evidence (optional)", value: evidence,
                        hint: "A short note of what shows it is done: a certificate's name, a date, who you met.",
                        error: errors["evidence"], rows: 4),
                    Forms.file(
                        name: "evidenceFile", label: "A file as evidence (optional)",
                        hint: "A PDF, PNG or JPEG of 900 KB or less, such as a certificate.",
                        error: errors["evidenceFile"]),
                    Forms.submit("Mark as done"))))
    }
}
