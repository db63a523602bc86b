import CairnCore
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// A browser for in-process tests: keeps cookies, reads the CSRF token from the last page, follows nothing by
/// itself (tests check redirects).
final class TestBrowser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var lastPage = ""
    var headers: HTTPHeaders = [:]

    init(_ app: Application) {
        self.app = app
    }

    struct Page {
        var status: HTTPStatus
        var headers: HTTPHeaders
        var body: String

        var location: String? { headers.first(name: .location) }
        /// Where the redirect goes, without the notice (or any query) the page is told to say.
        var locationPath: String? { location.map { String($0.prefix { $0 != "?" && $0 != "#" }) } }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form with the token the last page carried (unless the test passes its own `_csrf`).
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
        var all = fields
        if !fields.contains(where: { $0.0 == "_csrf" }), let token = csrf ?? csrfToken { all.append(("_csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Posts a multipart form (as a browser does for a file input), with the last page's CSRF token.
    @discardableResult
    func postMultipart(
        _ path: String, _ fields: [(String, String)], file: (name: String, text: String)?, field: String = "file"
    ) async throws -> Page {
        let boundary = "cairn-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields + [("_csrf", csrfToken ?? "")] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file.text)\r\n"
        }
        body += "--\(boundary)--\r\n"
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        defer { headers.remove(name: .contentType) }
        return try await send(.POST, path, body: body, contentType: nil)
    }

    /// The hidden `_csrf` field of the last page.
    var csrfToken: String? {
        guard let range = lastPage.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(lastPage[range.upperBound...].prefix { $0 != "\"" })
    }

    func send(_ method: HTTPMethod, _ path: String, body: String?, contentType: HTTPMediaType? = .urlEncodedForm)
        async throws -> Page
    {
        var headers = self.headers
        if !cookies.isEmpty {
            headers.replaceOrAdd(
                name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        if body != nil, let contentType { headers.contentType = contentType }
        let response = try await app.testing().sendRequest(
            method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for cookie in response.headers[.setCookie] {
            let pair = cookie.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || cookie.contains("Max-Age=0") {
                cookies[parts[0]] = nil
            } else {
                cookies[parts[0]] = parts[1]
            }
        }
        let page = Page(status: response.status, headers: response.headers, body: response.body.string)
        if page.headers.contentType == .html { lastPage = page.body }
        return page
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    var sessionCookie: String? { cookies["cairn_session"] }

    /// A cookie as if an earlier response had set it (a test that begins half-way through a flow).
    func setCookie(_ name: String, _ value: String) { cookies[name] = value }
}

/// People made directly for tests.
struct TestPerson {
    var id: UUID
    var email: String
    var password: String
    var totpSecret: [UInt8]?
}

extension Application {
    /// A second case manager on a case, as the unit lead's allocation would make it (written directly).
    func allocate(_ caseID: UUID, to personID: UUID) async throws {
        try await CaseAssignment(caseID: caseID, personID: personID, at: Date()).create(on: db)
    }

    func makePerson(
        _ roles: Set<Role> = [.clinician], name: String = "Dr Test Person", email: String? = nil,
        password: String = "granite meadow lantern", withSecondFactor: Bool? = nil
    ) async throws -> TestPerson {
        let address = email ?? "person-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let needsSecret = withSecondFactor ?? roles.contains { $0.requiresSecondFactor }
        let secret = needsSecret ? TOTP.newSecret() : nil
        let id = try await AccountBootstrap.create(
            app: self, email: address, name: name, password: password, roles: roles, totpSecret: secret)
        return TestPerson(id: id, email: address, password: password, totpSecret: secret)
    }

    /// The current TOTP code for a test person.
    func code(for person: TestPerson, offsetSteps: Int64 = 0) -> String {
        let totp = TOTP(secret: person.totpSecret!)
        return totp.code(atStep: totp.step(at: cairn.collaborators.now()) + offsetSteps)
    }
}

extension TestBrowser {
    /// Signs in through the pages, with the second factor when the person has one.
    @discardableResult
    func signIn(_ person: TestPerson) async throws -> Page {
        try await get("/sign-in")
        var page = try await post("/sign-in", [("email", person.email), ("password", person.password)])
        if person.totpSecret != nil, page.location?.hasPrefix("/sign-in/second-factor") == true {
            try await get(page.location!)
            page = try await post("/sign-in/second-factor", [("code", app.code(for: person))])
        }
        return page
    }
}
