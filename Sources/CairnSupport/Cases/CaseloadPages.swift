import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/cases`: a case manager's open cases, safety first, with what needs doing next; and for the unit lead, the
/// load each case manager carries.
package enum CaseloadPages {
    package static let pageSize = 50

    package struct Model {
        package var caseload: CaseService.Caseload
        package var page: Int
        package var state: CaseState?
        package var search: String
        package var team: [CaseService.TeamLoad]?
    }

    package static func render(_ model: Model, display: (Date) -> String) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("My caseload")),
            .p(
                .text(
                    "Your open cases: those who said they are at risk first, then those not yet contacted, then those "
                        + "who wrote to you most recently.")),
            filters(model),
            .if(
                model.caseload.rows.isEmpty,
                .p(.text(model.search.isEmpty && model.state == nil ? "You hold no open cases." : "No case matches.")),
                else: table(model.caseload.rows, display: display)),
            pager(model),
            .unwrap(model.team) { team in teamTable(team) }
        )
    }

    private static func query(_ model: Model, page: Int) -> String {
        var items = ["page=\(page)"]
        if let state = model.state { items.append("state=\(state.rawValue)") }
        if !model.search.isEmpty {
            items.append(
                "search="
                    + (model.search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        return SiteURL.caseload.path + "?" + items.joined(separator: "&")
    }

    private static func filters(_ model: Model) -> Node<HTML.BodyContext> {
        let options: [Node<HTML.BodyContext>] =
            [.el("option", .attr("value", ""), .flag("selected", model.state == nil), .text("Every open state"))]
            + CaseService.openStates.map { state in
                .el(
                    "option", .attr("value", state.rawValue), .flag("selected", model.state == state),
                    .text(state.title))
            }
        return .el(
            "form", .attr("method", "get"), .attr("action", SiteURL.caseload.path), .class("filters"),
            .div(
                .class("form-group"),
                .el("label", .attr("for", "search"), .class("label"), .text("Reference or name")),
                .void(
                    "input",
                    [
                        .attr("id", "search"), .attr("name", "search"), .attr("type", "search"),
                        .attr("class", "input input--width-20"), .attr("value", model.search),
                        .attr("autocomplete", "off"),
                    ])),
            .div(
                .class("form-group"),
                .el("label", .attr("for", "state"), .class("label"), .text("State")),
                .el("select", .attr("id", "state"), .attr("name", "state"), .class("select"), .group(options))),
            Forms.submit("Show", secondary: true)
        )
    }

    private static func table(_ rows: [CaseService.CaseloadRow], display: (Date) -> String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Your open cases")),
            .thead(
                .tr(
                    .th(.text("Reference")), .th(.text("Clinician")), .th(.text("State")),
                    .th(.text("First contact")), .th(.text("Last wrote to you")), .th(.text("Next review")))),
            .tbody(
                .group(
                    rows.map { row in
                        .tr(
                            .if(row.standing == .overdue, .class("row--overdue")),
                            .td(
                                .a(.attr("href", SiteURL.supportCase(row.id).path), .text(row.reference)),
                                .if(row.saidAtRisk, .strong(.class("tag tag--warning"), .text("Said at risk")))),
                            .td(.text(row.clinician)),
                            .td(.text(row.state.title)),
                            .td(
                                .if(row.standing == .overdue, .strong(.class("tag tag--overdue"), .text("Overdue"))),
                                .text(" " + TriagePages.standingText(row.standing, due: row.due))),
                            .td(
                                .text(row.lastFromClinician.map(display) ?? "Not yet"),
                                .if(
                                    row.unread > 0,
                                    .strong(.class("tag tag--unread"), .text("\(row.unread) unread")))),
                            .td(.text(row.nextReview.map(\.longText) ?? "None set"))
                        )
                    }))
        )
    }

    private static func pager(_ model: Model) -> Node<HTML.BodyContext> {
        let total = model.caseload.total
        return Pager.render(
            Paging(total: total, pageSize: pageSize, requested: model.page),
            lead: "\(total) open \(total == 1 ? "case" : "cases"). "
        ) { query(model, page: $0) }
    }

    private static func teamTable(_ team: [CaseService.TeamLoad]) -> Node<HTML.BodyContext> {
        .group(
            .h2(.id("team"), .text("The team's load")),
            .p(.text("Open a case manager's cases to move some to someone else.")),
            .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("Open cases per case manager")),
                .thead(.tr(.th(.text("Case manager")), .th(.text("Open cases")), .th(.text("Of which said at risk")))),
                .tbody(
                    .group(
                        team.map { member in
                            .tr(
                                .td(
                                    .a(
                                        .attr("href", SiteURL.caseHolder(member.personID).path),
                                        .text(member.name)),
                                    .if(
                                        member.departed,
                                        .strong(.class("tag tag--warning"), .text("No longer active: move these")))),
                                .td(.text("\(member.open)")), .td(.text("\(member.atRisk)")))
                        }))))
    }
}
