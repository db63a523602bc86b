import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #21's bad-input findings: a NUL character reached PostgreSQL (500, error 22021) from forms, JSON and
/// query strings; the API's checks applied only to a Content-Type of exactly lowercase `application/json`.
@Suite("NUL characters and media types")
struct NulAndMediaTypeTests {
    @Test func aNulCharacterIsRefusedWhereverItIsSent() async throws {
        try await withCairn { app in
            // the anonymous sign-in form
            let visitor = TestBrowser(app)
            try await visitor.get("/sign-in")
            let form = try await visitor.post("/sign-in", [("email", "a\u{0}@example.org"), ("password", "x")])
            #expect(form.status == .badRequest)
            #expect(form.body.contains("NUL character"))
            // a query string
            #expect(try await visitor.get("/sign-in?next=%00").status == .badRequest)
            // JSON, escaped or raw
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let escaped = CaseAPITests.referral.replacingOccurrences(
                of: "API-MARKER", with: #"API\u0000MARKER"#)
            let (status, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/referrals", token: token, body: escaped)
            #expect(status == .badRequest)
            #expect((problem["detail"] as? String)?.contains("NUL") == true)
            #expect(try await SupportCase.query(on: app.db).count() == 0)
            // a token's name, through the page
            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            try await browser.get("/account/tokens")
            #expect(try await browser.post("/account/tokens", [("name", "x\u{0}y")]).status == .badRequest)
        }
    }

    @Test func theAPIReadsOnlyJSONWithinItsLimitWhateverTheContentTypeSays() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            func send(_ contentType: String?, _ body: String) async throws -> HTTPStatus {
                var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                if let contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
                return try await app.testing().sendRequest(
                    .POST, "/api/v1/referrals", headers: headers, body: ByteBuffer(string: body)
                ).status
            }
            let withNull = CaseAPITests.referral.replacingOccurrences(of: #""atRisk": "yes""#, with: #""atRisk": null"#)
            #expect(try await send("application/JSON", withNull) == .badRequest)
            #expect(try await send(nil, CaseAPITests.referral) == .unsupportedMediaType)
            #expect(try await send("garbage", CaseAPITests.referral) == .unsupportedMediaType)
            #expect(try await send("text/plain", CaseAPITests.referral) == .unsupportedMediaType)
            // through a real socket, a body over the limit is refused whatever it claims to be
            let port = try await CairnProcess.freePort()
            let huge = ByteBuffer(string: String(repeating: "x", count: 2_000_000))
            for contentType in ["text/plain", "application/JSON", "garbage"] {
                let response = try await app.testing(method: .running(hostname: "127.0.0.1", port: port)).sendRequest(
                    .POST, "/api/v1/referrals",
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": contentType], body: huge)
                #expect(response.status == .payloadTooLarge, "\(contentType): \(response.status)")
            }
            #expect(try await SupportCase.query(on: app.db).count() == 0)
            #expect(try await send("application/json", CaseAPITests.referral) == .created)
        }
    }
}
