import Testing

@testable import CairnCore

@Suite("Figure tables, CSV and charts")
struct FigureTableTests {
    @Test func countsAreSuppressedAndSortedLargestFirst() {
        let table = FigureTable.counts(
            title: "By profession", label: "Profession", [("Nurse", 3), ("Doctor", 120), ("Dentist", 12)])
        #expect(table.rows == [["Doctor", "120"], ["Dentist", "12"], ["Nurse", "<5"]])
    }

    @Test func breakdownsSuppressAndLeaveOutEmptyRows() {
        let table = FigureTable.breakdown(
            title: "t", first: "Month", second: "Reason",
            [("2026-01", "Exams", 12), ("2026-01", "Health", 2), ("2026-02", "Exams", 0)])
        #expect(table.columns == ["Month", "Reason", "Count"])
        #expect(table.rows == [["2026-01", "Exams", "12"], ["2026-01", "Health", "<5"]])
    }

    @Test func csvQuotesAndNeutralisesFormulas() {
        let table = FigureTable(
            title: "t", columns: ["Label", "Count"], rows: [["=HYPERLINK(\"x\")", "5"], ["a, b", "10"]])
        #expect(table.csv == "Label,Count\r\n\"'=HYPERLINK(\"\"x\"\")\",5\r\n\"a, b\",10\r\n")
    }

    @Test func suppressedBarsDrawNothingAndLabelsAreEscaped() {
        let svg = BarChart.svg(title: "Referrals <by> month", bars: [("Jan", 40, "40"), ("Feb", 3, "<5")]).text
        #expect(svg.contains("Referrals &lt;by&gt; month"))
        #expect(svg.contains(#"width="0" height="22""#))
        #expect(svg.contains("&lt;5"))
        #expect(!svg.contains("<script"))
    }
}
