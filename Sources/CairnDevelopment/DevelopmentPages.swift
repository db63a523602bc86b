import CairnCore
import CairnPlatform
import Foundation
import Plot
import Vapor

/// Pieces the development pages share.
enum DevelopmentPages {
    typealias Body = Node<HTML.BodyContext>

    static func back(_ label: String, _ url: SiteURL) -> Body {
        .p(.a(.class("back-link"), .attr("href", url.path), .text(label)))
    }

    static func row(_ key: String, _ value: String) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(key)), .el("dd", .text(value)))
    }

    /// A table with a caption and column headers; cells are nodes.
    static func table(_ caption: String, columns: [String], rows: [[Body]]) -> Body {
        .table(
            .class("table"), .caption(.text(caption)),
            .thead(.tr(.forEach(columns) { .th(.attr("scope", "col"), .text($0)) })),
            .tbody(.forEach(rows) { row in .tr(.forEach(row) { .td($0) }) }))
    }

    /// A form in a disclosure, open when it holds errors.
    static func disclosure(_ summary: String, open: Bool, _ content: Body) -> Body {
        .el("details", .class("details"), .if(open, .attr("open", "open")), .el("summary", .text(summary)), content)
    }

    static func dateField(_ name: String, _ label: String, _ value: String, _ errors: FormErrors, hint: String? = nil)
        -> Body
    {
        Forms.date(name: name, label: label, value: value, hint: hint, error: errors[name])
    }

    static func hidden(_ name: String, _ value: String) -> Body {
        .void("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value)])
    }

    static func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type, title: (T) -> String) -> [Forms.Choice]
    where T.RawValue == String {
        T.allCases.map { Forms.Choice(value: $0.rawValue, label: title($0)) }
    }
}
