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
}
