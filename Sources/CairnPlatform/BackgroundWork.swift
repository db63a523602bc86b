import Foundation

/// Background work started by a request (a matching run), kept so shutdown and tests can wait for it.
package final class BackgroundWork: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [UUID: Task<Void, Never>] = [:]

    package func start(_ id: UUID, _ work: @escaping @Sendable () async -> Void) {
        let task = Task { await work() }
        lock.withLock { tasks[id] = task }
    }

    /// Waits for the work with this id, if it is still known.
    package func wait(for id: UUID) async {
        let task = lock.withLock { tasks[id] }
        await task?.value
    }

    package func waitForAll() async {
        let all = lock.withLock { Array(tasks.values) }
        for task in all { await task.value }
    }
}
