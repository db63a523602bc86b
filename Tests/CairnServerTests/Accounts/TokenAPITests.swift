import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

/// A person's own API tokens through the API (issue #14): listed without secrets, revoked (the one in use, too);
/// never made by another token.
@Suite("Own API tokens through the API")
struct TokenAPITests {
    @Test func tokensAreListedWithoutSecretsAndRevokedOnlyByTheirOwner() async throws {
        try await withCairn { app in
            let person = try await app.makePerson([.clinician])
            let first = try await CaseAPITests.token(for: person, on: app)
            let second = try await CaseAPITests.token(for: person, on: app)
            let (status, page, text) = try await CaseAPITests.send(app, .GET, "/api/v1/me/tokens", token: first)
            #expect(status == .ok)
            #expect(page["total"] as? Int == 2)
            let tokens = try #require(page["tokens"] as? [[String: Any]])
            #expect(tokens.allSatisfy { $0["status"] as? String == "active" })
            #expect(!text.contains(first) && !text.contains(second), "a secret is never shown again")
            let stored = try await APIToken.query(on: app.db).all()
            #expect(stored.allSatisfy { !text.contains($0.tokenHash) })

            // Someone else's token is not found; one's own is revoked, and then answers 401.
            let other = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            let secondID = try #require(stored.first { Secrets.hash(second) == $0.tokenHash }?.id)
            #expect(
                try await CaseAPITests.send(app, .DELETE, "/api/v1/me/tokens/\(secondID)", token: other).0
                    == .notFound)
            #expect(
                try await CaseAPITests.send(app, .DELETE, "/api/v1/me/tokens/\(secondID)", token: first).0
                    == .noContent)
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/me", token: second).0 == .unauthorized)
            let (_, after, _) = try await CaseAPITests.send(app, .GET, "/api/v1/me/tokens", token: first)
            let statuses = (after["tokens"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
            #expect(statuses.sorted() == ["active", "revoked"])
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "api_token_revoked")
                    .filter(\.$subjectID == person.id).count() == 1)

            // A client retiring itself.
            let firstID = try #require(stored.first { Secrets.hash(first) == $0.tokenHash }?.id)
            #expect(
                try await CaseAPITests.send(app, .DELETE, "/api/v1/me/tokens/\(firstID)", token: first).0
                    == .noContent)
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/me/tokens", token: first).0 == .unauthorized)
        }
    }
}
