import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/triage`: safety first. Requests nobody holds yet, those who said they are at risk at the top, then those not
/// yet contacted (the overdue, being oldest, first), standing out by words and a mark, not colour alone; then the
/// requests already taken and waiting for their first contact. A reference links only to a page the viewer can open.
package enum TriagePages {
    package typealias Managers = [(id: UUID, name: String)]

    /// What the viewer may do, decided by the policy for the page.
    package struct Viewer {
        package var mayTake: Bool
        package var mayReadWaiting: Bool
        package var mayBreakGlass: Bool
        package var managers: Managers = []
    }

    package static let pageSize = 50

    package static func queue(
        waiting: CaseService.QueuePage, taken: CaseService.QueuePage, page: Int, searched: String? = nil,
        viewer: Viewer, display: (Date) -> String, csrf: String
    ) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Triage")),
            .p(
                .text(
                    "Requests who said they are at risk come first, then those not yet contacted, oldest first. "
                        + "Each should be contacted within 5 working days.")),
            search(searched),
            .h2(.text("Waiting to be taken (\(waiting.total))")),
            .if(
                waiting.rows.isEmpty, .p(.text("No requests are waiting.")),
                else: table(
                    waiting.rows, caption: "Requests waiting to be taken", viewer: viewer, display: display, csrf: csrf)
            ),
            .h2(.text("Taken, first contact or assessment to come (\(taken.total))")),
            .if(
                taken.rows.isEmpty, .p(.text("None.")),
                else: table(
                    taken.rows, caption: "Requests taken by a case manager", viewer: viewer, display: display,
                    csrf: csrf)),
            pager(page: page, total: max(waiting.total, taken.total))
        )
    }

    /// Finding one request by its reference (as on the clinician's confirmation): a plain GET form.
    private static func search(_ searched: String?) -> Node<HTML.BodyContext> {
        .el(
            "form", .attr("method", "get"), .attr("action", SiteURL.triage.path), .class("search"),
            .div(
                .class("form-group"),
                .el("label", .attr("for", "reference"), .class("label"), .text("Find a request by its reference")),
                .void(
                    "input",
                    [
                        .attr("id", "reference"), .attr("name", "reference"), .attr("type", "search"),
                        .attr("class", "input input--width-10"), .attr("value", searched ?? ""),
                        .attr("autocomplete", "off"),
                    ]),
                Forms.submit("Find", secondary: true)),
            .if(searched != nil, .p(.a(.attr("href", SiteURL.triage.path), .text("Show every request"))))
        )
    }

    private static func pager(page: Int, total: Int) -> Node<HTML.BodyContext> {
        Pager.render(Paging(total: total, pageSize: pageSize, requested: page)) {
            SiteURL.triage.path + "?page=\($0)"
        }
    }

    package static func standingText(_ standing: FirstContactClock.Standing, due: CalendarDay) -> String {
        switch standing {
        case .onTrack: "Due \(due.longText)"
        case .dueToday: "Due today"
        case .overdue: "Overdue since \(due.longText)"
        case .met: "Contacted in time"
        case .missed: "Contacted late"
        }
    }

    private static func table(
        _ rows: [CaseService.QueueRow], caption: String, viewer: Viewer, display: (Date) -> String, csrf: String
    ) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text(caption)),
            .thead(
                .tr(
                    .th(.text("Reference")), .th(.text("Received")), .th(.text("First contact")), .th(.text("Who")),
                    .th(.text("What is happening")), .th(.text("Case manager")))),
            .tbody(.group(rows.map { row($0, viewer: viewer, display: display, csrf: csrf) }))
        )
    }

    private static func row(
        _ row: CaseService.QueueRow, viewer: Viewer, display: (Date) -> String, csrf: String
    ) -> Node<HTML.TableContext> {
        .tr(
            .if(row.standing == .overdue, .class("row--overdue")),
            .td(
                reference(row, viewer: viewer),
                .if(row.saidAtRisk, .strong(.class("tag tag--warning"), .text("Said at risk")))),
            .td(.text(display(row.received))),
            .td(
                .if(row.standing == .overdue, .strong(.class("tag tag--overdue"), .text("Overdue"))),
                .text(" " + standingText(row.standing, due: row.due))),
            .td(.text("\(row.profession), \(row.grade)")),
            .td(.text(row.reasons.map(\.title).joined(separator: "; "))),
            .td(assignment(row, viewer: viewer, csrf: csrf), allocate(row, managers: viewer.managers, csrf: csrf))
        )
    }

    /// A link only where the viewer can open what it leads to: their own case, a waiting request to read for triage,
    /// or (for those who may) the page that asks for a reason.
    private static func reference(_ row: CaseService.QueueRow, viewer: Viewer) -> Node<HTML.BodyContext> {
        if row.heldByViewer {
            return .a(.attr("href", SiteURL.supportCase(row.id).path), .text(row.reference))
        }
        if row.assignedTo.isEmpty, viewer.mayReadWaiting {
            return .a(.attr("href", SiteURL.triageRequest(row.id).path), .text(row.reference))
        }
        if !row.assignedTo.isEmpty, viewer.mayBreakGlass {
            return .group(
                .text(row.reference + " "),
                .a(
                    .attr("href", SiteURL.supportCase(row.id).path), .class("link--secondary"),
                    .text("open with a reason"), .span(.class("visually-hidden"), .text(" (\(row.reference))"))))
        }
        return .text(row.reference)
    }

    /// Take is offered only to case managers, and only for a request nobody holds (the policy refuses the rest).
    private static func assignment(_ row: CaseService.QueueRow, viewer: Viewer, csrf: String) -> Node<HTML.BodyContext>
    {
        if !row.assignedTo.isEmpty { return .text(row.assignedTo.joined(separator: ", ")) }
        return viewer.mayTake
            ? Forms.buttonForm(action: SiteURL.triageTake(row.id).path, csrf: csrf, label: "Take")
            : .text("Not taken yet")
    }

    /// The unit lead's way to give a request to a case manager.
    private static func allocate(_ row: CaseService.QueueRow, managers: Managers, csrf: String) -> Node<
        HTML.BodyContext
    > {
        guard !managers.isEmpty else { return .empty }
        let id = "assign-\(row.id.uuidString.lowercased())"
        let options = managers.map { manager -> Node<HTML.BodyContext> in
            .el("option", .attr("value", manager.id.uuidString), .text(manager.name))
        }
        return Forms.form(
            action: SiteURL.triageAssign(row.id).path, csrf: csrf,
            .el("label", .attr("for", id), .class("visually-hidden"), .text("Case manager for \(row.reference)")),
            .el("select", .attr("id", id), .attr("name", "caseManager"), .class("select"), .group(options)),
            Forms.submit("Assign", secondary: true)
        )
    }

    /// A request read for triage, before anyone takes it: what the clinician asked for, in their words; never how
    /// to reach them (that comes with taking it).
    package static func request(
        id: UUID, reference: String, received: String, details: [(String, String)], ownWords: String,
        whatWouldHelp: String?, saidAtRisk: Bool, mayTake: Bool, csrf: String
    ) -> Node<HTML.BodyContext> {
        .group(
            .span(.class("caption"), .text("Request \(reference), received \(received)")),
            .h1(.text("Read before taking")),
            .if(saidAtRisk, .div(.class("inset inset--warning"), .p(.strong(.text("They said they are at risk."))))),
            .p(
                .text(
                    "You are reading this for triage. Your reading is recorded. Contact details come with taking it.")),
            .dl(
                .class("summary-list"),
                .group(details.map { pair in .group(.dt(.text(pair.0)), .dd(.text(pair.1))) })),
            .h2(.text("In their words")),
            .div(.class("inset"), .p(.text(ownWords))),
            .unwrap(whatWouldHelp) { .group(.h2(.text("What would help")), .div(.class("inset"), .p(.text($0)))) },
            .if(mayTake, Forms.buttonForm(action: SiteURL.triageTake(id).path, csrf: csrf, label: "Take this request")),
            .p(.a(.attr("href", SiteURL.triage.path), .text("Back to triage")))
        )
    }
}
