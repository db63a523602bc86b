import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The unit's figures (issue #6): referrals by month, reason, profession and grade; time to first contact;
/// open cases by state; caseload per case manager; cost per closed case. Structured columns only: no note,
/// message or referral text is ever read here. Every count comes from `case_counts`, kept current by the database with
/// every write (issue #21 item 5), and the counts are protected together as one `CountSheet`: below five hidden, and
/// so are the fewest others needed so that no hidden count follows from the ones shown.
package struct SupportFigures {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package struct Report: Sendable {
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
        /// The lines above as a table, for the CSV.
        package var summary: FigureTable
        /// Set when these are the last figures worked out, given while newer ones were being worked out: when they
        /// were started (the data they show is as it was then).
        package var earlierAsOf: Date?

        /// Every table, in the order the CSV and the API give them.
        package var allTables: [FigureTable] { [summary] + tables + breakdowns }
    }

    /// Requests for one organisation's figures arriving while they are being worked out share that work: under a
    /// burst of requests and new referrals (each changes the counts, so each needs its protection decided anew) one
    /// is worked out at a time per organisation, instead of one per request (the load benchmark's mixed run reached
    /// 1.9 GB and time-outs that way).
    static let inFlight = SingleFlight<Report>()

    /// The figures as they are now. With `earlierWhileWorking`, a request arriving while newer figures are being
    /// worked out gets the last ones finished at once, marked with when they were started (`earlierAsOf`), instead
    /// of waiting, and so does one arriving sooner after the last finished than that one took to work out: the page
    /// says so; the CSV always waits for the newest.
    package func report(months: Int = 12, earlierWhileWorking: Bool = false) async throws -> Report {
        guard let organisation = context.state.organisation else { throw Abort(.serviceUnavailable) }
        let context = self.context
        let key = "\(organisation.id)/\(months)"
        let work: @Sendable () async throws -> Report = {
            try await SupportFigures(context: context).compute(months: months)
        }
        guard earlierWhileWorking else { return try await Self.inFlight.run(key, work) }
        // Resting as long as the last run took: under a stream of changes, deciding protections takes at most about
        // half of one core, and the page says which figures it shows.
        let answer = try await Self.inFlight.latest(key, now: context.state.collaborators.now(), rest: 1, work)
        var report = answer.value
        report.earlierAsOf = answer.isNewest ? nil : answer.startedAt
        return report
    }

    private func compute(months: Int) async throws -> Report {
        let state = context.state
        guard let organisation = state.organisation else { throw Abort(.serviceUnavailable) }
        let calendar = CaseService(context: context).clock.workingDays
        let today = calendar.day(of: state.collaborators.now())
        // This month and the twelve before it, whole months in the organisation's time zone.
        var first = (year: today.year, month: today.month)
        for _ in 0..<months { first = first.month == 1 ? (first.year - 1, 12) : (first.year, first.month - 1) }
        var labels: [String] = []
        var cursor = first
        while (cursor.year, cursor.month) <= (today.year, today.month) {
            labels.append(CaseCounts.label(cursor.year, cursor.month))
            cursor = cursor.month == 12 ? (cursor.year + 1, 1) : (cursor.year, cursor.month + 1)
        }
        let monthIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })

        // The counts the database keeps current with every write (`CaseCounts`): a few thousand rows whatever the
        // number of cases. No note, message or referral text is read.
        var professions: [Int: [String: Int]] = [:]
        var grades: [Int: [String: Int]] = [:]
        var reasons: [Int: [String: Int]] = [:]
        var states: [String: Int] = [:]
        var outcomes: [String: Int] = [:]
        var waits: [Int: Int] = [:]
        for row in try await CaseCounts.read(organisationID: organisation.id, from: labels[0], on: sql) {
            guard let month = monthIndex[row.month] else { continue }
            switch row.dimension {
            case "profession":
                professions[month, default: [:]][Profession(rawValue: row.label)?.title ?? row.label, default: 0] +=
                    row.count
            case "grade":
                grades[month, default: [:]][Grade(rawValue: row.label)?.title ?? row.label, default: 0] += row.count
            case "reasons":
                for reason in row.label.split(separator: ",") {
                    let title = ReferralReason(rawValue: String(reason))?.title ?? String(reason)
                    reasons[month, default: [:]][title, default: 0] += row.count
                }
            case "state":
                states[row.label, default: 0] += row.count
            case "outcomes":
                for outcome in row.label.split(separator: ",") {
                    outcomes[CaseOutcome(rawValue: String(outcome))?.title ?? String(outcome), default: 0] += row.count
                }
            case "contact_days":
                if let days = Int(row.label) { waits[days, default: 0] += row.count }
            default:
                continue
            }
        }
        let caseloads = try await caseload(organisationID: organisation.id)

        // One sheet holds every count shown and every sum that ties them, so none hidden can be worked out.
        var sheet = CountSheet()
        let monthTotals = labels.indices.map { (professions[$0] ?? [:]).values.reduce(0, +) }
        let total = sheet.add(monthTotals.reduce(0, +))
        let monthCells = monthTotals.map { sheet.add($0) }
        sheet.tie(total, to: monthCells)
        func dimension(_ counts: [Int: [String: Int]], tiedToMonths: Bool)
            -> (cells: [(String, CountSheet.Cell)], grid: [(String, String, CountSheet.Cell)])
        {
            let names = Set(counts.values.flatMap(\.keys)).sorted()
            let cells = names.map { name in (name, sheet.add(counts.values.reduce(0) { $0 + ($1[name] ?? 0) })) }
            var grid: [(String, String, CountSheet.Cell)] = []
            var columns: [String: [CountSheet.Cell]] = [:]
            for (index, month) in labels.enumerated() {
                var row: [CountSheet.Cell] = []
                for name in names {
                    guard let count = counts[index]?[name], count > 0 else { continue }
                    let cell = sheet.add(count)
                    grid.append((month, name, cell))
                    row.append(cell)
                    columns[name, default: []].append(cell)
                }
                if tiedToMonths {
                    sheet.tie(monthCells[index], to: row)
                } else {
                    // Every referral gives at least one reason: a month's reasons add up to at least its referrals,
                    // and no reason is given by more referrals than the month had.
                    sheet.tie(monthCells[index], to: row, .atLeast)
                    for cell in row { sheet.tie(monthCells[index], to: [cell], .atMost) }
                }
            }
            for (name, cell) in cells { sheet.tie(cell, to: columns[name] ?? []) }
            if tiedToMonths {
                sheet.tie(total, to: cells.map(\.1))
            } else {
                for (_, cell) in cells { sheet.tie(total, to: [cell], .atMost) }
            }
            return (cells, grid)
        }
        let byProfession = dimension(professions, tiedToMonths: true)
        let byGrade = dimension(grades, tiedToMonths: true)
        // A referral may give several reasons: reasons add up within a reason, not to the month.
        let byReason = dimension(reasons, tiedToMonths: false)
        let stateCells = CaseState.allCases.filter(\.isOpen).map { ($0.title, sheet.add(states[$0.rawValue] ?? 0)) }
        // What a reader can reason about beside the tables: the period's referrals are its open cases and those
        // that ended (closed, or declined and withdrawn: not shown); each closed case has at least one outcome and no
        // outcome more cases than closed; no more closed in the period than closed ever ("over N closed cases");
        // a request still waiting for first contact has not been contacted.
        let closedInPeriod = sheet.addUnpublished(states[CaseState.closed.rawValue] ?? 0)
        let endedOtherwise = sheet.addUnpublished(
            CaseState.allCases.filter { !$0.isOpen && $0 != .closed }.reduce(0) { $0 + (states[$1.rawValue] ?? 0) })
        sheet.tie(total, to: stateCells.map(\.1) + [closedInPeriod, endedOtherwise])
        let outcomeCells = CaseOutcome.allCases.map { ($0.title, sheet.add(outcomes[$0.title] ?? 0)) }
        sheet.tie(closedInPeriod, to: outcomeCells.map(\.1), .atLeast)
        for (_, cell) in outcomeCells { sheet.tie(closedInPeriod, to: [cell], .atMost) }
        let (closedEver, costPence) = try await CaseCounts.closedCost(organisationID: organisation.id, on: sql)
        let closedEverCell = sheet.add(closedEver)
        sheet.tie(closedEverCell, to: [closedInPeriod], .atMost)
        let caseloadCells = caseloads.map { ($0.0, sheet.add($0.1)) }
        let contacted = sheet.add(waits.values.reduce(0, +))
        if let waiting = stateCells.first(where: { $0.0 == CaseState.referred.title })?.1 {
            sheet.tie(total, to: [waiting, contacted], .atMost)
        }
        let shown = await sheet.protectedOnce()

        let since = CalendarDay(first.year, first.month, 1)
        var tables = [
            FigureTable(
                title: "Referrals received", columns: ["Since", "Count"],
                rows: [[since.description, shown.shown(total)]]),
            FigureTable.protected(
                title: "Referrals by month", label: "Month", Array(zip(labels, monthCells)), sheet: shown,
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
        // Cost per closed case over every case closed so far, shown only where the number of them is.
        let cost =
            closedEver < 5 || shown.isHidden(closedEverCell)
            ? "Not shown (fewer than 5 closed cases)"
            : "£" + String(format: "%.2f", Double(costPence) / 100 / Double(closedEver))
                + " over \(shown.shown(closedEverCell)) closed cases"
        return Report(
            since: since, received: shown.shown(total), tables: tables, breakdowns: breakdowns,
            byMonth: zip(labels, monthCells).map {
                (label: $0.0, value: shown.value($0.1) ?? 0, shown: shown.shown($0.1))
            },
            firstContactMedian: Self.days(waits, percentile: 50),
            firstContactNinetieth: Self.days(waits, percentile: 90),
            contactedCount: shown.shown(contacted), costPerClosedCase: cost,
            summary: FigureTable(
                title: "First contact and cost", columns: ["Figure", "Value"],
                rows: [
                    ["Requests contacted", shown.shown(contacted)],
                    ["Median working days to first contact", Self.days(waits, percentile: 50)],
                    ["90th percentile", Self.days(waits, percentile: 90)],
                    ["Cases closed so far", shown.shown(closedEverCell)], ["Cost per closed case", cost],
                ]))
    }

    private var sql: any SQLDatabase { context.database as! any SQLDatabase }

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

}
