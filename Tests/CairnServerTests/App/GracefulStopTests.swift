import Fluent
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue #21 item 7: SIGTERM under write load crashed the process (signal 4, `Request.db` after the databases were
/// shut down) because the application closed its storage before the HTTP server stopped. The real binary now stops
/// accepting at once, finishes what is in flight against live databases, and exits 0; every acknowledged write is
/// in the database.
@Suite("SIGTERM under write load", .serialized)
struct GracefulStopTests {
    /// What the writers saw, gathered across tasks.
    final class Tally: Sendable {
        let created = Atomic<Int>(0)
        let serverErrors = Mutex<[Int]>([])
    }

    /// Posts referrals until the server no longer answers (or 30 s pass); a network error ends the writer.
    static func write(port: Int, token: String, tally: Tally, session: URLSession) async {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/referrals")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(CaseAPITests.referral.utf8)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            guard let (_, response) = try? await session.data(for: request),
                let status = (response as? HTTPURLResponse)?.statusCode
            else { return }
            if status == 201 {
                tally.created.add(1, ordering: .relaxed)
            } else if status >= 500 {
                tally.serverErrors.withLock { $0.append(status) }
            }
        }
    }

    @Test func sigtermDuringWritesFinishesWhatWasAcceptedAndExitsZero() async throws {
        try await SharedDatabase.with { shared in
            let app = shared.app
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let tally = Tally()
            let settings = URLSessionConfiguration.ephemeral
            settings.httpMaximumConnectionsPerHost = 16
            let session = URLSession(configuration: settings)
            for round in 1...3 {
                let server = try await shared.serve("serve-\(round)")
                let before = tally.created.load(ordering: .relaxed)
                tally.serverErrors.withLock { $0.removeAll() }
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            await Self.write(port: server.port, token: token, tally: tally, session: session)
                        }
                    }
                    // Stop it while sixteen writers are busy.
                    try? await Task.sleep(for: .milliseconds(1_500))
                    kill(server.process.process.processIdentifier, SIGTERM)
                    await group.waitForAll()
                }
                server.process.process.waitUntilExit()
                #expect(server.process.process.terminationReason == .exit, "round \(round): ended by a signal")
                #expect(server.process.process.terminationStatus == 0, "round \(round)")
                #expect(tally.created.load(ordering: .relaxed) > before, "round \(round): nothing was written")
                let errors = tally.serverErrors.withLock { $0 }
                if !errors.isEmpty { Issue.record("round \(round): \(errors) — the server said: \(server.logText())") }
            }
            // Every acknowledged referral is there (one more may have been written whose answer was cut off).
            let stored = try await SupportCase.query(on: app.db).count()
            #expect(stored >= tally.created.load(ordering: .relaxed))
            #expect(stored <= tally.created.load(ordering: .relaxed) + 3 * 16)
        }
    }

    /// A client that sends half a body (shorter than its Content-Length) and stalls held a worker for 20 s and more;
    /// a connection silent for the idle limit (60 s in service, 1 s here) is now closed by the server.
    @Test func aStalledConnectionIsClosedByTheServer() async throws {
        try await withCairn { app in
            #expect(app.http.server.configuration.idleTimeout == .seconds(60))
            app.http.server.configuration.idleTimeout = .seconds(1)
            let port = try await CairnProcess.freePort()
            try await app.server.start(address: .hostname("127.0.0.1", port: port))
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: port).get()
                try await channel.writeAndFlush(
                    ByteBuffer(
                        string: "POST /api/v1/referrals HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"profession\":")
                ).get()
                let started = Date()
                // The test gives up (and fails) after 10 s, so a server that never closes cannot hang the suite.
                let giveUp = channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
                try await channel.closeFuture.get()
                giveUp.cancel()
                let waited = Date().timeIntervalSince(started)
                #expect(waited < 5, "closed after \(waited) s")
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }
}
