import Testing

@testable import CairnCore

@Suite("Figure tables, CSV and charts")
struct FigureTableTests {
    @Test func protectedCountsShowLargestFirstThenHiddenOnesByName() {
        var sheet = CountSheet()
        let rows = [("Nurse", 3), ("Doctor", 120), ("Dentist", 12), ("Midwife", 2)].map { ($0.0, sheet.add($0.1)) }
        let table = FigureTable.protected(title: "By profession", label: "Profession", rows, sheet: sheet.protected())
        #expect(table.rows == [["Doctor", "120"], ["Dentist", "12"], ["Midwife", "*"], ["Nurse", "*"]])
    }

    @Test func csvQuotesAndNeutralisesFormulas() {
        let table = FigureTable(
            title: "t", columns: ["Label", "Count"], rows: [["=HYPERLINK(\"x\")", "5"], ["a, b", "10"]])
        #expect(table.csv == "Label,Count\r\n\"'=HYPERLINK(\"\"x\"\")\",5\r\n\"a, b\",10\r\n")
    }

    @Test func suppressedBarsDrawNothingAndLabelsAreEscaped() {
        let svg = BarChart.svg(title: "Referrals <by> month", bars: [("Jan", 40, "40"), ("Feb", 0, "*")]).text
        #expect(svg.contains("Referrals &lt;by&gt; month"))
        #expect(svg.contains(#"width="0" height="22""#))
        #expect(svg.contains(">*</text>"))
        #expect(!svg.contains("<script"))
    }
}
