import CairnCore
import Foundation

/// One timed run of Cairn over an instance file, printed as one JSON line for the driver script.
struct Measurement {
    let mode: MatchingMode
    let path: String
    let repeats: Int
    let resultPath: String?

    func run() throws -> String {
        let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var parseTimes: [Double] = []
        var solveTimes: [Double] = []
        var problem: MatchingProblem?
        for _ in 0..<repeats {
            parseTimes.append(try time { problem = try MatchingInstanceReader.read(input) })
        }
        guard let problem else { throw MeasurementError.nothingRead }
        var result: MatchingResult?
        for _ in 0..<repeats {
            solveTimes.append(
                time { result = mode == .optimal ? OptimalMatcher.solve(problem) : StableMatcher.solve(problem) })
        }
        guard let result else { throw MeasurementError.nothingRead }
        var writeTime = 0.0
        if let resultPath {
            var bytes: [UInt8] = []
            writeTime = time { bytes = MatchingResultWriter.json(result, for: problem) }
            try Data(bytes).write(to: URL(fileURLWithPath: resultPath))
        }
        let fields: [String] = [
            "\"parse_s\":\(parseTimes)", "\"solve_s\":\(solveTimes)", "\"write_s\":\(writeTime)",
            "\"matched\":\(result.matchedCount)", "\"total_score\":\(result.totalScore.map(String.init) ?? "null")",
            "\"pairs\":\(problem.pairs?.count ?? 0)", "\"input_mb\":\(Double(input.count) / 1e6)",
            "\"peak_rss_mb\":\(peakResidentMegabytes())",
        ]
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

enum MeasurementError: Error { case nothingRead }

/// Peak resident memory of this process (VmHWM), in megabytes; 0 where /proc is unavailable.
func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }
    return 0
}
