import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/cases/:id/timeline`: who did what and when on a case, newest first, a page at a time. Events only: a note's
/// or a message's words stay in their sections of the case page.
package struct CaseTimelinePage {
    package var caseID: UUID
    package var reference: String
    package var timeline: CaseTimeline.Page
    package var zone: TimeZone

    package func render() -> Node<HTML.BodyContext> {
        .group(
            .p(.a(.class("back-link"), .attr("href", SiteURL.supportCase(caseID).path), .text("Back to the case"))),
            .span(.class("caption"), .text("Case \(reference)")),
            .h1(.text("Timeline")),
            .p(.text("\(timeline.paging.total) event\(timeline.paging.total == 1 ? "" : "s"), newest first.")),
            .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("What happened on the case")),
                .thead(
                    .tr(
                        .th(.attr("scope", "col"), .text("When")), .th(.attr("scope", "col"), .text("Who")),
                        .th(.attr("scope", "col"), .text("What")))),
                .tbody(
                    .forEach(timeline.entries) { entry in
                        .tr(
                            .td(.text(DisplayTime.format(entry.at, in: zone))),
                            .td(.text(entry.actorID.flatMap { timeline.names[$0] } ?? "")),
                            .td(.text(entry.summary)))
                    })),
            pager()
        )
    }

    private func pager() -> Node<HTML.BodyContext> {
        Pager.render(timeline.paging, previous: "Newer", next: "Older") {
            SiteURL.caseTimeline(caseID).path + "?page=\($0)"
        }
    }
}
