import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

/// `POST /api/v1/earlier-records`: the same import as `/earlier-records` (issue #14 item 3).
extension APIHandler {
    package func importEarlierRecords(_ input: Operations.ImportEarlierRecords.Input) async throws
        -> Operations.ImportEarlierRecords.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        switch try await PastRecordsService(request: request).importRecords(body.csv) {
        case .success(let report):
            return .ok(.init(body: .json(.init(imported: report.imported, alreadyThere: report.alreadyThere))))
        case .failure(let problems):
            // Every line's problem, each under /csv (a form keeps one message a field; a file has many lines).
            throw ValidationFailure(field: "/csv", messages: problems.lines.prefix(500).map(\.description))
        }
    }
}
