import Foundation
import Testing

@testable import CairnPlatform

/// Requests for the same work while it runs share it; the next request after it finished runs it again.
@Suite("Single flight")
struct SingleFlightTests {
    @Test func requestsWhileItRunsShareOneRunAndLaterOnesRunAgain() async throws {
        let flight = SingleFlight<Int>()
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await flight.run("organisation") {
                        try await Task.sleep(for: .milliseconds(300))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: 42, count: 10))
        #expect(await flight.runs == 1)
        _ = try await flight.run("organisation") { 7 }
        _ = try await flight.run("another") { 8 }
        #expect(await flight.runs == 3)
    }

    /// `latest`: with nothing finished yet a request waits for the run; once one has finished, a request arriving
    /// while a newer run is under way gets the finished answer at once, marked as earlier; after the newer run ends
    /// the next request gets its answer.
    @Test func latestGivesTheLastFinishedAnswerWhileANewerRunIsUnderWay() async throws {
        let flight = SingleFlight<Int>()
        let first = Date(timeIntervalSince1970: 1_000)
        let waited = try await flight.latest("organisation", now: first) {
            try await Task.sleep(for: .milliseconds(100))
            return 1
        }
        #expect(waited.value == 1 && waited.isNewest && waited.startedAt == first)
        let newer = Task {
            try await flight.latest("organisation", now: first.addingTimeInterval(60)) {
                try await Task.sleep(for: .milliseconds(600))
                return 2
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        let clock = ContinuousClock()
        let started = clock.now
        let earlier = try await flight.latest("organisation", now: first.addingTimeInterval(61)) { 3 }
        #expect(clock.now - started < .milliseconds(100))
        #expect(earlier.value == 1 && !earlier.isNewest && earlier.startedAt == first)
        let newest = try await newer.value
        #expect(newest.value == 2 && newest.isNewest)
        let after = try await flight.latest("organisation", now: first.addingTimeInterval(120)) { 4 }
        #expect(after.value == 4 && after.isNewest)
        #expect(await flight.runs == 3)
        // `run` always waits for the newest.
        #expect(try await flight.run("organisation") { 5 } == 5)
    }

    /// `rest`: after a run that took a while, a request within that long again (times `rest`) gets the finished
    /// answer, marked earlier; once the rest is over the next request runs the work again.
    @Test func theWorkRestsAsLongAsItsLastRunTook() async throws {
        let flight = SingleFlight<Int>()
        let now = Date(timeIntervalSince1970: 1_000)
        let clock = ContinuousClock()
        let began = clock.now
        let first = try await flight.latest("organisation", now: now, rest: 1) {
            try await Task.sleep(for: .milliseconds(400))
            return 1
        }
        // At least as long as the run took, however late the sleep woke.
        let took = clock.now - began
        #expect(first.value == 1 && first.isNewest)
        let resting = try await flight.latest("organisation", now: now.addingTimeInterval(1), rest: 1) { 2 }
        #expect(resting.value == 1 && !resting.isNewest && resting.startedAt == now)
        // Without a rest the work runs at once.
        let eager = try await flight.latest("another", now: now, rest: 0) { 3 }
        #expect(eager.value == 3 && eager.isNewest)
        try await Task.sleep(for: took + .milliseconds(100))
        let rested = try await flight.latest("organisation", now: now.addingTimeInterval(2), rest: 1) { 4 }
        #expect(rested.value == 4 && rested.isNewest)
        #expect(await flight.runs == 3)
    }
}
