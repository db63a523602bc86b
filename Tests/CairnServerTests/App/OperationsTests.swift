import FluentKit
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Operations endpoints")
struct OperationsTests {
    @Test func healthzSaysTheProcessIsAlive() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/healthz") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("\"status\":\"ok\""))
            }
        }
    }

    @Test func readyzIsReadyWhenMigrationsAreCurrent() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/readyz") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("\"migrations\":\"current\""))
            }
        }
    }

    @Test func readyzAnswers503WhenAMigrationIsMissing() async throws {
        try await withCairn { app in
            // setup: forget the last migration, as if this build were newer than the database
            let last = CairnMigrations.names().last!
            try await (app.db as! any SQLDatabase).delete(from: "_fluent_migrations").where("name", .equal, last).run()
            // act, check
            try await app.testing().test(.GET, "/readyz") { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.string.contains("1 pending"))
            }
        }
    }

    @Test func readyzAnswers503BeforeAnyMigration() async throws {
        try await withCairn(migrate: false) { app in
            try await app.testing().test(.GET, "/readyz") { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test func metricsCountRequestsByRoutePatternNotRawPath() async throws {
        try await withCairn { app in
            // act
            try await app.testing().test(.GET, "/healthz") { _ in }
            try await app.testing().test(.GET, "/no/such/page/4f1c") { _ in }
            // check
            try await app.testing().test(.GET, "/metrics") { response in
                let text = response.body.string
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.subType == "plain")
                #expect(text.contains(#"cairn_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
                #expect(text.contains(#"route="unmatched",method="GET",status="404""#))
                #expect(!text.contains("4f1c"))
                #expect(text.contains("cairn_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func theOpenAPISpecIsServed() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/api/openapi.yaml") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.hasPrefix("openapi: 3.1.0"))
            }
        }
    }
}

@Suite("Migrations")
struct MigrationTests {
    @Test func migrationsGoUpAndDownAndUpAgain() async throws {
        try await withCairn(migrate: false) { app in
            // act: up
            let applied = try await CairnApp.migrate(app)
            #expect(applied == CairnMigrations.names())
            #expect(try await MigrationStatus.pending(on: app.db).isEmpty)
            // act: down
            let reverted = try await CairnApp.revertLastBatch(app)
            #expect(Set(reverted) == Set(applied))
            #expect(try await MigrationStatus.pending(on: app.db) == applied)
            // act: up again, then nothing left to do
            #expect(try await CairnApp.migrate(app) == applied)
            #expect(try await CairnApp.migrate(app).isEmpty)
        }
    }

    @Test func firstStartCreatesTheOrganisationOnce() async throws {
        try await withCairn(configure: { $0.organisationName = "Wessex Professional Support" }) { app in
            #expect(app.cairn.organisation?.name == "Wessex Professional Support")
            // a second start finds the same organisation rather than adding one
            try await CairnApp.prepare(app, migrate: true)
            #expect(try await Organisation.query(on: app.db).count() == 1)
        }
    }

    @Test func migrationNamesAreUniqueAndNumberedInOrder() {
        let names = CairnMigrations.names()
        #expect(Set(names).count == names.count)
        // Each number once, none skipped. They run landed ones first, then each feature's in the app's order (a
        // feature's own in their numbers' order: `MigrationManifestTests`); between features order does not matter.
        let numbers = names.compactMap { Int($0.prefix(4)) }
        #expect(numbers.sorted() == Array(1...names.count))
    }
}
