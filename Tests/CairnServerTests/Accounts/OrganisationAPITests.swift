import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("GET /api/v1/organisation")
struct OrganisationAPITests {
    @Test func answersWithTheOrganisation() async throws {
        try await withCairn(configure: { $0.organisationName = "HEIW Professional Support" }) { app in
            let secret = try await APITokenTests.createToken(for: try await app.makePerson(), on: app)
            try await app.testing().test(.GET, "/api/v1/organisation", headers: ["Authorization": "Bearer \(secret)"]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType == .json)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(body?["name"] == "HEIW Professional Support")
                #expect(body?["kind"] == "unit")
                #expect(body?["nation"] == "england")
                #expect(body?["timeZone"] == "Europe/London")
                #expect(body?["id"] == app.cairn.organisation?.id.uuidString.lowercased())
            }
        }
    }

    @Test func withoutATokenItIsA401Problem() async throws {
        try await withCairn { app in
            try await app.testing().test(.GET, "/api/v1/organisation") { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers.contentType?.serialize() == "application/problem+json")
            }
        }
    }

    @Test func aWrongMethodIsAProblemDocumentNotA500() async throws {
        try await withCairn { app in
            try await app.testing().test(.POST, "/api/v1/organisation", body: .init(string: "{")) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers.first(name: .allow) == "GET")
                #expect(response.headers.contentType?.serialize() == "application/problem+json")
            }
        }
    }
}
