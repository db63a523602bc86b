import Foundation

/// Work that many requests may ask for at once and that gives them all the same answer (an organisation's figures):
/// while it runs, requests for the same key wait for it and share its result instead of starting it again, so at
/// most one runs per key. What a joining request gets was started at most one run before it arrived.
package actor SingleFlight<Value: Sendable> {
    private var running: [String: (generation: Int, task: Task<Value, any Error>)] = [:]
    private var generation = 0
    /// How many times the work itself ran (tests read it).
    package private(set) var runs = 0

    package init() {}

    package func run(_ key: String, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let current = running[key] { return try await current.task.value }
        generation += 1
        runs += 1
        let mine = generation
        let task = Task { try await work() }
        running[key] = (mine, task)
        defer { if running[key]?.generation == mine { running[key] = nil } }
        return try await task.value
    }
}
