import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent
import SQLKit

/// Whether the database has every migration this build knows, read without changing anything.
enum MigrationStatus {
    static func pending(
        on database: any Database, features: [any Feature] = CairnFeatures.all
    ) async throws -> [String] {
        let rows = try await (database as! any SQLDatabase)
            .select().column("name").from("_fluent_migrations").all()
        let applied = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
        return CairnMigrations.names(features: features).filter { !applied.contains($0) }
    }
}
