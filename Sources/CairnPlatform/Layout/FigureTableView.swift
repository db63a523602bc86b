import CairnCore
import Plot

/// A figure table with its caption: the one way figures are drawn as HTML (support and mentoring alike).
package enum FigureTableView {
    package static func render(_ table: FigureTable) -> Node<HTML.BodyContext> {
        .table(
            .class("table table--figures"),
            .caption(.text(table.title)),
            .thead(.tr(.forEach(table.columns) { .th(.attr("scope", "col"), .text($0)) })),
            .tbody(.forEach(table.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) })
        )
    }
}
