import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Boots Cairn in-process for one test, on a clean database, and shuts it down afterwards.
///
/// SQLite in memory by default; PostgreSQL when `CAIRN_TEST_DATABASE_URL` is set, each test on its own database
/// cloned from a migrated template (far faster than migrating per test).
func withCairn(
    configure: (inout CairnConfiguration) -> Void = { _ in },
    collaborators: Collaborators = .testing(),
    migrate: Bool = true,
    features: [any Feature] = CairnFeatures.all,
    _ body: (Application) async throws -> Void
) async throws {
    // On PostgreSQL at most `PostgresTestSlots.limit` tests hold an app (and its pools) at once: Swift Testing starts
    // every test together, and ~280 apps of 3-8 connections each once filled the server's 1,000 slots ("remaining
    // connection slots are reserved", 53300) and failed a dozen tests at random. A test inside a slot (an app it
    // starts for itself, a second app in the same test) does not wait for another, so nothing can deadlock.
    if TestDatabase.isPostgres, !PostgresTestSlots.held {
        await PostgresTestSlots.shared.take()
        do {
            try await PostgresTestSlots.$held.withValue(true) {
                try await withCairn(
                    configure: configure, collaborators: collaborators, migrate: migrate, features: features, body)
            }
        } catch {
            await PostgresTestSlots.shared.give()
            throw error
        }
        await PostgresTestSlots.shared.give()
        return
    }
    let database = try await TestDatabase.make(migrated: migrate)
    var configuration = TestDatabase.configuration(database: database.configuration)
    configure(&configuration)
    let app = try await CairnApp.build(configuration, collaborators: collaborators, features: features)
    do {
        // Without migrations there is nothing to prepare: the test drives the migrator itself.
        if migrate { try await CairnApp.prepare(app, migrate: true) }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await database.drop()
        throw error
    }
    try await app.asyncShutdown()
    try await database.drop()
}

/// How many tests may hold a PostgreSQL-backed app at once (see `withCairn`).
actor PostgresTestSlots {
    static let limit = 32
    static let shared = PostgresTestSlots()
    @TaskLocal static var held = false

    private var free = limit
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func take() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// A throwaway database for one test.
struct TestDatabase: Sendable {
    var configuration: CairnConfiguration.Database
    var drop: @Sendable () async throws -> Void

    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["CAIRN_TEST_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }

    static var isPostgres: Bool { postgresURL != nil }

    /// On PostgreSQL a migrated database is a clone of the template; an unmigrated one is blank.
    static func make(migrated: Bool) async throws -> TestDatabase {
        guard let url = postgresURL else {
            return TestDatabase(configuration: .sqliteMemory(identifier: UUID().uuidString), drop: {})
        }
        return try await PostgresTemplate.shared.cloneDatabase(adminURL: url, migrated: migrated)
    }

    static func configuration(database: CairnConfiguration.Database) -> CairnConfiguration {
        var configuration = try! CairnConfiguration.load(from: ["CAIRN_LOG_LEVEL": "warning"])
        configuration.mode = .testing
        configuration.database = database
        configuration.databaseVariable = "DATABASE_URL"
        configuration.resourcesDirectory = TestPaths.repositoryRoot
        configuration.keyFile = nil
        // bcrypt at cost 4 keeps the suite fast; `PasswordHashingTests` checks the shipped default is 12.
        configuration.passwordCost = 4
        return configuration
    }
}

enum TestPaths {
    /// The repository root, found from this file's path, so tests read `Public/` and `openapi.yaml`.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path + "/"
    }()
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

extension Collaborators {
    /// Real ids, the given clock (or real time), and no waiting on the sign-in slow-down.
    static func testing(clock: TestClock? = nil) -> Collaborators {
        Collaborators(now: { clock?.now ?? Date() }, newID: { UUID() }, pause: { _ in })
    }
}
