import ArgumentParser
import CairnPlatform
import CairnServer
import Foundation

struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark", abstract: "Measure Cairn on generated data (never in production).",
        subcommands: [FiguresBenchmarkCommand.self])
}

struct FiguresBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Load a year of generated referrals into an empty database and time the unit's figures.",
        discussion: """
            Migrates the database named by CAIRN_DATA_DIR or DATABASE_URL, which must hold no cases, loads the \
            referrals (structured columns only) and prints the load time and each run of the figures in milliseconds.
            """
    )

    @Option(help: "How many referrals to load (1 to 5,000,000).")
    var referrals: Int = 1_000_000

    @Option(help: "How many times to compute the figures.")
    var runs: Int = 5

    func validate() throws {
        guard (1...5_000_000).contains(referrals) else { throw ValidationError("--referrals must be 1 to 5000000.") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1 to 100.") }
    }

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            // Refused before the database is touched.
            if configuration.isProduction {
                throw ConfigurationError("CAIRN_ENV", "is production, and benchmark data is never loaded there.")
            }
            let app = try await CairnApp.build(configuration)
            do {
                try await CairnApp.prepare(app, migrate: true)
                let result = try await Benchmarks.figures(app: app, referrals: referrals, runs: runs)
                print("loaded \(result.loaded) referrals in \(String(format: "%.1f", result.loadSeconds)) s")
                let milliseconds = result.runs.map { $0 * 1000 }
                for (index, run) in milliseconds.enumerated() {
                    print("figures run \(index + 1): \(String(format: "%.0f", run)) ms")
                }
                let sorted = milliseconds.sorted()
                print(
                    "figures median \(String(format: "%.0f", sorted[sorted.count / 2])) ms, "
                        + "slowest \(String(format: "%.0f", sorted.last ?? 0)) ms")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
