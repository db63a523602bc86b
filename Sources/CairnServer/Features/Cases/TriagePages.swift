import CairnCore
import Foundation
import Plot

/// `/triage`: new referrals, oldest first, overdue ones standing out (by words and a mark, not colour alone).
enum TriagePages {
    typealias Managers = [(id: UUID, name: String)]

    static func queue(
        _ rows: [CaseService.QueueRow], managers: Managers = [], mayTake: Bool = true, display: (Date) -> String,
        csrf: String
    ) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Triage")),
            .p(.text("New requests, oldest first. Each should be contacted within 5 working days.")),
            .if(
                rows.isEmpty, .p(.text("No requests are waiting.")),
                else: table(rows, managers: managers, mayTake: mayTake, display: display, csrf: csrf))
        )
    }

    static func standingText(_ standing: FirstContactClock.Standing, due: CalendarDay) -> String {
        switch standing {
        case .onTrack: "Due \(due)"
        case .dueToday: "Due today"
        case .overdue: "Overdue since \(due)"
        case .met: "Contacted in time"
        case .missed: "Contacted late"
        }
    }

    private static func table(
        _ rows: [CaseService.QueueRow], managers: Managers, mayTake: Bool, display: (Date) -> String, csrf: String
    ) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Requests waiting for triage")),
            .thead(
                .tr(
                    .th(.text("Reference")), .th(.text("Received")), .th(.text("First contact")), .th(.text("Who")),
                    .th(.text("What is happening")), .th(.text("Case manager")))),
            .tbody(.group(rows.map { row($0, managers: managers, mayTake: mayTake, display: display, csrf: csrf) }))
        )
    }

    private static func row(
        _ row: CaseService.QueueRow, managers: Managers, mayTake: Bool, display: (Date) -> String, csrf: String
    ) -> Node<HTML.TableContext> {
        .tr(
            .attr("class", row.standing == .overdue ? "row--overdue" : ""),
            .td(
                .a(.attr("href", SiteURL.supportCase(row.id).path), .text(row.reference)),
                .if(row.saidAtRisk, .strong(.class("tag tag--warning"), .text("Said at risk")))),
            .td(.text(display(row.received))),
            .td(
                .if(row.standing == .overdue, .strong(.class("tag tag--overdue"), .text("Overdue"))),
                .text(" " + standingText(row.standing, due: row.due))),
            .td(.text("\(row.profession), \(row.grade)")),
            .td(.text(row.reasons.map(\.title).joined(separator: "; "))),
            .td(assignment(row, mayTake: mayTake, csrf: csrf), allocate(row, managers: managers, csrf: csrf))
        )
    }

    /// Take is offered only to case managers, and only for a request nobody holds (the policy refuses the rest).
    private static func assignment(_ row: CaseService.QueueRow, mayTake: Bool, csrf: String) -> Node<HTML.BodyContext> {
        if !row.assignedTo.isEmpty { return .text(row.assignedTo.joined(separator: ", ")) }
        return mayTake
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
}
