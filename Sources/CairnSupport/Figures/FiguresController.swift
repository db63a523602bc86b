import CairnAccounts
import CairnCore
import CairnPlatform
import Plot
import Vapor

/// `/figures/support` and its CSV: the unit's figures for the unit lead and programme leads.
package struct FiguresController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.supportFigures, action: .viewTeamFigures, use: page)
        routes.on(.supportFiguresCSV, action: .viewTeamFigures, use: csv)
    }

    @Sendable package func page(request: Request) async throws -> HTMLPage {
        let report = try await SupportFigures(request: request).report(earlierWhileWorking: true)
        try await request.audit(SupportAudit.figuresViewed, resourceType: .figures, resourceID: "support")
        let asOf = report.earlierAsOf.map {
            DisplayTime.clockWithSeconds($0, in: request.application.cairn.configuration.timeZone)
        }
        let mayImport = Policy.decide(request.actor, .importPastRecords) == .allow
        return request.page(
            "Support figures", FiguresPage.render(report, earlierAsOf: asOf, mayBringInEarlierRecords: mayImport))
    }

    static let csvFilename = "cairn-support-figures.csv"

    @Sendable package func csv(request: Request) async throws -> Response {
        let report = try await SupportFigures(request: request).report()
        try await request.audit(SupportAudit.figuresExported, resourceType: .figures, resourceID: "support")
        return .file(FigureTable.csv(of: report.allTables), type: Response.csv, filename: Self.csvFilename)
    }
}

package enum FiguresPage {
    /// `earlierAsOf`: the time ("09:30:12") the figures shown were worked out from, when the page was given the last
    /// figures worked out rather than new ones (newer ones were being worked out, or the last were only just done).
    package static func render(
        _ report: SupportFigures.Report, earlierAsOf: String? = nil, mayBringInEarlierRecords: Bool = false
    ) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Support figures")),
            .unwrap(earlierAsOf) { time in
                .div(
                    .class("notice"), .attr("role", "status"),
                    .p(
                        .text("These figures were worked out at \(time). While referrals and cases keep changing, "),
                        .text("figures are worked out again at most every few seconds, so the latest changes may not "),
                        .text("be counted yet: reload the page in a moment to see them.")))
            },
            .if(
                mayBringInEarlierRecords,
                .p(
                    .text("Moving to Cairn? "),
                    .a(.attr("href", SiteURL.earlierRecords.path), .text("Bring in the unit's earlier records")),
                    .text(" so these figures show last year too."))),
            .p(
                .text("Referrals received since \(report.since): \(report.received). "),
                .text("Counts from 1 to 4 are hidden and shown as *, so that no one can be recognised; so are the "),
                .text("fewest other counts needed so that no hidden count can be worked out from those shown (by "),
                .text("subtracting them from a total, for example). No case content is used.")),
            .p(.a(.attr("href", SiteURL.supportFiguresCSV.path), .text("Download these figures as CSV"))),
            .h2(.text("Time to first contact")),
            .el(
                "dl", .class("summary-list"),
                .div(
                    .class("summary-list__row"), .el("dt", .text("Requests contacted")),
                    .el("dd", .text(report.contactedCount))),
                .div(
                    .class("summary-list__row"), .el("dt", .text("Median")), .el("dd", .text(report.firstContactMedian))
                ),
                .div(
                    .class("summary-list__row"), .el("dt", .text("90th percentile")),
                    .el("dd", .text(report.firstContactNinetieth))),
                .div(
                    .class("summary-list__row"), .el("dt", .text("Cost per closed case")),
                    .el("dd", .text(report.costPerClosedCase)))
            ),
            .h2(.text("Referrals by month")),
            .chart(BarChart.svg(title: "Referrals by month", bars: report.byMonth)),
            .forEach(report.tables) { FigureTableView.render($0) },
            .forEach(report.breakdowns) { breakdown in
                .el(
                    "details", .class("details"), .el("summary", .text(breakdown.title)),
                    FigureTableView.render(breakdown))
            }
        )
    }
}
