import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// `/groups/:id/figures`: how a group has run over the years, for its facilitators: meetings held and called off by
/// year, how many came (fewest, median, most), what was discussed (themes by year, counted over meetings), who
/// stayed, and how widely presenting was shared. Everything is counted in SQL; nothing names anyone.
///
/// Counts of meetings are shown as they are (a meeting is not a person). Counts of people are on one `CountSheet`
/// (issue #21 item 5): 1–4 show as "*", and so does any count that would give one away (those who stayed beside
/// those who joined would tell how many left).
package struct PeerGroupFigures: Sendable {
    package struct YearRow: Sendable, Equatable {
        package var year: String
        package var held: Int
        package var cancelled: Int
        package var fewest: Int?
        package var median: Double?
        package var most: Int?
    }

    package struct Retention: Sendable, Equatable {
        package var months: Int
        package var joined: Int
        package var stayed: Int
    }

    package var years: [YearRow]
    package var themesByYear: [String: [DiscussionTheme: Int]]
    package var retention: [Retention]
    package var currentMembers: Int
    package var presenters: Int
    package var presentations: Int

    /// Reads a group's figures with a handful of aggregate queries, whatever its age.
    package static func load(_ group: PeerGroup, context: ServiceContext) async throws -> PeerGroupFigures {
        let sql = context.database as! any SQLDatabase
        let groupID = try group.requireID()
        let year = SQLFunction(
            "SUBSTR", args: SQLColumn("day", table: "m"), SQLLiteral.numeric("1"), SQLLiteral.numeric("4"))

        // Meetings by year and status.
        var years: [String: YearRow] = [:]
        let statusRows = try await sql.select().column(year, as: "year").column(SQLColumn("status", table: "m"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(PeerMeeting.schema), as: SQLIdentifier("m")))
            .where(SQLColumn("group_id", table: "m"), .equal, SQLBind(groupID))
            .where(SQLColumn("starts_at", table: "m"), .lessThan, SQLBind(context.now))
            .groupBy(SQLColumn("year")).groupBy(SQLColumn("status", table: "m")).all()
        for row in statusRows {
            let key = try row.decode(column: "year", as: String.self)
            let status = try row.decode(column: "status", as: String.self)
            let count = try row.decode(column: "n", as: Int.self)
            var entry = years[key] ?? YearRow(year: key, held: 0, cancelled: 0)
            if status == PeerMeeting.Status.held.rawValue { entry.held += count }
            if status == PeerMeeting.Status.cancelled.rawValue { entry.cancelled += count }
            years[key] = entry
        }

        // How many attended each held meeting (one row per meeting: a dozen a year).
        let attendance = try await sql.select().column(year, as: "year")
            .column(SQLFunction("COUNT", args: SQLColumn("id", table: "p")), as: "n")
            .from(SQLAlias(SQLIdentifier(PeerMeeting.schema), as: SQLIdentifier("m")))
            // A left join: a meeting held with nobody marked counts as none there.
            .join(
                SQLAlias(SQLIdentifier(MeetingPlace.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                on: SQLBinaryExpression(
                    left: SQLBinaryExpression(SQLColumn("meeting_id", table: "p"), .equal, SQLColumn("id", table: "m")),
                    op: SQLBinaryOperator.and,
                    right: SQLBinaryExpression(
                        SQLColumn("status", table: "p"), .equal, SQLBind(MeetingPlace.Status.attended.rawValue)))
            )
            .where(SQLColumn("group_id", table: "m"), .equal, SQLBind(groupID))
            .where(SQLColumn("status", table: "m"), .equal, SQLBind(PeerMeeting.Status.held.rawValue))
            .groupBy(SQLColumn("id", table: "m")).groupBy(SQLColumn("year")).all()
        var counts: [String: [Int]] = [:]
        for row in attendance {
            counts[try row.decode(column: "year", as: String.self), default: []].append(
                try row.decode(column: "n", as: Int.self))
        }
        for (key, values) in counts {
            let sorted = values.sorted()
            var entry = years[key] ?? YearRow(year: key, held: 0, cancelled: 0)
            entry.fewest = sorted.first
            entry.most = sorted.last
            entry.median =
                sorted.count % 2 == 1
                ? Double(sorted[sorted.count / 2])
                : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            years[key] = entry
        }

        // Themes by year, counted over held meetings (a meeting may have several).
        var themesByYear: [String: [DiscussionTheme: Int]] = [:]
        var themeQuery = sql.select().column(year, as: "year")
        for theme in DiscussionTheme.allCases {
            themeQuery = themeQuery.column(
                SQLFunction(
                    "SUM",
                    args: SQLRaw(
                        "CASE WHEN ',' || m.themes || ',' LIKE '%,\(theme.rawValue),%' THEN 1 ELSE 0 END")),
                as: theme.rawValue)
        }
        let themeRows = try await themeQuery.from(SQLAlias(SQLIdentifier(PeerMeeting.schema), as: SQLIdentifier("m")))
            .where(SQLColumn("group_id", table: "m"), .equal, SQLBind(groupID))
            .where(SQLColumn("status", table: "m"), .equal, SQLBind(PeerMeeting.Status.held.rawValue))
            .groupBy(SQLColumn("year")).all()
        for row in themeRows {
            var byTheme: [DiscussionTheme: Int] = [:]
            for theme in DiscussionTheme.allCases {
                byTheme[theme] = try row.decode(column: theme.rawValue, as: Int?.self) ?? 0
            }
            themesByYear[try row.decode(column: "year", as: String.self)] = byTheme
        }

        // Who stayed: of the members who joined at least N months ago, how many were still members N months on.
        // A group's members are a few dozen over its life: their two dates are read, and compared here.
        let spans = try await sql.select().column("joined_at").column("left_at").from(PeerGroupMember.schema)
            .where("group_id", .equal, SQLBind(groupID))
            .where("kind", .equal, SQLBind(PeerGroupMember.Kind.member.rawValue)).all()
            .map {
                (try $0.decode(column: "joined_at", as: Date.self), try $0.decode(column: "left_at", as: Date?.self))
            }
        var retention: [Retention] = []
        for months in [6, 12] {
            let span = Double(months) * 30.44 * 86_400
            let eligible = spans.filter { context.now.timeIntervalSince($0.0) >= span }
            let leftEarly = eligible.filter { joined, left in left.map { $0.timeIntervalSince(joined) < span } ?? false
            }
            retention.append(
                Retention(months: months, joined: eligible.count, stayed: eligible.count - leftEarly.count))
        }

        let currentMembers = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$kind == .member).filter(\.$leftAt == nil).count()
        let presenterRows = try await sql.select()
            .column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("person_id", table: "p"))), as: "people")
            .column(SQLFunction("COUNT", args: SQLColumn("id", table: "p")), as: "times")
            .from(SQLAlias(SQLIdentifier(MeetingPlace.schema), as: SQLIdentifier("p")))
            .join(
                SQLAlias(SQLIdentifier(PeerMeeting.schema), as: SQLIdentifier("m")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "m"), .equal, SQLColumn("meeting_id", table: "p")
            )
            .where(SQLColumn("group_id", table: "m"), .equal, SQLBind(groupID))
            .where(SQLColumn("presenter", table: "p"), .equal, SQLBind(true)).first()
        return PeerGroupFigures(
            years: years.values.sorted { $0.year < $1.year }, themesByYear: themesByYear, retention: retention,
            currentMembers: currentMembers,
            presenters: try presenterRows?.decode(column: "people", as: Int.self) ?? 0,
            presentations: try presenterRows?.decode(column: "times", as: Int.self) ?? 0)
    }

    package var tables: [FigureTable] {
        var tables: [FigureTable] = []
        tables.append(
            FigureTable(
                title: "Meetings by year",
                columns: ["Year", "Held", "Called off", "Fewest there", "Median", "Most there"],
                rows: years.map { row in
                    [
                        row.year, String(row.held), String(row.cancelled), row.fewest.map(String.init) ?? "–",
                        row.median.map { $0.rounded() == $0 ? String(Int($0)) : String(format: "%.1f", $0) } ?? "–",
                        row.most.map(String.init) ?? "–",
                    ]
                }))
        let yearsWithThemes = themesByYear.keys.sorted()
        tables.append(
            FigureTable(
                title: "Themes discussed, by year (meetings)", columns: ["Theme"] + yearsWithThemes,
                rows: DiscussionTheme.allCases.map { theme in
                    [theme.title] + yearsWithThemes.map { String(themesByYear[$0]?[theme] ?? 0) }
                }))
        // Counts of people on one sheet, with what a reader knows of them: of those who joined long enough ago,
        // some stayed and the rest left (never shown, but worked out by subtraction, so protected as a count); the
        // twelve-month rows are among the six-month ones; each person who brought a case brought one or more.
        var sheet = CountSheet()
        let retentionCells = retention.map { row in
            let joined = sheet.add(row.joined)
            let stayed = sheet.add(row.stayed)
            let left = sheet.add(row.joined - row.stayed)
            sheet.tie(joined, to: [stayed, left])
            return (row.months, joined, stayed)
        }
        for (longer, shorter) in zip(retentionCells.dropFirst(), retentionCells) {
            sheet.tieIfTrue(shorter.1, to: [longer.1], .atMost)
            sheet.tieIfTrue(shorter.2, to: [longer.2], .atMost)
        }
        let members = sheet.add(currentMembers)
        let presenterCell = sheet.add(presenters)
        let presentationCell = sheet.add(presentations)
        sheet.tie(presentationCell, to: [presenterCell], .atMost)
        let shown = sheet.protected()
        tables.append(
            FigureTable(
                title: "Who stayed", columns: ["After", "Members who joined at least that long ago", "Still members"],
                rows: retentionCells.map { months, joined, stayed in
                    ["\(months) months", shown.shown(joined), shown.shown(stayed)]
                }))
        tables.append(
            FigureTable.protected(
                title: "Members and presenters", label: "Figure",
                [
                    ("Members now", members), ("People who have brought a case", presenterCell),
                    ("Cases brought", presentationCell),
                ], sheet: shown, keepOrder: true))
        return tables
    }

    package var heldBars: [(label: String, value: Int, shown: String)] {
        years.map { ($0.year, $0.held, String($0.held)) }
    }
}

/// The figures page, for the group's facilitators.
package struct PeerGroupFiguresController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.groupFigures(nil), action: .runPeerGroups, record: PeerGroupAccess.groupLoader(), use: show)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let group = try request.authorisedRecord(PeerGroup.self)
        let context = ServiceContext(request)
        let figures = try await PeerGroupFigures.load(group, context: context)
        try await context.audit(
            PeerGroupsAudit.peerGroupFiguresViewed, resourceType: .peerGroup, resourceID: group.id?.uuidString)
        return request.page(
            "Figures: \(group.name)",
            .group(
                .p(.a(.class("back-link"), .attr("href", SiteURL.group(group.id).path), .text(group.name))),
                .span(.class("caption"), .text(group.name)),
                .h1(.text("How the group has run")),
                .p(
                    .text(
                        "Counted over the group's meetings, never naming anyone. Counts of people from 1 to 4 show "
                            + "as *, and so does any count that would let one be worked out (those who stayed beside "
                            + "those who joined would tell how many left).")),
                .chart(BarChart.svg(title: "Meetings held, by year", bars: figures.heldBars, id: "chart-held")),
                .forEach(figures.tables) { FigureTableView.render($0) }))
    }
}
