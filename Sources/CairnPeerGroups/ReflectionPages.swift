import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot
import Vapor

/// The reflection pages: a list of one's own, the form with a model's stages, a reflection, its printable export.
package enum ReflectionPages {
    package typealias Body = Node<HTML.BodyContext>

    static func list(rows: [ReflectionService.Opened], paging: Paging) -> Body {
        .group(
            .h1(.text("Your reflections")),
            .p(
                .text(
                    "Reflections are yours alone: nobody else can read them, and they are never counted in any "
                        + "figure. Export one to take it to your appraisal or revalidation.")),
            .p(.a(.class("button"), .attr("href", SiteURL.newReflection.path), .text("Write a reflection"))),
            rows.isEmpty
                ? .p(.text("You have not written a reflection yet."))
                : .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Your reflections")),
                    .thead(.tr(.th(.text("Title")), .th(.text("Model")), .th(.text("Written")))),
                    .tbody(
                        .group(
                            rows.map { row in
                                .tr(
                                    .td(
                                        .a(
                                            .attr("href", SiteURL.reflection(row.reflection.id).path),
                                            .text(row.content.title))),
                                    .td(.text(row.model.title)),
                                    .td(.text(row.reflection.writtenOn)))
                            }))),
            Pager.render(paging) { SiteURL.reflections.path + "?page=\($0)" })
    }

    static func form(
        request: Request, draft: ReflectionService.Draft, existing: Reflection?, model: ReflectiveModel,
        models: [ReflectiveModel], meetings: [(UUID, String)], errors: FormErrors
    ) -> HTMLPage {
        let action = existing.map { SiteURL.reflection($0.id).path } ?? SiteURL.reflections.path
        let heading = existing == nil ? "Write a reflection" : "Change your reflection"
        return request.page(
            Forms.title(heading, errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity,
            .group(
                Forms.errorSummary(errors),
                .p(.a(.class("back-link"), .attr("href", SiteURL.reflections.path), .text("Your reflections"))),
                .h1(.text(heading)),
                .if(
                    existing == nil,
                    .p(
                        .text("Model: \(model.title). Other models: "),
                        .group(
                            models.filter { $0.id != model.id }.map { other in
                                .group(
                                    .a(
                                        .attr(
                                            "href",
                                            SiteURL.newReflection.path + "?model=\(other.id)"
                                                + (draft.meetingID.map { "&meeting=\($0.uuidString)" } ?? "")),
                                        .text(other.title)), .text(" "))
                            }))),
                .div(
                    .class("warning-text"),
                    .p(
                        .text(
                            "Write about what you learned, not about who was involved: leave out anything that could identify a patient or a colleague."
                        ))),
                Forms.form(
                    action: action, csrf: request.csrfToken,
                    .input(.type(.hidden), .name("model"), .attr("value", model.id)),
                    .unwrap(existing) { .input(.type(.hidden), .name("version"), .attr("value", String($0.version))) },
                    Forms.text(.init(name: "title", label: "Title", value: draft.title, error: errors["title"])),
                    .group(
                        model.stages.map { stage in
                            Forms.textArea(
                                name: "answers[\(stage.id)]", label: stage.title, value: draft.answers[stage.id] ?? "",
                                hint: stage.prompt, error: errors["answer-\(stage.id)"], rows: 5)
                        }),
                    .if(
                        !meetings.isEmpty,
                        Forms.select(
                            name: "meeting", label: "After a peer group meeting (optional)",
                            choices: meetings.map { Forms.Choice(value: $0.0.uuidString, label: $0.1) },
                            selected: draft.meetingID?.uuidString, error: errors["meeting"])),
                    Forms.text(
                        .init(
                            name: "cpdMinutes", label: "CPD time in minutes (optional)", value: draft.cpdMinutes,
                            error: errors["cpdMinutes"], width: "4", inputMode: "numeric")),
                    Forms.date(name: "writtenOn", label: "Date", value: draft.writtenOn, error: errors["writtenOn"]),
                    Forms.checkboxes(
                        name: "codeThemes",
                        legend: "For nurses and midwives: the Code's themes it relates to (optional)",
                        choices: CodeTheme.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                        checked: Set(draft.codeThemes), error: errors["codeThemes"]),
                    Forms.submit("Save the reflection"))))
    }

    /// The models offered here (Cairn's four, then the organisation's own) and the form to add one.
    static func templates(
        request: Request, models: [ReflectiveModel], draft: ReflectionTemplateDraft, errors: FormErrors
    ) -> HTMLPage {
        let stages = (0..<ReflectionTemplateDraft.mostStages).map { index in
            index < draft.stages.count ? draft.stages[index] : ReflectionTemplateDraft.Stage(title: "")
        }
        return request.page(
            Forms.title("Reflective models", errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity,
            .group(
                Forms.errorSummary(errors),
                .h1(.text("Reflective models")),
                .p(
                    .text(
                        "No model is mandated: there is no one way to reflect. Everyone in your organisation can "
                            + "write a reflection with any of these. A model holds no one's reflection.")),
                .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Reflective models offered")),
                    .thead(.tr(.th(.text("Model")), .th(.text("Where it comes from")), .th(.text("Stages")))),
                    .tbody(
                        .forEach(models) { model in
                            .tr(
                                .td(.text(model.title)), .td(.text(model.citation)),
                                .td(.text(model.stages.map(\.title).joined(separator: " · "))))
                        })),
                .h2(.text("Add your organisation's own model")),
                Forms.form(
                    action: SiteURL.reflectionTemplates.path, csrf: request.csrfToken,
                    Forms.text(.init(name: "title", label: "Name", value: draft.title, error: errors["title"])),
                    Forms.text(
                        .init(
                            name: "citation", label: "Where it comes from (optional)", value: draft.citation,
                            hint: "An author and year, or your own team", error: errors["citation"])),
                    .unwrap(errors["stages"]) { Forms.errorMessage($0, id: Forms.fieldID("stages") + "-error") },
                    .p(
                        .attr("id", Forms.fieldID("stages")),
                        .text("Two to eight stages, in order. Leave the rest empty.")),
                    .group(
                        stages.enumerated().map { index, stage in
                            let number = index + 1
                            return .el(
                                "fieldset", .class("fieldset"),
                                .el("legend", .class("fieldset__legend"), .text("Stage \(number)")),
                                Forms.text(
                                    .init(
                                        name: "stage-\(number)-title", label: "Title", value: stage.title,
                                        error: errors["stage-\(number)-title"])),
                                Forms.text(
                                    .init(
                                        name: "stage-\(number)-prompt", label: "Prompt (optional)",
                                        value: stage.prompt, error: errors["stage-\(number)-prompt"])))
                        }),
                    Forms.submit("Add the model"))))
    }

    static func show(_ opened: ReflectionService.Opened) -> Body {
        let id = opened.reflection.id
        return .group(
            .p(.a(.class("back-link"), .attr("href", SiteURL.reflections.path), .text("Your reflections"))),
            .span(.class("caption"), .text(opened.model.title)),
            .h1(.text(opened.content.title)),
            body(ReflectionExport.document(opened)),
            .p(.a(.attr("href", SiteURL.reflection(id).path + "?edit=1"), .text("Change this reflection"))),
            .h2(.text("Export as appraisal evidence")),
            .ul(
                .li(.a(.attr("href", SiteURL.reflectionExport(id).path), .text("A page to print or save as PDF"))),
                .li(.a(.attr("href", SiteURL.reflectionExport(id).path + "?format=md"), .text("Markdown"))),
                .li(.a(.attr("href", SiteURL.reflectionExport(id).path + "?format=json"), .text("JSON")))))
    }

    static func body(_ document: ReflectionExport.Document) -> Body {
        .group(
            .el(
                "dl", .class("summary-list"),
                PeerGroupPages.row("Model", "\(document.model) (\(document.citation))"),
                PeerGroupPages.row("Written on", CalendarDay.longText(iso: document.writtenOn)),
                .if(document.cpdMinutes > 0, PeerGroupPages.row("CPD time", "\(document.cpdMinutes) minutes")),
                .unwrap(document.meeting) { PeerGroupPages.row("After", $0) },
                .if(
                    !document.codeThemes.isEmpty,
                    PeerGroupPages.row("The Code", document.codeThemes.joined(separator: "; ")))),
            .group(
                document.stages.map { stage in
                    .group(.h2(.text(stage.title)), .p(.class("hint"), .text(stage.prompt)), .p(.text(stage.answer)))
                }))
    }

    static func printable(_ document: ReflectionExport.Document) -> Body {
        .group(.h1(.text(document.title)), body(document))
    }
}
