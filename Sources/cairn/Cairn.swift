import ArgumentParser
import CairnAccounts
import CairnCore
import CairnPlatform
import CairnServer
import Foundation
import Logging

@main
struct Cairn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "Cairn: professional support for clinicians.",
        discussion: "Configuration is read from environment variables; see the README for the list and defaults.",
        version: CairnCore.version,
        subcommands: [
            Serve.self, Migrate.self, Demo.self, CreateAdmin.self, Audit.self, Match.self, BackupCommand.self,
            RestoreCommand.self, KeysCommand.self, BenchmarkCommand.self, Version.self,
        ]
    )
}

/// Runs a command body, turning a configuration problem into one sentence and exit status 1.
func runReportingProblems(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let problem as ConfigurationError {
        FileHandle.standardError.write(Data("cairn: \(problem.description)\n".utf8))
        throw ExitCode(1)
    } catch let failure as Backup.Failure {
        FileHandle.standardError.write(Data("cairn: \(failure.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// Reads the configuration and sets up logging once for the process.
func loadConfiguration() throws -> CairnConfiguration {
    let configuration = try CairnConfiguration.load(from: ProcessInfo.processInfo.environment)
    let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
    let format = configuration.logFormat
    LoggingSystem.bootstrap { label in
        switch format {
        case .json:
            return ValueFreeLogHandler(wrapping: JSONLogHandler(label: label, level: level))
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return ValueFreeLogHandler(wrapping: handler)
        }
    }
    return configuration
}
