import CairnAccounts
import CairnCore
import CairnPlatform
import Plot

/// The support plan as a table, for the case manager and the clinician alike.
package enum PlanTable {
    package static func render(_ rows: [CasePage.PlanRow]) -> Node<HTML.BodyContext> {
        let changeable = rows.contains { $0.changePath != nil }
        return .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Support plan")),
            .thead(
                .tr(
                    .th(.text("Support")), .th(.text("Status")), .th(.text("Provider")), .th(.text("Dates")),
                    .th(.text("Cost")), .if(changeable, .th(.span(.class("visually-hidden"), .text("Change")))))),
            .tbody(
                .forEach(rows) { row in
                    .tr(
                        .td(.text(row.intervention)), .td(.text(row.status)),
                        .td(
                            .unwrap(
                                row.resource,
                                { resource in
                                    .group(
                                        .unwrap(
                                            resource.path,
                                            { .a(.attr("href", $0), .text(resource.title)) },
                                            else: .text(resource.title)),
                                        .br(), .span(.class("hint"), .text(resource.detail)))
                                }, else: .text(row.provider))),
                        .td(.text(row.dates)), .td(.text(row.cost)),
                        .if(
                            changeable,
                            .td(
                                .unwrap(row.changePath) { path in
                                    .a(
                                        .attr("href", path), .text("Change"),
                                        .span(.class("visually-hidden"), .text(" \(row.intervention)")))
                                })))
                })
        )
    }
}

/// A private conversation between a clinician and their case managers.
package enum MessageThread {
    package static func render(_ messages: [CasePage.MessageRow], action: String, csrf: String, errors: FormErrors)
        -> Node<
            HTML.BodyContext
        >
    {
        .section(
            .class("messages"),
            .h2(.text("Messages")),
            .if(messages.isEmpty, .p(.text("No messages yet."))),
            .forEach(messages) { message in
                .article(
                    .attr("class", message.fromClinician ? "message message--clinician" : "message"),
                    .p(.class("note__meta"), .text("\(message.sender), \(message.sent)")),
                    .group(
                        message.body.split(separator: "\n", omittingEmptySubsequences: false).map {
                            .p(.text(String($0)))
                        })
                )
            },
            Forms.form(
                action: action, csrf: csrf,
                Forms.textArea(
                    name: "message", label: "Write a message", value: "",
                    hint: "Only the people in this support relationship can read it.",
                    error: errors["message"], rows: 4),
                Forms.submit("Send message", secondary: true)
            )
        )
    }
}

extension PlanItem {
    /// The row as shown; `resources` are the guides and events plan items point to, as their features gave them.
    package func row(changePath: String? = nil, resources: [PlanResourceReference: PlanResource] = [:])
        -> CasePage.PlanRow
    {
        let pounds = Double(costPence) / 100
        // Stored as ISO days; written in prose as "7 December 2026".
        let dates = [startsOn, endsOn].compactMap { $0 }.map(CalendarDay.longText(iso:)).joined(separator: " to ")
        let review = reviewOn.map { "review \(CalendarDay.longText(iso: $0))" }
        return CasePage.PlanRow(
            intervention: Intervention(rawValue: intervention)?.title ?? intervention, status: status.title,
            provider: provider ?? "—",
            dates: [dates.nonEmpty, review].compactMap { $0 }.joined(separator: "; ").nonEmpty ?? "—",
            cost: costPence == 0 ? "—" : "£" + String(format: "%.2f", pounds), changePath: changePath,
            resource: resource.map { reference in
                guard let found = resources[reference] else {
                    return .init(title: provider ?? reference.kind.title, path: nil, detail: "No longer available")
                }
                // Once it is not open, its title as it was when added (a withdrawn guide's new title is not news).
                return .init(
                    title: found.isOpen ? found.title : provider ?? reference.kind.title,
                    path: found.isOpen ? found.path : nil, detail: found.isOpen ? found.detail : "No longer available")
            })
    }
}
