/// What `cairn match` does, minus the files: instance bytes in, result bytes or one message out.
///
/// Wiring it (the `match` subcommand in `Sources/cairn/`):
///
/// ```swift
/// let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
/// let outcome = MatchingCommandLine.run(mode: mode, input: input) { line in
///     FileHandle.standardError.write(Data((line + "\n").utf8))
/// }
/// switch outcome {
/// case .result(let bytes): write `bytes` to --output, or to stdout
/// case .inputError(let message): print `message` to stderr, exit(MatchingCommandLine.inputErrorStatus)
/// }
/// ```
///
/// Nothing is written unless the whole input was valid, so a bad input never leaves a partial result.
public enum MatchingCommandLine {
    /// Exit status for input that was refused (a missing file is the caller's to report).
    public static let inputErrorStatus: Int32 = 2
    /// Inputs at least this large get progress lines (the 19 × 12 pilot is about 2 KB).
    public static let progressThreshold = 4 << 20

    public static func run(
        mode: MatchingMode, input: [UInt8], progress: ((String) -> Void)? = nil
    ) -> MatchingRunOutcome {
        let report = input.count >= progressThreshold ? progress : nil
        let clock = ContinuousClock()
        var started = clock.now
        let problem: MatchingProblem
        do {
            problem = try MatchingInstanceReader.read(input)
            try requireSection(for: mode, in: problem)
        } catch {
            return .inputError(error.description)
        }
        report?(
            "read \(problem.menteeCount) mentees, \(problem.mentorCount) mentors, "
                + "\(problem.pairs?.count ?? 0) pairs in \(seconds(since: started, clock))")
        started = clock.now
        let result = mode == .optimal ? OptimalMatcher.solve(problem) : StableMatcher.solve(problem)
        let took = seconds(since: started, clock)
        report?("\(mode.rawValue) matching of \(result.matchedCount) mentees in \(took)")
        return .result(MatchingResultWriter.json(result, for: problem))
    }

    private static func requireSection(for mode: MatchingMode, in problem: MatchingProblem) throws(MatchingInputError) {
        switch mode {
        case .optimal where problem.pairs == nil:
            throw MatchingInputError(
                location: "pairs", problem: "missing (optimal mode matches over the allowed pairs)")
        case .stable where problem.preferences == nil:
            throw MatchingInputError(
                location: "preferences", problem: "missing (stable mode needs both sides' preferences)")
        default: return
        }
    }

    private static func seconds(since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> String {
        let elapsed = clock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return "\(milliseconds / 1000).\(String(milliseconds % 1000 + 1000).dropFirst()) s"
    }
}

/// The outcome of `MatchingCommandLine.run`.
public enum MatchingRunOutcome: Sendable, Equatable {
    /// The result document (`cairn-matching-result/1`), ready to write.
    case result([UInt8])
    /// The input was refused; the message names the place (`pairs[41].mentor: unknown mentor "m9"`).
    case inputError(String)

    /// The process exit status `cairn match` should end with.
    public var exitStatus: Int32 { if case .inputError = self { MatchingCommandLine.inputErrorStatus } else { 0 } }
}
