import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("API tokens")
struct APITokenTests {
    /// Creates a token through the page, as a person would, and returns the secret shown once.
    static func createToken(for person: TestPerson, on app: Application) async throws -> String {
        let browser = TestBrowser(app)
        try await browser.signIn(person)
        try await browser.get("/account/tokens")
        let page = try await browser.post("/account/tokens", [("name", "reporting script")])
        let range = try #require(page.body.range(of: #"<code class="secret">"#))
        return String(page.body[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func aTokenIsShownOnceStoredHashedAndActsAsItsHolder() async throws {
        try await withCairn { app in
            let mentor = try await app.makePerson([.mentor, .clinician], name: "Dr James Okafor")
            let secret = try await Self.createToken(for: mentor, on: app)
            #expect(secret.hasPrefix("cairn_"))
            let stored = try #require(try await APIToken.query(on: app.db).first())
            #expect(stored.tokenHash == Secrets.hash(secret))
            #expect(!stored.tokenHash.contains(secret))
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secret)"]) {
                response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["displayName"] as? String == "Dr James Okafor")
                #expect(body?["roles"] as? [String] == ["clinician", "mentor"])
            }
            #expect(try await APIToken.query(on: app.db).first()?.lastUsedAt != nil)
        }
    }

    @Test func aRevokedTokenStopsWorking() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let secret = try await Self.createToken(for: person, on: app)
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            try await browser.get("/account/tokens")
            let token = try #require(try await APIToken.query(on: app.db).first())
            let revoked = try await browser.post(
                "/account/tokens/\(token.requireID().uuidString.lowercased())/revoke", [])
            #expect(revoked.status == .seeOther)
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secret)"]) {
                response in
                #expect(response.status == .unauthorized)
                #expect(response.headers.first(name: .wwwAuthenticate) == "Bearer")
                #expect(response.headers.contentType?.serialize() == "application/problem+json")
            }
        }
    }

    @Test func nobodyCanRevokeSomeoneElsesToken() async throws {
        try await withCairn { app in
            let owner = try await app.makePerson()
            _ = try await Self.createToken(for: owner, on: app)
            let other = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(other)
            try await browser.get("/account/tokens")
            let token = try #require(try await APIToken.query(on: app.db).first())
            let page = try await browser.post("/account/tokens/\(token.requireID().uuidString.lowercased())/revoke", [])
            #expect(page.status == .notFound)
            #expect(try await APIToken.query(on: app.db).first()?.revokedAt == nil)
        }
    }

    @Test func theAPIRefusesTheSessionCookie() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let browser = TestBrowser(app)
            try await browser.signIn(person)
            let page = try await browser.get("/api/v1/me")
            #expect(page.status == .unauthorized)
        }
    }

    @Test func aDisabledHoldersTokenStopsWorking() async throws {
        try await withCairn { app in
            let person = try await app.makePerson()
            let secret = try await Self.createToken(for: person, on: app)
            let stored = try #require(try await Person.find(person.id, on: app.db))
            stored.status = .disabled
            try await stored.update(on: app.db)
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secret)"]) {
                response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: ["Bearer nonsense", "Bearer cairn_forged", "Basic dXNlcjpwYXNz", "Bearer "])
    func badCredentialsAreA401ProblemNeverA500(header: String) async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/api/v1/organisation", headers: ["Authorization": header]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers.contentType?.serialize() == "application/problem+json")
            }
        }
    }
}
