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
            .p(.text("\(timeline.total) event\(timeline.total == 1 ? "" : "s"), newest first.")),
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
                            .td(.text(Self.sentence(entry))))
                    })),
            pager()
        )
    }

    private func pager() -> Node<HTML.BodyContext> {
        guard timeline.pageCount > 1 else { return .empty }
        let path = SiteURL.caseTimeline(caseID).path
        let page = timeline.page
        return .nav(
            .class("pager"), .attr("aria-label", "Pages"),
            .p(
                .text("Page \(page) of \(timeline.pageCount). "),
                .if(page > 1, .a(.attr("href", path + "?page=\(page - 1)"), .text("Newer"))),
                .if(page > 1 && page < timeline.pageCount, .text(" · ")),
                .if(page < timeline.pageCount, .a(.attr("href", path + "?page=\(page + 1)"), .text("Older")))))
    }

    /// What happened, in words Cairn writes itself from codes.
    package static func sentence(_ entry: CaseTimeline.Entry) -> String {
        let intervention = entry.code.flatMap(Intervention.init(rawValue:))?.title.lowercased() ?? "support"
        switch entry.kind {
        case .submitted: return "Asked for support"
        case .transition:
            return "Moved the case to “\(entry.code.flatMap(CaseState.init(rawValue:))?.title ?? "another state")”"
        case .firstContact: return "Made first contact"
        case .assigned: return "Assigned the case"
        case .breakGlass: return "Opened the case by stating a reason"
        case .note: return "Added a note"
        case .sharedNote: return "Added a note shared with the clinician"
        case .message: return "Sent a message"
        case .planAdded: return "Added \(intervention) to the plan"
        case .planChanged: return "Changed \(intervention) in the plan"
        case .feedback: return "The clinician gave feedback on the support"
        }
    }
}
