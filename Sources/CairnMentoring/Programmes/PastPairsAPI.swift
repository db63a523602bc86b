import CairnAPI
import CairnCore
import CairnPlatform
import Vapor

extension APIHandler {
    /// A programme's earlier pairs, as its past-pairs page brings them in (`ProgrammeService.importPastPairs`).
    package func importPastPairs(_ input: Operations.ImportPastPairs.Input) async throws
        -> Operations.ImportPastPairs.Output
    {
        let request = try APIRequest.require()
        let programme = try request.authorisedRecord(MentoringProgramme.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        guard body.csv.unicodeScalars.count <= 900_000 else {
            throw Abort(.badRequest, reason: "csv: at most 900,000 characters.")
        }
        switch try await ProgrammeService(request: request).importPastPairs(body.csv, into: programme) {
        case .success(let report):
            return .ok(.init(body: .json(.init(imported: report.imported, alreadyThere: report.alreadyThere))))
        case .failure(let problems):
            // Every line's problem, each under /csv (a file has many lines).
            throw ValidationFailure(field: "/csv", messages: problems.lines.prefix(500).map(\.description))
        }
    }
}
