import ArgumentParser
import CairnAccounts
import CairnPlatform
import CairnServer
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load demonstration data into an empty database (never in production).",
        discussion: "Refuses when CAIRN_ENV=production, and when the database already holds data."
    )

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let app = try await CairnApp.build(configuration)
            do {
                let report = try await DemoData.load(into: app)
                report.forEach { print($0) }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Cairn's version.")

    func run() {
        print("cairn \(Cairn.configuration.version)")
    }
}
