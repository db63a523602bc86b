import Foundation

/// Runs async work one piece at a time, in arrival order: an async mutex. Used where SQLite, which has one writer,
/// would answer "busy" to two transactions that write at once; PostgreSQL's own locks and constraints need no gate.
package final class SerialGate: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await work()
    }

    private func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let proceed = lock.withLock { () -> Bool in
                guard busy else {
                    busy = true
                    return true
                }
                waiting.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
    }

    private func leave() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard !waiting.isEmpty else {
                busy = false
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}

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
