import Fluent
import Foundation
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A database of the test's own that real `cairn` processes share with the test: a SQLite file in a temporary
/// directory, or (when the suite runs on PostgreSQL) a PostgreSQL database of its own, named to the processes by
/// `DATABASE_URL`. One key file for all. `app` is an application in the test's process on the same database, to set
/// records up and check them; `serve` starts `cairn serve` processes on it.
final class SharedDatabase: @unchecked Sendable {
    let root: String
    let keyFile: String
    let environment: [String: String]
    let app: Application
    private let postgres: TestDatabase?
    private var served: [ServedCairn] = []

    private init(
        root: String, keyFile: String, environment: [String: String], app: Application, postgres: TestDatabase?
    ) {
        self.root = root
        self.keyFile = keyFile
        self.environment = environment
        self.app = app
        self.postgres = postgres
    }

    /// Runs `body` with a migrated shared database; afterwards every process it started is killed and the database
    /// removed, whether the body passed or not.
    static func with(_ body: (SharedDatabase) async throws -> Void) async throws {
        let root = CairnProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let keyFile = root + "/cairn.keys"
        let postgres: TestDatabase? = TestDatabase.isPostgres ? try await TestDatabase.make(migrated: false) : nil
        var environment = ["CAIRN_KEY_FILE": keyFile]
        if let postgres, case .postgres(let url) = postgres.configuration { environment["DATABASE_URL"] = url }
        var configuration = TestDatabase.configuration(
            database: postgres?.configuration ?? .sqliteFile(path: root + "/cairn.sqlite"))
        configuration.dataDirectory = root
        configuration.keyFile = keyFile
        let app = try await CairnApp.build(configuration)
        let shared = SharedDatabase(
            root: root, keyFile: keyFile, environment: environment, app: app, postgres: postgres)
        do {
            try await CairnApp.prepare(app, migrate: true)
            try await body(shared)
        } catch {
            await shared.tearDown()
            throw error
        }
        await shared.tearDown()
    }

    private func tearDown() async {
        for server in served where server.process.process.isRunning {
            kill(server.process.process.processIdentifier, SIGKILL)
            server.process.process.waitUntilExit()
        }
        try? await app.asyncShutdown()
        try? await postgres?.drop()
    }

    /// Starts `cairn serve` on a free port with the shared database and key file, its log (warnings and errors, each
    /// with its cause) kept in the temporary directory to explain a failure; returns once `/healthz` answers.
    func serve(_ name: String, environment extra: [String: String] = [:]) async throws -> ServedCairn {
        let port = try await CairnProcess.freePort()
        let log = root + "/\(name).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = try CairnProcess.start(
            ["serve"], environment: environment.merging(extra) { $1 }.merging(["CAIRN_PORT": "\(port)"]) { $1 },
            dataDirectory: root, errorHandle: handle)
        try? handle.close()
        let server = ServedCairn(name: name, port: port, process: process, log: log)
        served.append(server)
        let healthy = try await CairnProcess.waitUntilHealthy(port: port)
        #expect(healthy, "\(name) did not start: \(server.logText())")
        return server
    }

    /// A signed-in browser session for a person, written as signing in would write it: the cookie and the form token.
    func browserSession(for personID: UUID) async throws -> BrowserCredentials {
        let token = Secrets.token()
        let now = Date()
        let session = SignInSession(
            id: UUID(), personID: personID, tokenHash: Secrets.hash(token), csrfToken: Secrets.token(),
            secondFactorDone: true, now: now, expiresAt: now.addingTimeInterval(3_600), addressHash: nil,
            userAgent: nil)
        try await session.create(on: app.db)
        return BrowserCredentials(
            cookie: "\(SessionStore.cookieName(for: app.cairn.configuration))=\(token)", csrf: session.csrfToken)
    }
}

struct BrowserCredentials: Sendable {
    var cookie: String
    var csrf: String
}

/// One `cairn serve` process of a `SharedDatabase`.
struct ServedCairn: Sendable {
    let name: String
    let port: Int
    let process: CairnProcess
    let log: String

    var base: String { "http://127.0.0.1:\(port)" }

    func logText() -> String {
        String((((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")).suffix(3_000))
    }
}

extension CairnProcess: @unchecked Sendable {}

/// Plain HTTP for process tests: no redirects followed, no cookies kept (each call says what it sends).
enum ProcessHTTP {
    struct Answer: Sendable {
        var status: Int
        var body: String
        var location: String?
    }

    private final class NoRedirects: NSObject, URLSessionTaskDelegate {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    static let session: URLSession = {
        let settings = URLSessionConfiguration.ephemeral
        settings.httpMaximumConnectionsPerHost = 32
        settings.httpShouldSetCookies = false
        settings.timeoutIntervalForRequest = 60
        return URLSession(configuration: settings, delegate: NoRedirects(), delegateQueue: nil)
    }()

    /// A JSON call with a bearer token; nil when the connection failed. `fresh`: on a connection of its own (Linux's
    /// URLSession resends a request whose kept-alive connection was closed under it, without its body, and then
    /// waits a minute; a test that kills servers must not see that client's artefact).
    static func api(_ method: String, _ url: String, token: String, json: String? = nil, fresh: Bool = false) async
        -> Answer?
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if fresh { request.setValue("close", forHTTPHeaderField: "Connection") }
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        return await send(request)
    }

    /// A form post as a signed-in browser sends it (the session cookie, the form token among the fields).
    static func form(_ url: String, as browser: BrowserCredentials, fields: [(String, String)] = []) async -> Answer? {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue(browser.cookie, forHTTPHeaderField: "Cookie")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let all = fields + [("_csrf", browser.csrf)]
        request.httpBody = Data(
            all.map { "\(TestBrowser.encode($0.0))=\(TestBrowser.encode($0.1))" }
                .joined(separator: "&").utf8)
        return await send(request)
    }

    static func send(_ request: URLRequest) async -> Answer? {
        guard let (data, response) = try? await session.data(for: request),
            let http = response as? HTTPURLResponse
        else { return nil }
        return Answer(
            status: http.statusCode, body: String(decoding: data, as: UTF8.self),
            location: http.value(forHTTPHeaderField: "Location"))
    }
}
