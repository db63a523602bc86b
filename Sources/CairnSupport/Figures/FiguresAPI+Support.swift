import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

/// `GET /api/v1/figures/support`: the unit's figures as `/figures/support` and its CSV give them (issue #14 item 2),
/// from the same report, so the same protection; audited as a view or an export like the page and the CSV.
extension APIHandler {
    package func getSupportFigures(_ input: Operations.GetSupportFigures.Input) async throws
        -> Operations.GetSupportFigures.Output
    {
        let request = try APIRequest.require()
        let report = try await SupportFigures(request: request).report()
        switch FiguresAPI.representation(input.headers.accept, csv: .csv, json: .json) {
        case .csv:
            try await request.audit(SupportAudit.figuresExported, resourceType: .figures, resourceID: "support")
            return .ok(.init(body: .csv(FiguresAPI.csv(report.allTables))))
        case .json:
            try await request.audit(SupportAudit.figuresViewed, resourceType: .figures, resourceID: "support")
            return .ok(
                .init(
                    body: .json(
                        FiguresAPI.figures(title: "Support figures", since: report.since, tables: report.allTables))))
        }
    }
}
