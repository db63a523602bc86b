import CairnCore
import Foundation

/// The matching benchmark's driver. `scripts/bench.sh` (in the repository root) runs everything;
/// these subcommands are its building blocks:
///
///     cairn-matching-bench generate optimal|sparse|stable|pilot MENTEES MENTORS PAIRS_PER_MENTEE SEED OUT.json
///     cairn-matching-bench run optimal|stable INSTANCE.json REPEATS [RESULT.json]
let arguments = Array(CommandLine.arguments.dropFirst())

func usage() -> Never {
    FileHandle.standardError.write(
        Data(
            """
            usage: cairn-matching-bench generate optimal|sparse|stable|pilot MENTEES MENTORS PAIRS_PER_MENTEE SEED OUT.json
                   cairn-matching-bench run optimal|stable INSTANCE.json REPEATS [RESULT.json]

            """.utf8))
    exit(64)
}

switch arguments.first {
case "generate":
    guard arguments.count == 7, let kind = InstanceGenerator.Kind(rawValue: arguments[1]),
        let mentees = Int(arguments[2]), let mentors = Int(arguments[3]), let degree = Int(arguments[4]),
        let seed = UInt64(arguments[5])
    else { usage() }
    var generator = InstanceGenerator(
        kind: kind, mentees: mentees, mentors: mentors, pairsPerMentee: degree, random: SplitMix64(seed: seed))
    try Data(generator.json()).write(to: URL(fileURLWithPath: arguments[6]))
case "run":
    guard arguments.count >= 4, let mode = MatchingMode(rawValue: arguments[1]), let repeats = Int(arguments[3])
    else { usage() }
    let measurement = Measurement(
        mode: mode, path: arguments[2], repeats: repeats, resultPath: arguments.count > 4 ? arguments[4] : nil)
    print(try measurement.run())
default:
    usage()
}
