import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

/// `GET /api/v1/mentoring/programmes/{programmeId}/figures`: a programme's dashboard as its page's CSV gives it
/// (issue #14 item 2), from the same report, so the same protection; audited like the dashboard and its CSV.
extension APIHandler {
    package func getMentoringProgrammeFigures(_ input: Operations.GetMentoringProgrammeFigures.Input) async throws
        -> Operations.GetMentoringProgrammeFigures.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        let figures = try await ProgrammeFigures(context: ServiceContext(request)).report(for: programme)
        let representation = FiguresAPI.representation(input.headers.accept, csv: .csv, json: .json)
        try await request.audit(
            representation == .csv
                ? MentoringAudit.mentoringDashboardExported : MentoringAudit.mentoringDashboardViewed,
            resourceType: .mentoringProgramme, resourceID: programme.id?.uuidString)
        switch representation {
        case .csv: return .ok(.init(body: .csv(FiguresAPI.csv(figures.tables))))
        case .json:
            return .ok(
                .init(body: .json(FiguresAPI.figures(title: "Dashboard: \(programme.name)", tables: figures.tables))))
        }
    }
}
