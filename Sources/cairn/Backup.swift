import ArgumentParser
import CairnPlatform
import CairnServer
import Foundation

/// `cairn backup`: a proven copy of the database and the sealed files, taken while the server runs; the key file
/// is kept apart (issue #20 item 3).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database and sealed files (--to DIR), or the key file (--key-to DIR); verify a backup.",
        discussion: """
            A backup never holds the key file: keep the key apart (--key-to), since whoever has both can read every \
            sealed field. SQLite is copied with VACUUM INTO and PostgreSQL with pg_dump, both while the server runs.
            """,
        subcommands: [BackupTake.self, BackupVerify.self], defaultSubcommand: BackupTake.self)
}

struct BackupTake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take", abstract: "Take a backup into an empty directory (the default: cairn backup --to DIR).")

    @Option(name: .long, help: "The directory to put the backup in (empty, or not yet there).")
    var to: String?

    @Option(name: .customLong("key-to"), help: "Copy the key file into this directory instead (never a backup's).")
    var keyTo: String?

    @Flag(name: .long, help: "Put the key file in a backup's directory all the same.")
    var force = false

    func validate() throws {
        if (to == nil) == (keyTo == nil) { throw ValidationError("Give one of --to DIR or --key-to DIR.") }
    }

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            if let keyTo {
                let saved = try Backup.saveKey(configuration: configuration, to: keyTo, force: force)
                print("The key file is copied to \(saved). Keep it apart from the backups.")
                return
            }
            guard let to else { return }
            let app = try await CairnApp.build(configuration)
            do {
                let manifest = try await Backup.take(app: app, to: to)
                print(
                    "Backed up \(manifest.database) at migration \(manifest.migrations.count) with \(manifest.files) "
                        + "sealed files into \(to) (SHA-256 \(manifest.sha256.prefix(16))…). "
                        + "Check it with: cairn backup verify \(to) --key-file KEYFILE")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct BackupVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Restore a backup into a scratch place and check it; exits 1 unless it is sound.")

    @Argument(help: "The backup's directory.")
    var directory: String

    @Option(
        name: .customLong("key-file"), help: "The key file to open its sealed fields with (default CAIRN_KEY_FILE).")
    var keyFile: String?

    @Option(
        name: .customLong("scratch-database"),
        help: "For a PostgreSQL backup: the URL of an empty database to restore into (it is left as restored).")
    var scratchDatabase: String?

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            guard let key = keyFile ?? configuration.keyFile else {
                FileHandle.standardError.write(Data("cairn: give --key-file.\n".utf8))
                throw ExitCode(1)
            }
            let report = try await Backup.verify(
                directory, keyFile: key, template: configuration, scratchURL: scratchDatabase)
            report.lines.forEach { print($0) }
            if !report.sound { throw ExitCode(1) }
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data directory (SQLite) or an empty database (PostgreSQL).",
        discussion: "Put the key file backed up with --key-to at CAIRN_KEY_FILE before starting the server.")

    @Option(name: .long, help: "The backup's directory.")
    var from: String

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let manifest = try await Backup.restore(from: from, into: configuration)
            print(
                "Restored the \(manifest.database) backup of \(manifest.createdAt) at migration "
                    + "\(manifest.migrations.count), with \(manifest.files) sealed files.")
        }
    }
}
