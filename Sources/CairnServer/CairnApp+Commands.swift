import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent
import Foundation
import NIOCore
import NIOPosix
import Vapor

extension CairnApp {
    /// Serves until SIGINT or SIGTERM, then stops the HTTP server before anything else: it stops accepting at
    /// once and lets the requests in flight finish against live databases. Only after that may the caller shut the
    /// application down (background jobs, then the databases). Vapor's own shutdown closes its storage, databases
    /// included, in no fixed order, and a request still running then crashed the process (issue #21).
    public static func serve(_ app: Application) async throws {
        app.environment.arguments = ["cairn", "serve"]
        app.lifecycle.use(BackgroundJobs())
        do {
            try await app.execute()
            await app.server.shutdown()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            let configuration = app.cairn.configuration
            throw ConfigurationError(
                "CAIRN_PORT",
                "is \(configuration.port), which another program on \(configuration.host) is already using.")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw ConfigurationError(
                "CAIRN_HOST", "is \(app.cairn.configuration.host), which is not an address of this machine.")
        }
    }

    /// Applies pending migrations and returns their names.
    public static func migrate(_ app: Application) async throws -> [String] {
        try await DatabaseSetup.checkReachable(app.cairn.configuration, database: app.db)
        try await app.migrator.setupIfNeeded().get()
        let pending = try await app.migrator.previewPrepareBatch().get().map { $0.0.name }
        try await app.autoMigrate()
        return pending
    }

    /// Reverts the last batch of migrations and returns their names.
    public static func revertLastBatch(_ app: Application) async throws -> [String] {
        try await DatabaseSetup.checkReachable(app.cairn.configuration, database: app.db)
        try await app.migrator.setupIfNeeded().get()
        let reverted = try await app.migrator.previewRevertLastBatch().get().map { $0.0.name }
        try await app.migrator.revertLastBatch().get()
        return reverted
    }
}
