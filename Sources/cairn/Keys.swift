import ArgumentParser
import CairnPlatform
import CairnServer
import Foundation

/// `cairn keys rotate`: a new master key, every sealed value moved onto it while the server runs, the old key
/// retired (issue #20 item 4).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Work with the key ring.", subcommands: [KeysRotate.self])
}

struct KeysRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Add a new master key, re-seal every sealed field and file under it, then retire the old key.",
        discussion: """
            Safe while the server runs (it takes up the new key within a second) and safe to interrupt: run it \
            again and it resumes. With several servers on several machines, give each the new key file before the \
            grace period ends. Back the key file up again afterwards (cairn backup --key-to DIR).
            """)

    @Option(name: .long, help: "Rows per batch.")
    var batch = 500

    @Option(name: .long, help: "Seconds to give running servers to take up the new key before retiring the old.")
    var grace = 3

    func validate() throws {
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch is from 1 to 10000.") }
        guard (0...600).contains(grace) else { throw ValidationError("--grace is from 0 to 600 seconds.") }
    }

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let pauseMilliseconds = Int(ProcessInfo.processInfo.environment["CAIRN_KEY_ROTATION_PAUSE_MS"] ?? "") ?? 0
            let summary = try await KeyRotation.run(
                configuration: configuration, batch: batch, grace: .seconds(grace),
                progress: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
                pause: { if pauseMilliseconds > 0 { try await Task.sleep(for: .milliseconds(pauseMilliseconds)) } })
            print(
                "Rotated: \(summary.fieldsResealed) sealed fields and \(summary.filesResealed) files re-sealed under "
                    + "\(summary.newKey). Back the key file up again.")
        }
    }
}
