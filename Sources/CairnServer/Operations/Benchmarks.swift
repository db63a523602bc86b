import CairnPlatform
import CairnSupport
import Foundation
import Vapor

/// Measurements an operator or CI can run against a scratch database (never in production).
public enum Benchmarks {
    public struct FiguresResult: Sendable {
        public var loaded: Int
        public var loadSeconds: Double
        public var runs: [Double]
    }

    /// Loads `referrals` synthetic referrals into an empty database and times the unit's figures `runs` times.
    public static func figures(app: Application, referrals: Int, runs: Int) async throws -> FiguresResult {
        guard app.cairn.configuration.mode != .production else {
            throw ConfigurationError("CAIRN_ENV", "is production, and benchmark data is never loaded there.")
        }
        let result = try await FiguresBenchmark.run(app: app, referrals: referrals, runs: runs)
        return FiguresResult(loaded: result.loaded, loadSeconds: result.loadSeconds, runs: result.runs)
    }
}
