import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent
import Foundation
import Vapor

/// `cairn demo`: demonstration data for an empty database, each feature's own (`Feature.demo`), in the app's order.
public enum DemoData {
    public static func load(into app: Application) async throws -> [String] {
        let configuration = app.cairn.configuration
        guard !configuration.isProduction else {
            throw ConfigurationError("CAIRN_ENV", "is production, and demonstration data is never loaded there.")
        }
        try await DatabaseSetup.checkReachable(configuration, database: app.db)
        let isEmpty = try await isDatabaseEmpty(app.db)
        guard isEmpty else {
            throw ConfigurationError(
                configuration.databaseVariable,
                "leads to a database that already holds data; demo data needs an empty one.")
        }
        try await CairnApp.prepare(app, migrate: true)
        var lines = ["Organisation: \(app.cairn.organisation?.name ?? configuration.organisationName)"]
        for feature in app.cairn.features { lines += try await feature.demo(app) }
        lines.append("Demonstration data loaded. Start the service with: swift run cairn serve")
        return lines
    }

    /// Empty means never migrated, or migrated with no organisation yet.
    static func isDatabaseEmpty(_ database: any Database) async throws -> Bool {
        guard (try? await MigrationStatus.pending(on: database)) != nil else { return true }
        return try await Organisation.query(on: database).count() == 0
    }
}
