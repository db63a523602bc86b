import ArgumentParser
import CairnAccounts
import CairnPlatform
import CairnServer
import Foundation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database schema up to date, or revert the last batch of migrations."
    )

    @Flag(name: .long, help: "Revert the last batch of migrations instead of applying new ones.")
    var revert = false

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let app = try await CairnApp.build(configuration)
            do {
                let names = revert ? try await CairnApp.revertLastBatch(app) : try await CairnApp.migrate(app)
                let verb = revert ? "Reverted" : "Applied"
                print(
                    names.isEmpty
                        ? "Nothing to do: the database is \(revert ? "at its first state" : "up to date")."
                        : "\(verb) \(names.count) migration(s): \(names.joined(separator: ", ")).")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
