public import ArgumentParser
public import CairnCore
import Foundation

extension MatchingMode: ExpressibleByArgument {}

struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match mentees to mentors from a cairn-matching/1 JSON file.",
        discussion: """
            optimal: the most mentees matched, then the highest total score, from `pairs`. \
            stable: mentee-proposing deferred acceptance from `preferences`. \
            Bad input exits with status 2 and one message naming the place (e.g. pairs[41].mentor), never a \
            partial result. Needs no database and no configuration.
            """
    )

    @Option(help: "optimal (from pairs and scores) or stable (from preferences).")
    var mode: MatchingMode = .optimal

    @Argument(help: "The instance file (cairn-matching/1).")
    var input: String

    @Option(help: "Where to write the result (cairn-matching-result/1); standard output by default.")
    var output: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: input) else {
            FileHandle.standardError.write(Data("cairn match: cannot read \(input)\n".utf8))
            throw ExitCode(MatchingCommandLine.inputErrorStatus)
        }
        let outcome = MatchingCommandLine.run(mode: mode, input: [UInt8](data)) { line in
            FileHandle.standardError.write(Data("cairn match: \(line)\n".utf8))
        }
        switch outcome {
        case .result(let bytes):
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                    FileHandle.standardError.write(Data("cairn match: cannot write \(output)\n".utf8))
                    throw ExitCode(1)
                }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        case .inputError(let message):
            FileHandle.standardError.write(Data("cairn match: \(message)\n".utf8))
            throw ExitCode(outcome.exitStatus)
        }
    }
}
