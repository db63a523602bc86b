import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot
import Vapor

/// `/appraisal-overview` for the responsible officer, and `/practices/figures` across practices.
package struct OverviewController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.appraisalOverview, action: .readAppraisalOverview, use: overview)
        routes.on(.developmentFigures, action: .readDevelopmentFigures, use: figures)
        routes.on(.developmentFiguresCSV, action: .readDevelopmentFigures, use: csv)
    }

    @Sendable func overview(request: Request) async throws -> HTMLPage {
        let context = ServiceContext(request)
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let noticeOnly = (try? request.query.get(String.self, at: "due")) == "soon"
        let overview = try await AppraisalOverview.load(context: context, page: page, noticeOnly: noticeOnly)
        try await context.audit(DevelopmentAudit.appraisalOverviewViewed, resourceType: .developmentPortfolio)
        let today = context.state.today
        let base = SiteURL.appraisalOverview.path + (noticeOnly ? "?due=soon&" : "?")
        return request.page(
            "Appraisal and revalidation",
            .group(
                .h1(.text("Appraisal and revalidation")),
                .p(
                    .text(
                        "Dates, and how many of the six kinds of supporting information each person holds this "
                            + "appraisal year (\(Revalidation.appraisalYearText(overview.year))). What their plans, "
                            + "evidence and reflections say is theirs and is not shown here.")),
                .p(
                    noticeOnly
                        ? .a(.attr("href", SiteURL.appraisalOverview.path), .text("Show everyone"))
                        : .a(
                            .attr("href", SiteURL.appraisalOverview.path + "?due=soon"),
                            .text("Show only dates within four months"))),
                overview.rows.isEmpty
                    ? .p(.text("Nobody has a revalidation date recorded" + (noticeOnly ? " within four months." : ".")))
                    : DevelopmentPages.table(
                        "People by revalidation date (\(overview.paging.total))",
                        columns: [
                            "Name", "Register", "Revalidation", "Where it stands", "Latest appraisal",
                            "Supporting information",
                        ],
                        rows: overview.rows.map { row in
                            let standing: String =
                                switch Revalidation.standing(of: row.due, on: today) {
                                case .ahead: "Ahead"
                                case .noticeGiven(let days): "Due in \(days) days"
                                case .passed(let days): "Passed \(days) days ago"
                                }
                            return [
                                .text(row.name), .text(row.register.rawValue.uppercased()), .text(row.due.longText),
                                .text(standing), .text(row.latestAppraisal?.longText ?? "None recorded"),
                                .text("\(row.supportingKinds) of 6"),
                            ]
                        }),
                Pager.render(overview.paging) { base + "page=\($0)" }))
    }

    @Sendable func figures(request: Request) async throws -> HTMLPage {
        let context = ServiceContext(request)
        let figures = try await DevelopmentFigures.load(context: context)
        try await context.audit(DevelopmentAudit.developmentFiguresViewed, resourceType: .practice)
        return request.page(
            "Practice development figures",
            .group(
                DevelopmentPages.back("Practices", .practices),
                .h1(.text("Practice development: figures")),
                .p(
                    .text(
                        "Counted across the organisation's practices. Objectives in personal plans are about people: "
                            + "from 1 to 4 they show as *, with no total beside them.")),
                .p(.a(.attr("href", SiteURL.developmentFiguresCSV.path), .text("Download these figures (CSV)"))),
                .forEach(figures.tables) { FigureTableView.render($0) }))
    }

    @Sendable func csv(request: Request) async throws -> Response {
        let context = ServiceContext(request)
        let figures = try await DevelopmentFigures.load(context: context)
        try await context.audit(DevelopmentAudit.developmentFiguresViewed, resourceType: .practice, reason: "csv")
        return .file(figures.csv, type: Response.csv, filename: "practice-development-figures.csv")
    }
}
