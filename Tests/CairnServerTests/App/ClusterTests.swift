import Fluent
import Foundation
import SQLKit
import Synchronization
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue #21 item 6: three `cairn serve` processes on one database behind a real HAProxy (Debian's, configured by
/// `deploy/haproxy.cfg`, the file `scripts/cluster.sh` uses). Sessions and tokens work on every instance, background
/// housekeeping runs in one process at a time (each reminder sent once), three starts of one matching run make one
/// run, and an instance killed mid-load loses no acknowledged write while the other two carry on.
/// CI installs HAProxy and sets `CAIRN_REQUIRE_HAPROXY=1`, so there the test cannot be skipped.
@Suite("Three instances behind HAProxy", .serialized)
struct ClusterTests {
    static var haproxy: String? {
        ["/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static var required: Bool { ProcessInfo.processInfo.environment["CAIRN_REQUIRE_HAPROXY"] == "1" }

    final class Tally: Sendable {
        let created = Atomic<Int>(0)
        let failed = Mutex<[Int]>([])
        let sent = Atomic<Int>(0)
    }

    /// Posts referrals through the balancer until `stop` (a dropped connection counts as a failure with status 0).
    static func write(_ base: String, token: String, tally: Tally, until stop: Date) async {
        while Date() < stop {
            tally.sent.add(1, ordering: .relaxed)
            let answer = await ProcessHTTP.api(
                "POST", base + "/api/v1/referrals", token: token, json: CaseAPITests.referral, fresh: true)
            if answer?.status == 201 {
                tally.created.add(1, ordering: .relaxed)
            } else {
                tally.failed.withLock { $0.append(answer?.status ?? 0) }
            }
        }
    }

    @Test(.enabled(if: haproxy != nil || required, "HAProxy is not installed (CI installs it)"))
    func threeInstancesShareTheWorkAndOneKilledLosesNothing() async throws {
        let haproxy = try #require(Self.haproxy, "CAIRN_REQUIRE_HAPROXY=1 but no haproxy executable")
        try await SharedDatabase.with { shared in
            let app = shared.app
            // A mentoring session two hours away: every instance's housekeeping would remind both sides of it.
            let fixture = try await MentoringFixture.make(app, clock: TestClock())
            let session = try #require(try await fixture.amirasSessions().first)
            session.startsAt = Date().addingTimeInterval(7_200)
            session.status = .planned
            try await session.update(on: app.db)

            // This test's own application booted first (to set up) and took the housekeeping lease for ten minutes;
            // it is let go here as if that process had stopped, so the instances take turns among themselves.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM job_leases").run()
            let fast = ["CAIRN_HOUSEKEEPING_SECONDS": "1"]
            let instances = [
                try await shared.serve("one", environment: fast), try await shared.serve("two", environment: fast),
                try await shared.serve("three", environment: fast),
            ]
            let port = try await CairnProcess.freePort()
            let balancer = Process()
            balancer.executableURL = URL(fileURLWithPath: haproxy)
            balancer.arguments = ["-db", "-f", TestPaths.repositoryRoot + "deploy/haproxy.cfg"]
            balancer.environment = [
                "CAIRN_LB_PORT": "\(port)", "CAIRN_PORT_1": "\(instances[0].port)",
                "CAIRN_PORT_2": "\(instances[1].port)", "CAIRN_PORT_3": "\(instances[2].port)",
            ]
            balancer.standardOutput = FileHandle.nullDevice
            balancer.standardError = FileHandle.nullDevice
            try balancer.run()
            defer {
                balancer.terminate()
                balancer.waitUntilExit()
            }
            let base = "http://127.0.0.1:\(port)"
            #expect(try await CairnProcess.waitUntilHealthy(port: port))
            // Until HAProxy's checks have seen all three (two good checks, 500 ms apart).
            try await Task.sleep(for: .seconds(2))

            // A browser session and an API token work whichever instance answers (round robin: six requests, each
            // instance twice).
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let browser = try await shared.browserSession(for: clinician.id)
            for _ in 0..<6 {
                var page = URLRequest(url: URL(string: base + "/my-support")!)
                page.setValue(browser.cookie, forHTTPHeaderField: "Cookie")
                #expect(await ProcessHTTP.send(page)?.status == 200)
                #expect(await ProcessHTTP.api("GET", base + "/api/v1/me", token: token)?.status == 200)
            }

            // Housekeeping: one instance holds the lease and runs it about once a second (three would run it about
            // three times a second); the reminder is sent once (to mentor and mentee).
            func lease() async throws -> (holder: String, runs: Int) {
                let row = try #require(
                    try await sql.raw("SELECT holder, runs FROM job_leases WHERE name = 'housekeeping'").first())
                return (try row.decode(column: "holder", as: String.self), try row.decode(column: "runs", as: Int.self))
            }
            let before = try await lease()
            try await Task.sleep(for: .seconds(3))
            let after = try await lease()
            #expect(after.holder == before.holder)
            #expect(after.runs - before.runs >= 1 && after.runs - before.runs <= 4, "\(before.runs) → \(after.runs)")
            let holder = try #require(
                instances.firstIndex { after.holder.contains(":\($0.process.process.processIdentifier):") })
            func reminders() async throws -> Int {
                try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "Reminder: mentoring session").count()
            }
            #expect(try await reminders() == 2)

            // Three starts of matching at once, one through each instance: one run.
            let leadToken = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let start = "/api/v1/mentoring/programmes/\(fixture.programmeID.uuidString)/matching-runs"
            async let s1 = ProcessHTTP.api("POST", instances[0].base + start, token: leadToken)
            async let s2 = ProcessHTTP.api("POST", instances[1].base + start, token: leadToken)
            async let s3 = ProcessHTTP.api("POST", instances[2].base + start, token: leadToken)
            let starts = await [s1, s2, s3]
            #expect(starts.allSatisfy { ($0?.status ?? 0) / 100 == 2 }, "\(starts.map { $0?.status ?? 0 })")
            let running = try await MatchingRun.query(on: app.db).filter(\.$programmeID == fixture.programmeID)
                .filter(\.$status ~~ [.running, .proposed]).count()
            #expect(running == 1)

            // Sixteen writers through the balancer; the instance holding the housekeeping lease killed after a second.
            let tally = Tally()
            let stop = Date().addingTimeInterval(4)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<16 { group.addTask { await Self.write(base, token: token, tally: tally, until: stop) } }
                try? await Task.sleep(for: .seconds(1))
                kill(instances[holder].process.process.processIdentifier, SIGKILL)
                await group.waitForAll()
            }
            let created = tally.created.load(ordering: .relaxed)
            let failed = tally.failed.withLock { $0 }
            let stored = try await SupportCase.query(on: app.db).count()
            // Every acknowledged write is there; at most the writes in flight at the kill were cut off (each writer
            // had one), whether or not they were stored.
            // The load was real (at least two writes a writer; on a slow two-core machine with the whole suite beside
            // it about 90 in 4 s, on a quiet one several hundred); the durability checks below are the point.
            #expect(created > 32, "only \(created) referrals in 4 s")
            #expect(stored >= created, "\(created) acknowledged, \(stored) stored")
            #expect(stored <= created + failed.count)
            #expect(failed.count <= 16, "\(failed.count) failed: \(failed)")
            // Afterwards the other two answer everything.
            for _ in 0..<6 {
                #expect(await ProcessHTTP.api("GET", base + "/api/v1/me", token: token)?.status == 200)
            }
            // Another instance took the lease over (it lapses two intervals after the last renewal) and carries on;
            // the reminder was not sent again.
            try await Task.sleep(for: .seconds(3))
            let takenOver = try await lease()
            #expect(takenOver.holder != after.holder)
            #expect(takenOver.runs > after.runs)
            #expect(try await reminders() == 2)
            for (index, server) in instances.enumerated() where index != holder && server.logText().contains("error") {
                Issue.record("\(server.name) logged an error: \(server.logText())")
            }
        }
    }
}
