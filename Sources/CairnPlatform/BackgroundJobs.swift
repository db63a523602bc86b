import Fluent
import Foundation
import SQLKit
import Vapor

/// Work `cairn serve` does besides answering requests: delivering email and purging what has expired.
/// Each loop is safe to run in several processes at once (leases, idempotent deletes).
package struct BackgroundJobs: LifecycleHandler {
    package init() {}

    private let tasks = TaskBox()

    package func didBootAsync(_ application: Application) async throws {
        let worker = DeliveryWorker.make(for: application.cairn.configuration)
        tasks.add(Task { await worker.run(app: application) })
        tasks.add(Task { await Self.housekeeping(application) })
    }

    /// Waits for the loops to stop, so none touches the database after it has shut down.
    package func shutdownAsync(_ application: Application) async {
        for task in tasks.cancelAll() { await task.value }
        await application.cairn.backgroundWork.waitForAll()
    }

    /// Every `housekeepingInterval` (five minutes), each feature's housekeeping (expired sessions and links,
    /// reminders, …), in one process at a time however many share the database: the one holding the lease, which it
    /// renews before each feature; if it stops, another takes the lease over once it lapses (two intervals).
    package static func housekeeping(_ app: Application) async {
        let interval = app.cairn.configuration.housekeepingInterval
        let lease = JobLease(name: "housekeeping", holder: JobLease.processHolder, duration: 2 * interval)
        while !Task.isCancelled {
            do {
                if try await lease.claim(now: app.cairn.collaborators.now(), on: app.db) {
                    for feature in app.cairn.features {
                        guard try await lease.claim(now: app.cairn.collaborators.now(), on: app.db) else { break }
                        do {
                            try await feature.housekeeping(app, now: app.cairn.collaborators.now())
                        } catch {
                            app.logger.warning(
                                "housekeeping failed",
                                metadata: ["feature": "\(feature.name)", "error": "\(String(reflecting: error))"])
                        }
                    }
                    try await lease.recordRun(on: app.db)
                }
            } catch {
                app.logger.warning("housekeeping lease failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }
}

/// A named lease on a background job, shared through the database by every process (`job_leases`): the holder runs
/// the job while its lease is current and renews it each time; another process takes it over only once it lapsed.
package struct JobLease: Sendable {
    package let name: String
    package let holder: String
    package let duration: TimeInterval

    /// This process, as a holder: host, process id and a random part (a restarted process is a new holder).
    package static let processHolder =
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):"
        + UUID().uuidString.prefix(8)

    package init(name: String, holder: String, duration: TimeInterval) {
        self.name = name
        self.holder = holder
        self.duration = duration
    }

    /// Takes the lease if nobody holds it or it lapsed, or renews it if this holder has it; true when held now.
    /// One statement on both databases (an upsert whose update applies only then), so two processes claiming at
    /// once cannot both win.
    package func claim(now: Date, on database: any Database) async throws -> Bool {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw(
            """
            INSERT INTO job_leases (name, holder, lease_until, runs) VALUES (\(bind: name), \(bind: holder), \
            \(bind: now.addingTimeInterval(duration)), 0)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
            WHERE job_leases.holder = excluded.holder OR job_leases.lease_until < \(bind: now)
            RETURNING holder
            """
        ).all()
        return rows.count == 1
    }

    /// Counts a finished run (for operators, and for tests that check a job ran once per round).
    package func recordRun(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw(
            "UPDATE job_leases SET runs = runs + 1 WHERE name = \(bind: name) AND holder = \(bind: holder)"
        ).run()
    }
}

private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Task<Void, Never>] = []

    package func add(_ task: Task<Void, Never>) { lock.withLock { tasks.append(task) } }

    package func cancelAll() -> [Task<Void, Never>] {
        lock.withLock {
            tasks.forEach { $0.cancel() }
            defer { tasks = [] }
            return tasks
        }
    }
}
