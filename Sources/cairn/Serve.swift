import ArgumentParser
import CairnAccounts
import CairnPlatform
import CairnServer
import Foundation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the web server (migrating the database first).",
        discussion: """
            Listens on CAIRN_HOST:CAIRN_PORT (127.0.0.1:8080). Stops gracefully on SIGINT or SIGTERM, \
            finishing the requests in flight.
            """
    )

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let app = try await CairnApp.build(configuration)
            do {
                try await CairnApp.prepare(app, migrate: true)
                try await CairnApp.serve(app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
