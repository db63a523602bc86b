import CairnCore
import CairnPlatform
import Foundation
import Plot
import Vapor

/// Pieces the event pages share.
enum EventPages {
    typealias Body = Node<HTML.BodyContext>

    static func back(_ label: String, _ url: SiteURL) -> Body {
        .p(.a(.class("back-link"), .attr("href", url.path), .text(label)))
    }

    static func row(_ key: String, _ value: Body) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(key)), .el("dd", value))
    }

    static func table(_ caption: String, columns: [String], rows: [[Body]]) -> Body {
        .table(
            .class("table"), .caption(.text(caption)),
            .thead(.tr(.forEach(columns) { .th(.attr("scope", "col"), .text($0)) })),
            .tbody(.forEach(rows) { row in .tr(.forEach(row) { .td($0) }) }))
    }

    static func hidden(_ name: String, _ value: String) -> Body {
        .void("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value)])
    }

    /// "Tuesday 2 March 2027, 09:30–12:30".
    static func when(_ start: Date, _ end: Date, zone: TimeZone) -> String {
        let day = DisplayTime.day(start, in: zone)
        return "\(day), \(DisplayTime.clock(start, in: zone))–\(DisplayTime.clock(end, in: zone))"
    }

    static func hours(_ minutes: Int) -> String {
        let hours = Double(minutes) / 60
        let text =
            hours.rounded() == hours
            ? String(Int(hours))
            : String(format: "%.2f", hours)
                .replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
        return text + (minutes == 60 ? " hour" : " hours")
    }

    /// The places line: "12 of 20 booked", "Full: 4 waiting".
    static func places(_ event: LearningEvent, waiting: Int) -> String {
        if event.taken >= event.capacity {
            return waiting > 0 ? "Full: \(waiting) on the waiting list" : "Full: join the waiting list"
        }
        return "\(event.capacity - event.taken) of \(event.capacity) places left"
    }

    /// Feedback figures as a summary list, each "Fewer than 5 responses" when suppressed.
    static func feedbackFigures(_ summary: EventFeedbackSummary) -> Node<HTML.BodyContext> {
        func figure<T>(_ value: EventFeedbackSummary.Figure<T>, _ show: (T) -> String) -> String {
            switch value {
            case .shown(let shown): show(shown)
            case .suppressed: "Fewer than 5 responses"
            }
        }
        return .el(
            "dl", .class("summary-list"),
            row("Responses", .text(figure(summary.responses) { String($0) })),
            row("Rating (1 to 5)", .text(figure(summary.meanRating) { String(format: "%.1f", $0) })),
            row("Usefulness (1 to 5)", .text(figure(summary.meanUsefulness) { String(format: "%.1f", $0) })),
            row("Found it useful (4 or 5)", .text(figure(summary.foundUsefulPercent) { "\($0)%" })))
    }
}
