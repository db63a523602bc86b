import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// A programme's dashboard and its CSV: aggregates only, every count protected on one sheet (1–4 and whatever would give one away show as "*"), never a record or a name.
package struct DashboardController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let byProgramme = MentoringAccess.programmeLoader()
        routes.on(.mentoringDashboard(nil), action: .runMentoringProgrammes, record: byProgramme, use: dashboard)
        routes.on(.mentoringDashboardCSV(nil), action: .runMentoringProgrammes, record: byProgramme, use: dashboardCSV)
    }

    /// The programme the gate loaded and allowed for this route.
    private func requireProgramme(_ request: Request) async throws -> MentoringProgramme {
        try request.authorisedRecord(MentoringProgramme.self)
    }

    @Sendable package func dashboard(request: Request) async throws -> HTMLPage {
        let programme = try await requireProgramme(request)
        let figures = try await ProgrammeFigures(context: ServiceContext(request))
            .report(for: programme)
        try await request.audit(
            MentoringAudit.mentoringDashboardViewed, resourceType: .mentoringProgramme,
            resourceID: programme.id?.uuidString)
        return request.page("Dashboard: \(programme.name)", DashboardPage.render(programme, figures))
    }

    static let csvFilename = "cairn-mentoring-programme.csv"

    @Sendable package func dashboardCSV(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let figures = try await ProgrammeFigures(context: ServiceContext(request))
            .report(for: programme)
        try await request.audit(
            MentoringAudit.mentoringDashboardExported, resourceType: .mentoringProgramme,
            resourceID: programme.id?.uuidString)
        return .file(FigureTable.csv(of: figures.tables), type: Response.csv, filename: Self.csvFilename)
    }
}
