import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue #11, reproduction 8: with `CAIRN_LOG_LEVEL=debug`, the database libraries logged statements with their
/// bound values (names, email addresses, free text). The real server, at `trace`, through a journey that carries
/// planted markers in form fields, query strings and paths, must write none of them to its log.
@Suite("Logs carry no values", .serialized)
struct LogValuesTests {
    /// A browser without redirects: cookies kept by hand, the form token read from each page.
    final class Client: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        let base: String
        var cookies: [String: String] = [:]
        var csrf = ""
        lazy var session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)

        init(port: Int) {
            base = "http://127.0.0.1:\(port)"
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest
        ) async -> URLRequest? { nil }

        var lastBody = ""

        @discardableResult
        func send(_ method: String, _ path: String, form: [(String, String)]? = nil) async throws -> Int {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            request.setValue(
                cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
            if let form {
                let fields = form + [("_csrf", csrf)]
                let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
                request.httpBody = Data(
                    fields.map {
                        "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
                    }.joined(separator: "&").utf8)
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            for (name, value) in http.allHeaderFields {
                guard "\(name)".lowercased() == "set-cookie", let text = value as? String else { continue }
                for cookie in text.components(separatedBy: ", ") {
                    let pair = cookie.split(separator: ";").first.map(String.init) ?? ""
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { cookies[parts[0]] = parts[1] }
                }
            }
            let body = String(decoding: data, as: UTF8.self)
            lastBody = body
            if let range = body.range(of: #"name="_csrf" value=""#) {
                csrf = String(body[range.upperBound...].prefix { $0 != "\"" })
            }
            return http.statusCode
        }
    }

    @Test func theServerAtTraceLevelLogsNoMarkerFromAJourney() async throws {
        let marker = "LOGMARK\(UInt32.random(in: 100_000...999_999))"
        let port = try await CairnProcess.freePort()
        let data = CairnProcess.temporaryDirectory()
        var environment = ["CAIRN_PORT": "\(port)", "CAIRN_LOG_LEVEL": "trace", "CAIRN_BCRYPT_COST": "12"]
        var database: TestDatabase?
        if TestDatabase.isPostgres {
            let made = try await TestDatabase.make(migrated: false)
            if case .postgres(let url) = made.configuration { environment["DATABASE_URL"] = url }
            database = made
        }
        let log = Pipe()
        let server = try CairnProcess.start(["serve"], environment: environment, dataDirectory: data, error: log)
        // The log is read as it is written, so a full pipe never stalls the server.
        let collected = LogCollector(log.fileHandleForReading)
        do {
            #expect(try await CairnProcess.waitUntilHealthy(port: port))
            let client = Client(port: port)
            try await client.send("GET", "/sign-in?next=%2Faccount%3Fq%3D\(marker)-query")
            try await client.send(
                "POST", "/sign-in",
                form: [("email", "\(marker.lowercased())-signin@example.org"), ("password", "\(marker)-password")])
            try await client.send("GET", "/register")
            let registered = try await client.send(
                "POST", "/register",
                form: [
                    ("displayName", "Dr \(marker) Name"), ("email", "\(marker.lowercased())-register@example.org"),
                    ("password", "granite meadow lantern tower"),
                ])
            // URLSession on Linux follows the redirect whatever the delegate says: either way, the account was made.
            #expect(
                registered == 303 || client.lastBody.contains("Check your email"),
                "registration answered \(registered): \(client.lastBody.prefix(3000))")
            try await client.send("GET", "/forgot-password")
            try await client.send(
                "POST", "/forgot-password", form: [("email", "\(marker.lowercased())-forgot@example.org")])
            try await client.send("GET", "/\(marker)-path-that-does-not-exist")
        } catch {
            server.process.terminate()
            throw error
        }
        server.process.terminate()
        server.process.waitUntilExit()
        let text = collected.finish()
        try? await database?.drop()
        // Not vacuous: the trace log is long and tells of each request by its route.
        #expect(text.split(separator: "\n").count > 20)
        #expect(text.contains("POST /register") || text.contains("/register"))
        let leaks = text.split(separator: "\n").filter { $0.lowercased().contains(marker.lowercased()) }
        #expect(
            leaks.isEmpty, "\(leaks.count) log lines hold a marker, e.g.:\n\(leaks.prefix(6).joined(separator: "\n"))")
    }
}

/// Reads a pipe to its end on a background thread.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
            done.signal()
        }
    }

    func finish() -> String {
        done.wait()
        return lock.withLock { String(decoding: data, as: UTF8.self) }
    }
}
