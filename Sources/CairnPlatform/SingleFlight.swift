import Foundation

/// Work that many requests may ask for at once and that gives them all the same answer (an organisation's figures):
/// while it runs, requests for the same key wait for it and share its result instead of starting it again, so at
/// most one runs per key. What a joining request gets was started at most one run before it arrived.
///
/// `latest` goes one step further for pages that may show an earlier answer if they say so: while a run is under way,
/// a request that has an earlier answer for the key takes that at once (with when it was started) instead of waiting.
/// Under a burst of changes (each new referral changes the figures) one request at a time waits for the work and the
/// others are answered from the last one finished. With `rest`, the work also rests between runs for `rest` times as
/// long as its last run took (real time), answering from the last finished meanwhile: a burst of changes every
/// fraction of a second then keeps the work to a share of one core instead of all of it (the load benchmark's mixed
/// run spent 40% of the server's time deciding protections one after another).
package actor SingleFlight<Value: Sendable> {
    /// An answer and when the work that made it started (what it reflects); `isNewest` is false when a newer run was
    /// under way and this earlier answer was given instead of waiting for it.
    package struct Answer: Sendable {
        package var value: Value
        package var startedAt: Date
        package var isNewest: Bool
    }

    private var running: [String: (generation: Int, startedAt: Date, task: Task<Value, any Error>)] = [:]
    private var finished: [String: (value: Value, startedAt: Date)] = [:]
    /// When each key's last run ended and how long it took, in real time (not the service's clock, which tests set).
    private var lastRun: [String: (ended: ContinuousClock.Instant, took: Duration)] = [:]
    private let clock = ContinuousClock()
    private var generation = 0
    /// How many times the work itself ran (tests read it).
    package private(set) var runs = 0

    package init() {}

    package func run(_ key: String, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await answer(key, now: Date(), work).value
    }

    /// The answer of a run started now or already under way; or, while one is under way, the last finished answer.
    package func latest(
        _ key: String, now: Date, rest: Double = 0, _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Answer {
        if let earlier = finished[key] {
            let resting = lastRun[key].map { clock.now < $0.ended + $0.took * rest } ?? false
            if running[key] != nil || resting {
                return Answer(value: earlier.value, startedAt: earlier.startedAt, isNewest: false)
            }
        }
        return try await answer(key, now: now, work)
    }

    private func answer(_ key: String, now: Date, _ work: @escaping @Sendable () async throws -> Value) async throws
        -> Answer
    {
        if let current = running[key] {
            return Answer(value: try await current.task.value, startedAt: current.startedAt, isNewest: true)
        }
        generation += 1
        runs += 1
        let mine = generation
        let task = Task { try await work() }
        running[key] = (mine, now, task)
        defer { if running[key]?.generation == mine { running[key] = nil } }
        let began = clock.now
        let value = try await task.value
        lastRun[key] = (clock.now, clock.now - began)
        if (finished[key]?.startedAt).map({ $0 <= now }) ?? true { finished[key] = (value, now) }
        return Answer(value: value, startedAt: now, isNewest: true)
    }
}
