import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The unit's figures (issue #6): referrals by month, reason, profession and grade; time to first contact;
/// open cases by state; caseload per case manager; cost per closed case. Structured columns only: no note,
/// message or referral text is ever read here. Every count is aggregated in the database (issue #21 item 5) and the
/// counts are protected together as one `CountSheet`: below five hidden, and so are the fewest others needed so that
/// no hidden count follows from the ones shown.
package struct SupportFigures {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package struct Report {
        package var since: CalendarDay
        /// Referrals received in the period (hidden like any count when small).
        package var received: String
        package var tables: [FigureTable]
        /// Month by reason, profession and grade: long, so shown folded and given in full in the CSV.
        package var breakdowns: [FigureTable]
        /// A hidden month carries 0 here: its bar is not drawn and its size is in no other bar's scale.
        package var byMonth: [(label: String, value: Int, shown: String)]
        package var firstContactMedian: String
        package var firstContactNinetieth: String
        package var contactedCount: String
        package var costPerClosedCase: String
    }

    package func report(months: Int = 12) async throws -> Report {
        let state = context.state
        guard let organisation = state.organisation else { throw Abort(.serviceUnavailable) }
        let calendar = CaseService(context: context).clock.workingDays
        let now = state.collaborators.now()
        let sinceDate = now.addingTimeInterval(-Double(months) * 30.44 * 86_400)
        let period = Self.months(from: sinceDate, to: now, calendar: calendar)
        let filter = Window(organisationID: organisation.id, since: sinceDate, boundaries: period.boundaries)

        // Every figure is a GROUP BY over structured columns: no case is loaded, however many there are.
        let professions = try await grouped(by: "profession", filter)
        let grades = try await grouped(by: "grade", filter)
        let reasonSets = try await grouped(by: "reasons", filter)
        var reasons: [Int: [String: Int]] = [:]
        for (month, counts) in reasonSets {
            for (set, count) in counts {
                for reason in set.split(separator: ",") {
                    let title = ReferralReason(rawValue: String(reason))?.title ?? String(reason)
                    reasons[month, default: [:]][title, default: 0] += count
                }
            }
        }
        let titledProfessions = professions.mapValues {
            Dictionary($0.map { (Profession(rawValue: $0.key)?.title ?? $0.key, $0.value) }, uniquingKeysWith: +)
        }
        let titledGrades = grades.mapValues {
            Dictionary($0.map { (Grade(rawValue: $0.key)?.title ?? $0.key, $0.value) }, uniquingKeysWith: +)
        }
        let states = try await counts(of: "state", filter, extra: nil)
        let outcomeSets = try await counts(
            of: "outcomes", filter, extra: ("state", CaseState.closed.rawValue))
        var outcomes: [String: Int] = [:]
        for (set, count) in outcomeSets {
            for outcome in set.split(separator: ",") {
                outcomes[CaseOutcome(rawValue: String(outcome))?.title ?? String(outcome), default: 0] += count
            }
        }
        let waits = try await contactWaits(filter)
        let caseloads = try await caseload(organisationID: organisation.id)

        // One sheet holds every count shown and every sum that ties them, so none hidden can be worked out.
        var sheet = CountSheet()
        let monthTotals = period.labels.indices.map { index in
            (titledProfessions[index] ?? [:]).values.reduce(0, +)
        }
        let total = sheet.add(monthTotals.reduce(0, +))
        let monthCells = monthTotals.map { sheet.add($0) }
        sheet.tie(total, to: monthCells)
        func dimension(_ counts: [Int: [String: Int]], tiedToMonths: Bool)
            -> (cells: [(String, CountSheet.Cell)], grid: [(String, String, CountSheet.Cell)])
        {
            let labels = Set(counts.values.flatMap(\.keys)).sorted()
            let cells = labels.map { label in
                (label, sheet.add(counts.values.reduce(0) { $0 + ($1[label] ?? 0) }))
            }
            var grid: [(String, String, CountSheet.Cell)] = []
            var columns: [String: [CountSheet.Cell]] = [:]
            for (index, month) in period.labels.enumerated() {
                var row: [CountSheet.Cell] = []
                for label in labels {
                    guard let count = counts[index]?[label], count > 0 else { continue }
                    let cell = sheet.add(count)
                    grid.append((month, label, cell))
                    row.append(cell)
                    columns[label, default: []].append(cell)
                }
                if tiedToMonths { sheet.tie(monthCells[index], to: row) }
            }
            for (label, cell) in cells { sheet.tie(cell, to: columns[label] ?? []) }
            if tiedToMonths { sheet.tie(total, to: cells.map(\.1)) }
            return (cells, grid)
        }
        let byProfession = dimension(titledProfessions, tiedToMonths: true)
        let byGrade = dimension(titledGrades, tiedToMonths: true)
        // A referral may give several reasons: reasons add up within a reason, not to the month.
        let byReason = dimension(reasons, tiedToMonths: false)
        let stateCells = CaseState.allCases.filter(\.isOpen).map { ($0.title, sheet.add(states[$0.rawValue] ?? 0)) }
        let outcomeCells = CaseOutcome.allCases.map { ($0.title, sheet.add(outcomes[$0.title] ?? 0)) }
        let caseloadCells = caseloads.map { ($0.0, sheet.add($0.1)) }
        let contacted = sheet.add(waits.values.reduce(0, +))
        let shown = sheet.protected()

        var tables = [
            FigureTable.protected(
                title: "Referrals by month", label: "Month", Array(zip(period.labels, monthCells)), sheet: shown,
                keepOrder: true),
            FigureTable.protected(title: "Referrals by reason", label: "Reason", byReason.cells, sheet: shown),
            FigureTable.protected(
                title: "Referrals by profession", label: "Profession", byProfession.cells, sheet: shown),
            FigureTable.protected(title: "Referrals by grade", label: "Grade", byGrade.cells, sheet: shown),
            FigureTable.protected(
                title: "Open cases by state", label: "State", stateCells, sheet: shown, keepOrder: true),
        ]
        tables.append(
            FigureTable.protected(
                title: "Open caseload per case manager", label: "Case manager", caseloadCells, sheet: shown))
        // Every outcome is listed, those nobody hopes for included, so the table cannot read as all good news.
        tables.append(
            FigureTable.protected(
                title: "Outcomes of closed cases", label: "Outcome", outcomeCells, sheet: shown, keepOrder: true))
        let breakdowns = [("reason", byReason.grid), ("profession", byProfession.grid), ("grade", byGrade.grid)].map {
            FigureTable.protectedBreakdown(
                title: "Referrals per month by \($0.0)", first: "Month", second: $0.0.capitalized, $0.1, sheet: shown)
        }
        let summary = FigureTable(
            title: "Referrals received", columns: ["Since", "Count"],
            rows: [[calendar.day(of: sinceDate).description, shown.shown(total)]])
        let cost = try await costPerClosedCase(organisationID: organisation.id)
        return Report(
            since: calendar.day(of: sinceDate), received: shown.shown(total), tables: [summary] + tables,
            breakdowns: breakdowns,
            byMonth: zip(period.labels, monthCells).map {
                (label: $0.0, value: shown.value($0.1) ?? 0, shown: shown.shown($0.1))
            },
            firstContactMedian: Self.days(waits, percentile: 50),
            firstContactNinetieth: Self.days(waits, percentile: 90),
            contactedCount: shown.shown(contacted), costPerClosedCase: cost)
    }

    /// The period's months in the organisation's time zone: their labels and the instants between them.
    static func months(from start: Date, to end: Date, calendar: WorkingDays) -> (labels: [String], boundaries: [Date])
    {
        var day = calendar.day(of: start)
        let last = calendar.day(of: end)
        var labels: [String] = []
        var boundaries: [Date] = []
        while (day.year, day.month) <= (last.year, last.month) {
            labels.append("\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)")
            day = day.month == 12 ? CalendarDay(day.year + 1, 1, 1) : CalendarDay(day.year, day.month + 1, 1)
            if let boundary = calendar.start(of: day), (day.year, day.month) <= (last.year, last.month) {
                boundaries.append(boundary)
            }
        }
        return (labels, boundaries)
    }

    /// Which referrals the figures count: one organisation's, received since a date; `boundaries` split months.
    struct Window {
        var organisationID: UUID
        var since: Date
        var boundaries: [Date]
    }

    /// `CASE WHEN received_at < b1 THEN 0 WHEN received_at < b2 THEN 1 … ELSE n END`: the month a referral falls in.
    struct MonthIndex: SQLExpression {
        var boundaries: [Date]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write("CASE")
            for (index, boundary) in boundaries.enumerated() {
                serializer.write(" WHEN ")
                SQLColumn("received_at").serialize(to: &serializer)
                serializer.write(" < ")
                SQLBind(boundary).serialize(to: &serializer)
                serializer.write(" THEN \(index)")
            }
            serializer.write(" ELSE \(boundaries.count) END")
        }
    }

    private var sql: any SQLDatabase { context.database as! any SQLDatabase }

    /// Referral counts by month and one column.
    private func grouped(by column: String, _ window: Window) async throws -> [Int: [String: Int]] {
        let rows = try await sql.select()
            .column(MonthIndex(boundaries: window.boundaries), as: "month")
            .column(SQLColumn(column), as: "label")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SupportCase.schema)
            .where("organisation_id", .equal, SQLBind(window.organisationID))
            .where("received_at", .greaterThanOrEqual, SQLBind(window.since))
            .groupBy(SQLColumn("month")).groupBy(SQLColumn(column))
            .all()
        var counts: [Int: [String: Int]] = [:]
        for row in rows {
            let label = try row.decode(column: "label", as: String?.self) ?? ""
            counts[try row.decode(column: "month", as: Int.self), default: [:]][label] =
                try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// Referral counts in the period by one column (optionally only where another has a value).
    private func counts(of column: String, _ window: Window, extra: (String, String)?) async throws -> [String: Int] {
        var query = sql.select()
            .column(SQLColumn(column), as: "label")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SupportCase.schema)
            .where("organisation_id", .equal, SQLBind(window.organisationID))
            .where("received_at", .greaterThanOrEqual, SQLBind(window.since))
        if let (other, value) = extra { query = query.where(SQLColumn(other), .equal, SQLBind(value)) }
        var counts: [String: Int] = [:]
        for row in try await query.groupBy(SQLColumn(column)).all() {
            guard let label = try row.decode(column: "label", as: String?.self) else { continue }
            counts[label, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// How many referrals in the period waited each number of working days for first contact.
    private func contactWaits(_ window: Window) async throws -> [Int: Int] {
        let rows = try await sql.select()
            .column(SQLColumn("first_contact_working_days"), as: "days")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SupportCase.schema)
            .where("organisation_id", .equal, SQLBind(window.organisationID))
            .where("received_at", .greaterThanOrEqual, SQLBind(window.since))
            .where("first_contact_working_days", .isNot, SQLLiteral.null)
            .groupBy(SQLColumn("first_contact_working_days"))
            .all()
        var waits: [Int: Int] = [:]
        for row in rows {
            waits[try row.decode(column: "days", as: Int.self)] = try row.decode(column: "n", as: Int.self)
        }
        return waits
    }

    /// A percentile of the waits by the nearest-rank method (a value that occurred), not shown below five cases.
    package static func days(_ waits: [Int: Int], percentile: Double) -> String {
        let count = waits.values.reduce(0, +)
        guard count >= 5 else { return "Not shown (fewer than 5 cases)" }
        let rank = min(max(Int((percentile / 100 * Double(count)).rounded(.up)), 1), count)
        var seen = 0
        for days in waits.keys.sorted() {
            seen += waits[days]!
            if seen >= rank { return days == 1 ? "1 working day" : "\(days) working days" }
        }
        return "Not shown (fewer than 5 cases)"
    }

    private func caseload(organisationID: UUID) async throws -> [(String, Int)] {
        let open = CaseState.allCases.filter(\.isOpen).map { SQLBind($0.rawValue) }
        let rows = try await sql.select()
            .column(SQLColumn("display_name", table: "people"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "cases")
            .from(CaseAssignment.schema)
            .join(
                SupportCase.schema, on: SQLColumn("case_id", table: CaseAssignment.schema), .equal,
                SQLColumn("id", table: SupportCase.schema)
            )
            .join(
                "people", on: SQLColumn("person_id", table: CaseAssignment.schema), .equal,
                SQLColumn("id", table: "people")
            )
            .where(SQLColumn("organisation_id", table: SupportCase.schema), .equal, SQLBind(organisationID))
            .where(SQLColumn("state", table: SupportCase.schema), .in, SQLGroupExpression(SQLList(open)))
            .groupBy(SQLColumn("display_name", table: "people"))
            .all()
        return try rows.map {
            (try $0.decode(column: "display_name", as: String.self), try $0.decode(column: "cases", as: Int.self))
        }
    }

    private func costPerClosedCase(organisationID: UUID) async throws -> String {
        let closed = try await SupportCase.query(on: context.database)
            .filter(\.$organisationID == organisationID).filter(\.$stateName == CaseState.closed.rawValue).count()
        guard closed >= 5 else { return "Not shown (fewer than 5 closed cases)" }
        let total =
            try await sql.select()
            .column(
                SQLFunction(
                    "COALESCE", args: SQLFunction("SUM", args: SQLColumn("cost_pence", table: PlanItem.schema)),
                    SQLLiteral.numeric("0")), as: "total"
            )
            .from(PlanItem.schema)
            .join(
                SupportCase.schema, on: SQLColumn("case_id", table: PlanItem.schema), .equal,
                SQLColumn("id", table: SupportCase.schema)
            )
            .where(SQLColumn("organisation_id", table: SupportCase.schema), .equal, SQLBind(organisationID))
            .where(SQLColumn("state", table: SupportCase.schema), .equal, SQLBind(CaseState.closed.rawValue))
            .first()?.decode(column: "total", as: Int.self) ?? 0
        return "£" + String(format: "%.2f", Double(total) / 100 / Double(closed))
            + " over \(SmallNumbers.belowFive(closed)) closed cases"
    }
}
