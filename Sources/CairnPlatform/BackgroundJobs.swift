import Fluent
import Foundation
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

    /// Every five minutes, each feature's housekeeping (expired sessions and links, mentoring reminders, …).
    package static func housekeeping(_ app: Application) async {
        while !Task.isCancelled {
            let now = app.cairn.collaborators.now()
            for feature in app.cairn.features {
                do {
                    try await feature.housekeeping(app, now: now)
                } catch {
                    app.logger.warning("housekeeping failed", metadata: ["feature": "\(feature.name)"])
                }
            }
            try? await Task.sleep(for: .seconds(300))
        }
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
