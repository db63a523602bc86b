import Foundation
import Vapor

/// `cairn audit verify`: walks the chain and reports in one line.
public enum AuditVerification {
    public struct Report: Sendable {
        public var intact: Bool
        public var message: String
    }

    public static func run(app: Application) async throws -> Report {
        try await DatabaseSetup.checkReachable(app.cairn.configuration, database: app.db)
        let result = try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher)
        guard let problem = result.firstProblem else {
            return Report(intact: true, message: "Audit trail intact: \(result.checked) entries checked.")
        }
        return Report(
            intact: false,
            message:
                "Audit trail broken at entry \(problem.sequence): \(problem.problem) (\(result.checked) entries before it are intact)."
        )
    }
}
