/// A table of figures as a page and a CSV show it. Tables of counts are made from a `ProtectedSheet`
/// (`protected`, `protectedBreakdown`), so a view or a CSV cannot show a small number, or one that gives a small
/// number away, by mistake.
public struct FigureTable: Sendable, Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]

    public init(title: String, columns: [String], rows: [[String]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// Label and count pairs from a protected sheet: shown counts largest first, then hidden ones by label (their
    /// order must not hint at their size).
    public static func protected(
        title: String, label: String, _ rows: [(String, CountSheet.Cell)], sheet: ProtectedSheet,
        keepOrder: Bool = false
    ) -> FigureTable {
        let ordered =
            keepOrder
            ? rows
            : rows.filter { !sheet.isHidden($0.1) }.sorted {
                (sheet.value($0.1) ?? 0, $1.0) > (sheet.value($1.1) ?? 0, $0.0)
            } + rows.filter { sheet.isHidden($0.1) }.sorted { $0.0 < $1.0 }
        return FigureTable(
            title: title, columns: [label, "Count"], rows: ordered.map { [$0.0, sheet.shown($0.1)] })
    }

    /// Counts by two labels from a protected sheet, in the order given.
    public static func protectedBreakdown(
        title: String, first: String, second: String, _ cells: [(String, String, CountSheet.Cell)],
        sheet: ProtectedSheet
    ) -> FigureTable {
        FigureTable(
            title: title, columns: [first, second, "Count"], rows: cells.map { [$0.0, $0.1, sheet.shown($0.2)] })
    }

    /// Several tables as one CSV file: each under its title, a blank line between (what every figures CSV gives).
    public static func csv(of tables: [FigureTable]) -> String {
        tables.map { "\(csvCell($0.title))\r\n" + $0.csv }.joined(separator: "\r\n")
    }

    /// RFC 4180 CSV, with cells that could start a spreadsheet formula neutralised.
    public var csv: String {
        ([columns] + rows).map { $0.map(Self.csvCell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvCell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A horizontal bar chart as SVG text: drawn on the server, readable without script, with the numbers also in
/// a table beside it. Hidden cells ("*") draw no bar and say so.
public enum BarChart {
    public static func svg(
        title: String, bars: [(label: String, value: Int, shown: String)], width: Int = 640, id: String = "chart-title"
    ) -> SVGMarkup {
        let barHeight = 22
        let gap = 8
        // The labels' column fits the longest label (about 8 units a character at 14 units high), so no label
        // starts left of the chart and is clipped; at most half the chart, beyond which a label is shortened with
        // "…" (the table beside the chart has every label whole).
        let perCharacter = 8
        let longest = bars.map(\.label.count).max() ?? 0
        let labelWidth = min(max(150, longest * perCharacter + 16), width / 2)
        let fits = max(4, (labelWidth - 16) / perCharacter)
        let chartWidth = width - labelWidth - 60
        // Only shown bars set the scale: a hidden count's size must not show in the others' lengths.
        let maximum = max(bars.filter { Int($0.shown) != nil }.map(\.value).max() ?? 1, 1)
        let height = bars.count * (barHeight + gap) + gap
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
                + "aria-labelledby=\"\(escape(id))\">",
            "<title id=\"\(escape(id))\">\(escape(title))</title>",
        ]
        for (index, bar) in bars.enumerated() {
            let y = gap + index * (barHeight + gap)
            let suppressed = Int(bar.shown) == nil
            let length = suppressed ? 0 : max(1, bar.value * chartWidth / maximum)
            let ink = "fill=\"#212b32\""
            parts.append(
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\" font-size=\"14\" \(ink)>"
                    + "\(escape(bar.label.count > fits ? String(bar.label.prefix(fits - 1)) + "…" : bar.label))</text>")
            parts.append(
                "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(length)\" height=\"\(barHeight)\" fill=\"#005eb8\"></rect>"
            )
            parts.append(
                "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 16)\" font-size=\"14\" \(ink)>\(escape(bar.shown))</text>"
            )
        }
        parts.append("</svg>")
        return SVGMarkup(text: parts.joined())
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// SVG markup that only `BarChart` can make (every text and attribute in it escaped), so a view can embed it
/// without a raw-markup escape hatch that would take any string.
public struct SVGMarkup: Sendable, Equatable {
    public let text: String

    init(text: String) {
        self.text = text
    }
}
