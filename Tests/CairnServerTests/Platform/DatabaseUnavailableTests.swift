import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import VaporTesting

@testable import CairnPlatform
@testable import CairnServer

/// PostgreSQL unreachable (issue #21 item 7): a request that needs the database answers 503 with Retry-After and
/// one sentence, a page as a page and the API as a problem document, never a 500.
@Suite("An unreachable database is a 503 with Retry-After")
struct DatabaseUnavailableTests {
    @Test func requestsThatNeedTheDatabaseSayTryAgainLater() async throws {
        // Nothing listens on port 1 of this machine: every connection is refused.
        let configuration = TestDatabase.configuration(
            database: .postgres(url: "postgres://cairn:cairn@127.0.0.1:1/cairn?tlsmode=disable"))
        let app = try await CairnApp.build(configuration, collaborators: .testing(), features: CairnFeatures.all)
        do {
            let api = try await app.testing().sendRequest(
                .GET, "/api/v1/me", headers: ["Authorization": "Bearer cairn_0123456789abcdefghijklmnop"])
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers.first(name: "Retry-After") == "30")
            #expect(api.body.string.contains(ErrorResponder.databaseUnavailable))
            let page = try await app.testing().sendRequest(
                .GET, "/account", headers: ["Cookie": "cairn_session=0123456789abcdefghijklmnopqrstuvwxyz"])
            #expect(page.status == .serviceUnavailable, "\(page.status)")
            #expect(page.headers.first(name: "Retry-After") == "30")
            #expect(page.headers.contentType?.subType == "html")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func theKindsOfUnreachableAreKnown() {
        #expect(ErrorResponder.isDatabaseUnavailable(ConnectionPoolTimeoutError.connectionRequestTimeout))
        #expect(ErrorResponder.isDatabaseUnavailable(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(!ErrorResponder.isDatabaseUnavailable(IOError(errnoCode: ENOENT, reason: "open")))
        #expect(ErrorResponder.classify(ConnectionPoolTimeoutError.connectionRequestTimeout).0 == .serviceUnavailable)
    }

    /// A frozen or overloaded PostgreSQL must not hold a request for ever: every connection carries a statement,
    /// lock and idle-in-transaction limit, and a statement stopped by one is a 503 with Retry-After, not a 500.
    @Test(.enabled(if: TestDatabase.isPostgres)) func postgresWaitsAreBoundedAndAnsweredAsUnavailable() async throws {
        try await withCairn { app in
            let sql = app.db as! any SQLDatabase
            for (name, value) in DatabaseSetup.postgresLimits {
                let shown = try await sql.raw("SHOW \(unsafeRaw: name)").first()?.decode(column: name, as: String.self)
                #expect(shown == value, "\(name)")
            }
            // A statement that runs past its limit (set low for this one transaction) is classified as unavailable.
            var caught: (any Error)?
            do {
                try await app.db.transaction { database in
                    let sql = database as! any SQLDatabase
                    try await sql.raw("SET LOCAL statement_timeout = '50ms'").run()
                    try await sql.raw("SELECT pg_sleep(2)").run()
                }
            } catch {
                caught = error
            }
            let error = try #require(caught)
            #expect(ErrorResponder.classify(error).0 == .serviceUnavailable, "\(String(reflecting: error))")
        }
    }
}
