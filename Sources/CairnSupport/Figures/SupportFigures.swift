import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The unit's figures (issue #6): referrals by month, reason, profession and grade; time to first contact;
/// open cases by state; caseload per case manager; cost per closed case. Structured columns only: no note,
/// message or referral text is ever read here. Every count is suppressed below five.
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
        package var tables: [FigureTable]
        /// Month by reason, profession and grade: long, so shown folded and given in full in the CSV.
        package var breakdowns: [FigureTable]
        package var byMonth: [(label: String, value: Int, shown: String)]
        package var firstContactMedian: String
        package var firstContactNinetieth: String
        package var contactedCount: String
        package var costPerClosedCase: String
    }

    package func report(months: Int = 12) async throws -> Report {
        let state = context.state
        guard let organisation = state.organisation else { throw Abort(.serviceUnavailable) }
        let clock = CaseService(context: context).clock
        let now = state.collaborators.now()
        let sinceDate = now.addingTimeInterval(-Double(months) * 30.44 * 86_400)
        let sql = context.database as! any SQLDatabase
        let rows = try await sql.select()
            .columns("received_at", "first_contact_at", "reasons", "profession", "grade", "state", "outcomes")
            .from(SupportCase.schema)
            .where("organisation_id", .equal, SQLBind(organisation.id))
            .where("received_at", .greaterThanOrEqual, SQLBind(sinceDate))
            .all()
        var byMonth: [String: Int] = [:]
        var byReason: [String: Int] = [:]
        var byProfession: [String: Int] = [:]
        var byGrade: [String: Int] = [:]
        var byState: [String: Int] = [:]
        var byOutcome: [String: Int] = [:]
        var monthly: [String: [String: [String: Int]]] = ["Reason": [:], "Profession": [:], "Grade": [:]]
        var daysToContact: [Int] = []
        for row in rows {
            let received = try row.decode(column: "received_at", as: Date.self)
            let day = clock.workingDays.day(of: received)
            let month = "\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)"
            byMonth[month, default: 0] += 1
            for reason in try row.decode(column: "reasons", as: String.self).split(separator: ",") {
                let title = ReferralReason(rawValue: String(reason))?.title ?? String(reason)
                byReason[title, default: 0] += 1
                monthly["Reason"]![month, default: [:]][title, default: 0] += 1
            }
            let profession = try row.decode(column: "profession", as: String.self)
            let professionTitle = Profession(rawValue: profession)?.title ?? profession
            byProfession[professionTitle, default: 0] += 1
            monthly["Profession"]![month, default: [:]][professionTitle, default: 0] += 1
            let grade = try row.decode(column: "grade", as: String.self)
            let gradeTitle = Grade(rawValue: grade)?.title ?? grade
            byGrade[gradeTitle, default: 0] += 1
            monthly["Grade"]![month, default: [:]][gradeTitle, default: 0] += 1
            let caseState = CaseState(rawValue: try row.decode(column: "state", as: String.self)) ?? .referred
            if caseState.isOpen { byState[caseState.title, default: 0] += 1 }
            if caseState == .closed, let outcomes = try row.decode(column: "outcomes", as: String?.self) {
                for outcome in outcomes.split(separator: ",") {
                    byOutcome[CaseOutcome(rawValue: String(outcome))?.title ?? String(outcome), default: 0] += 1
                }
            }
            if let contacted = try row.decodeNil(column: "first_contact_at")
                ? nil : row.decode(column: "first_contact_at", as: Date.self)
            {
                daysToContact.append(clock.workingDaysTaken(receivedAt: received, contactedAt: contacted))
            }
        }
        let caseloads = try await caseload(organisationID: organisation.id)
        let months = byMonth.keys.sorted()
        var tables = [
            FigureTable.counts(
                title: "Referrals by month", label: "Month", months.map { ($0, byMonth[$0] ?? 0) }, keepOrder: true),
            FigureTable.counts(title: "Referrals by reason", label: "Reason", Array(byReason)),
            FigureTable.counts(title: "Referrals by profession", label: "Profession", Array(byProfession)),
            FigureTable.counts(title: "Referrals by grade", label: "Grade", Array(byGrade)),
            FigureTable.counts(
                title: "Open cases by state", label: "State",
                CaseState.allCases.filter(\.isOpen).map { ($0.title, byState[$0.title] ?? 0) }, keepOrder: true),
        ]
        tables.append(FigureTable.counts(title: "Open caseload per case manager", label: "Case manager", caseloads))
        // Every outcome is listed, those nobody hopes for included, so the table cannot read as all good news.
        tables.append(
            FigureTable.counts(
                title: "Outcomes of closed cases", label: "Outcome",
                CaseOutcome.allCases.map { ($0.title, byOutcome[$0.title] ?? 0) }, keepOrder: true))
        let breakdowns = ["Reason", "Profession", "Grade"].map { dimension in
            FigureTable.breakdown(
                title: "Referrals per month by \(dimension.lowercased())", first: "Month", second: dimension,
                months.flatMap { month in
                    (monthly[dimension]?[month] ?? [:]).sorted { $0.key < $1.key }.map { (month, $0.key, $0.value) }
                })
        }
        let cost = try await costPerClosedCase(organisationID: organisation.id)
        return Report(
            since: clock.workingDays.day(of: sinceDate), tables: tables, breakdowns: breakdowns,
            byMonth: months.map {
                (label: $0, value: byMonth[$0] ?? 0, shown: SmallNumbers.belowFive(byMonth[$0] ?? 0))
            },
            firstContactMedian: Self.days(daysToContact.count, Percentile.median(daysToContact)),
            firstContactNinetieth: Self.days(daysToContact.count, Percentile.of(90, in: daysToContact)),
            contactedCount: SmallNumbers.belowFive(daysToContact.count), costPerClosedCase: cost)
    }

    /// A statistic over fewer than five cases is not shown.
    package static func days(_ count: Int, _ value: Int?) -> String {
        guard count >= 5, let value else { return "Not shown (fewer than 5 cases)" }
        return value == 1 ? "1 working day" : "\(value) working days"
    }

    private func caseload(organisationID: UUID) async throws -> [(String, Int)] {
        let open = CaseState.allCases.filter(\.isOpen).map { SQLBind($0.rawValue) }
        let rows = try await (context.database as! any SQLDatabase).select()
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
        let sql = context.database as! any SQLDatabase
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
