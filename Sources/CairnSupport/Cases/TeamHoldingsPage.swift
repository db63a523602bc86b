import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/cases/team/{personID}`: the open cases one case manager holds, for the unit lead deciding what to move
/// (issue #13 item 2). Structured columns only: nothing the clinician wrote, no notes, no unread counts.
package enum TeamHoldingsPage {
    package static let pageSize = 50

    package struct Model {
        package var holder: (id: UUID, name: String)
        package var caseload: CaseService.Caseload
        package var page: Int
        /// The case managers a case may go to (the holder left out).
        package var managers: [(id: UUID, name: String)]
        package var errors = FormErrors()
    }

    package static func render(_ model: Model, csrf: String, display: (Date) -> String) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .span(.class("caption"), .text("The team's load")),
            .h1(.text("Cases \(model.holder.name) holds")),
            .p(
                .text(
                    "Move a case to another case manager when this one is away, leaving or carrying too much. They "
                        + "no longer reach it; the one you choose holds it from then on, and the case's timeline "
                        + "says it moved.")),
            .if(
                model.caseload.rows.isEmpty,
                .p(.text("\(model.holder.name) holds no open cases.")),
                else: table(model, csrf: csrf, display: display)),
            Pager.render(
                Paging(total: model.caseload.total, pageSize: pageSize, requested: model.page),
                lead: "\(model.caseload.total) open \(model.caseload.total == 1 ? "case" : "cases"). "
            ) { SiteURL.caseHolder(model.holder.id).path + "?page=\($0)" },
            .p(.a(.attr("href", SiteURL.caseload.path + "#team"), .text("Back to the team's load")))
        )
    }

    private static func table(_ model: Model, csrf: String, display: (Date) -> String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Open cases \(model.holder.name) holds")),
            .thead(
                .tr(
                    .th(.text("Reference")), .th(.text("State")), .th(.text("Received")),
                    .th(.text("First contact")), .th(.text("Move to")))),
            .tbody(
                .group(
                    model.caseload.rows.map { row in
                        .tr(
                            .td(
                                .text(row.reference),
                                .if(row.saidAtRisk, .strong(.class("tag tag--warning"), .text("Said at risk")))),
                            .td(.text(row.state.title)),
                            .td(.text(display(row.received))),
                            .td(.text(TriagePages.standingText(row.standing, due: row.due))),
                            .td(move(row, model: model, csrf: csrf))
                        )
                    }))
        )
    }

    private static func move(_ row: CaseService.CaseloadRow, model: Model, csrf: String) -> Node<HTML.BodyContext> {
        guard !model.managers.isEmpty else { return .text("No other case manager") }
        let field = "to-\(row.id.uuidString.lowercased())"
        let error = model.errors[field]
        let options: [Node<HTML.BodyContext>] =
            [.el("option", .attr("value", ""), .text("Choose…"))]
            + model.managers.map { manager in .el("option", .attr("value", manager.id.uuidString), .text(manager.name))
            }
        return Forms.form(
            action: SiteURL.caseReallocation(row.id).path, csrf: csrf,
            .void(
                "input", [.attr("type", "hidden"), .attr("name", "from"), .attr("value", model.holder.id.uuidString)]),
            .el(
                "label", .attr("for", Forms.fieldID(field)), .class("visually-hidden"),
                .text("Case manager to move \(row.reference) to")),
            .unwrap(error) { Forms.errorMessage($0, id: Forms.fieldID(field) + "-error") },
            .el(
                "select", .attr("id", Forms.fieldID(field)), .attr("name", "to"),
                .attr("class", error == nil ? "select" : "select input--error"), .group(options)),
            Forms.submit("Move", secondary: true)
        )
    }
}
