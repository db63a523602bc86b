import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Chooses, registers and checks the database: SQLite (embedded default) or PostgreSQL (production).
///
/// Statements are not logged on SQLite (`sqlLogLevel: nil`; PostgreSQL's driver always logs, at trace): a logged
/// statement carries its bound values, so the database libraries' own lines go through `ValueFreeLogHandler`.
package enum DatabaseSetup {
    /// How long a request may wait for a database connection (and, on SQLite, for the write gate). SQLite has one
    /// connection per event loop and one writer; PostgreSQL four connections per event loop, and rows a transaction
    /// locks make others wait. Waiting up to 30 seconds (Fluent's default is 10, which a burst of 40 audited writes
    /// on a loaded 2-core machine exceeded on PostgreSQL) turns a burst into a short wait rather than a refused
    /// request; on SQLite a longer wait is a 503 with Retry-After.
    package static let poolWait: TimeAmount = .seconds(30)

    /// Sent as startup parameters on every PostgreSQL connection (checked by a test through `SHOW`).
    package static let postgresLimits: [(String, String)] = [
        ("statement_timeout", "30s"), ("lock_timeout", "20s"), ("idle_in_transaction_session_timeout", "1min"),
    ]

    package static func register(_ configuration: CairnConfiguration, on app: Application) throws(ConfigurationError) {
        switch configuration.database {
        case .sqliteFile(let path):
            try prepareDirectory(for: path, variable: configuration.databaseVariable)
            app.databases.use(
                .singleWriter(
                    .sqlite(.file(path), connectionPoolTimeout: poolWait, sqlLogLevel: nil), wait: poolWait),
                as: .sqlite)
        case .sqliteMemory(let identifier):
            app.databases.use(
                .singleWriter(
                    .sqlite(
                        .init(storage: .memory(identifier: identifier)), connectionPoolTimeout: poolWait,
                        sqlLogLevel: nil),
                    wait: poolWait),
                as: .sqlite)
        case .postgres(let url):
            do {
                var postgres = try SQLPostgresConfiguration(url: url)
                postgres.coreConfiguration.options.connectTimeout = .seconds(5)
                // Bounded waits in the server itself: no statement runs longer than 30 s (the pool's own wait), no
                // lock is waited for longer than 20 s, and a transaction left open is ended after a minute. Each is
                // answered 503 with Retry-After (`ErrorResponder.isDatabaseUnavailable`), never a request that hangs.
                postgres.coreConfiguration.options.additionalStartupParameters = Self.postgresLimits
                app.databases.use(
                    .postgres(
                        configuration: postgres, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: poolWait,
                        sqlLogLevel: .trace),
                    as: .psql)
            } catch {
                throw ConfigurationError(
                    "DATABASE_URL",
                    "is not a valid PostgreSQL URL: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
            }
        }
    }

    /// The data directory must exist (or be creatable) and be writable, or SQLite would fail on first write.
    package static func prepareDirectory(for databasePath: String, variable: String) throws(ConfigurationError) {
        let directory = (databasePath as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(variable, "points to \"\(folder)\", which cannot be created.")
        }
        let probe = (folder as NSString).appendingPathComponent(".cairn-write-check-\(UUID().uuidString)")
        guard files.createFile(atPath: probe, contents: Data("ok".utf8)) else {
            throw ConfigurationError(variable, "points to \"\(folder)\", which is not writable.")
        }
        try? files.removeItem(atPath: probe)
    }

    /// Answers one query, or says in one sentence why the database cannot be reached.
    /// Runs `body` (migrating, setting up the organisation, each feature's `prepare`) while this process holds the
    /// start lock: on PostgreSQL a session advisory lock on a connection kept for the purpose, waited for without a
    /// limit, so several processes starting together on one database prepare it one at a time (the others then find
    /// it done). On SQLite the body runs as it is (its writes take the file's write lock one at a time).
    package static func oneStartAtATime(
        _ configuration: CairnConfiguration, database: any Database, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        guard case .postgres = configuration.database else { return try await body() }
        try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("SET lock_timeout = 0").run()
            try await sql.raw("SET statement_timeout = 0").run()
            try await sql.raw("SELECT pg_advisory_lock(2030003000)").run()
            do {
                try await body()
            } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(2030003000)").run()
                try? await sql.raw("RESET ALL").run()
                throw error
            }
            try await sql.raw("SELECT pg_advisory_unlock(2030003000)").run()
            try await sql.raw("RESET ALL").run()
        }
    }

    package static func checkReachable(_ configuration: CairnConfiguration, database: any Database)
        async throws(ConfigurationError)
    {
        do {
            try await (database as! any SQLDatabase).raw("SELECT 1").run()
        } catch {
            throw ConfigurationError(
                configuration.databaseVariable,
                "does not lead to a database Cairn can use (\(describe(error, configuration: configuration))).")
        }
    }

    /// SQLite in WAL mode with full sync and foreign keys; PostgreSQL with fsync on in production (SECURITY.md §26).
    package static func checkDurability(
        _ configuration: CairnConfiguration, database: any Database, logger: Logger
    ) async throws(ConfigurationError) {
        let sql = database as! any SQLDatabase
        do {
            switch configuration.database {
            case .sqliteFile, .sqliteMemory:
                // SQLite's "memory" databases for several connections are temporary files: WAL there too, so tests
                // meet the same locking as production (readers never hold up a commit).
                try await sql.raw("PRAGMA journal_mode=WAL").run()
            case .postgres:
                for setting in ["fsync", "synchronous_commit"] {
                    let row = try await sql.raw("SHOW \(unsafeRaw: setting)").first()
                    let value = try row?.decode(column: setting, as: String.self) ?? "unknown"
                    guard value == "off" else { continue }
                    if configuration.isProduction {
                        throw ConfigurationError(
                            "DATABASE_URL", "leads to a PostgreSQL server with \(setting)=off, which can lose data.")
                    }
                    logger.warning("PostgreSQL has \(setting)=off: acceptable only for a throwaway test cluster")
                }
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(
                configuration.databaseVariable,
                "could not be checked (\(describe(error, configuration: configuration))).")
        }
    }

    /// A reason a person can act on, without echoing passwords from the URL.
    package static func describe(_ error: any Error, configuration: CairnConfiguration) -> String {
        guard let postgres = error as? PSQLError else { return "\(error)" }
        if let message = postgres.serverInfo?[.message] { return message }
        let underlying = postgres.underlying.map { "\($0)" } ?? ""
        let target = postgresTarget(configuration)
        if underlying.contains("refused") { return "connection refused at \(target)" }
        if underlying.localizedCaseInsensitiveContains("timed out") || underlying.contains("timeout") {
            return "no answer from \(target) in time"
        }
        if underlying.localizedCaseInsensitiveContains("resolve") || underlying.contains("NXDOMAIN") {
            return "the host in \(target) was not found"
        }
        return "cannot connect to \(target)"
    }

    /// `host:port` of the configured PostgreSQL server: never the user name or password.
    package static func postgresTarget(_ configuration: CairnConfiguration) -> String {
        guard case .postgres(let url) = configuration.database, let components = URLComponents(string: url) else {
            return "the database"
        }
        return "\(components.host ?? "?"):\(components.port ?? 5432)"
    }
}
