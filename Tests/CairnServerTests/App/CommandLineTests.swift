import Foundation
import NIOCore
import NIOPosix
import Testing

/// Runs the real `cairn` binary, as an operator would.
@Suite("The cairn command line", .serialized)
struct CommandLineTests {
    @Test(arguments: [
        (["CAIRN_PORT": "abc"], "cairn: CAIRN_PORT must be a whole number from 1 to 65535, not \"abc\".\n"),
        (
            ["CAIRN_DATA_DIR": "/proc/cairn-cannot-live-here"],
            "cairn: CAIRN_DATA_DIR points to \"/proc/cairn-cannot-live-here\", which cannot be created.\n"
        ),
        (
            ["DATABASE_URL": "postgres://cairn:secret@127.0.0.1:1/cairn"],
            "cairn: DATABASE_URL does not lead to a database Cairn can use (connection refused at 127.0.0.1:1).\n"
        ),
    ])
    func badConfigurationStopsWithOneSentence(environment: [String: String], expected: String) async throws {
        let run = try await CairnProcess.run(["serve"], environment: environment)
        #expect(run.status == 1)
        #expect(run.lastErrorLine == expected)
        #expect(!run.standardError.contains("secret"))
    }

    @Test func theResourcesFolderMayBeNamedWithoutATrailingSlash() async throws {
        // The API's actions are read from its openapi.yaml at start: a folder named as operators write it must do.
        let port = try await CairnProcess.freePort()
        let folder = String(TestPaths.repositoryRoot.dropLast())
        let server = try CairnProcess.start(
            ["serve"], environment: ["CAIRN_PORT": "\(port)", "CAIRN_RESOURCES_DIR": folder])
        defer { server.process.terminate() }
        #expect(try await CairnProcess.waitUntilHealthy(port: port))
    }

    @Test func aPortInUseIsNamed() async throws {
        // setup: another program holds the port
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        // act
        let run = try await CairnProcess.run(["serve"], environment: ["CAIRN_PORT": "\(port)"])
        // check
        #expect(run.status == 1)
        #expect(
            run.lastErrorLine == "cairn: CAIRN_PORT is \(port), which another program on 127.0.0.1 is already using.\n")
        try await channel.close()
        try await group.shutdownGracefully()
    }

    @Test func everySubcommandHasHelp() async throws {
        for subcommand in ["serve", "migrate", "demo", "create-admin", "match", "benchmark", "version"] {
            let run = try await CairnProcess.run([subcommand, "--help"], environment: [:])
            #expect(run.status == 0)
            #expect(run.standardOutput.contains("USAGE: cairn \(subcommand)"))
        }
    }

    @Test func matchWritesAResultAndRefusesBadInputWithStatus2() async throws {
        let directory = CairnProcess.temporaryDirectory()
        let good = directory + "/pilot.json"
        let instance = #"""
            {"format": "cairn-matching/1",
             "mentees": [{"id": "e1"}, {"id": "e2"}],
             "mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 1}],
             "pairs": [{"mentee": "e1", "mentor": "m1", "score": 900}, {"mentee": "e2", "mentor": "m1", "score": 800},
                       {"mentee": "e1", "mentor": "m2", "score": 100}]}
            """#
        try instance.write(toFile: good, atomically: true, encoding: .utf8)
        let run = try await CairnProcess.run(["match", "--mode", "optimal", good], environment: [:])
        #expect(run.status == 0)
        let result = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        #expect(result?["matched"] as? Int == 2)
        #expect(result?["total_score"] as? Int == 900)

        let bad = directory + "/bad.json"
        try instance.replacingOccurrences(of: #""mentor": "m2""#, with: #""mentor": "m9""#).write(
            toFile: bad, atomically: true, encoding: .utf8)
        let refused = try await CairnProcess.run(["match", bad], environment: [:])
        #expect(refused.status == 2)
        #expect(refused.lastErrorLine == "cairn match: pairs[2].mentor: unknown mentor \"m9\"\n")
        #expect(refused.standardOutput.isEmpty)
    }

    @Test func demoLoadsIntoAnEmptyDatabase() async throws {
        // The browser journeys start from this data: a model change the demo forgot must fail here too.
        var environment: [String: String] = [:]
        var database: TestDatabase?
        if TestDatabase.isPostgres {
            let made = try await TestDatabase.make(migrated: false)
            if case .postgres(let url) = made.configuration { environment["DATABASE_URL"] = url }
            database = made
        }
        let run = try await CairnProcess.run(["demo"], environment: environment)
        try? await database?.drop()
        #expect(run.status == 0, "cairn demo failed: \(run.lastErrorLine ?? "")")
    }

    @Test func demoRefusesInProduction() async throws {
        let run = try await CairnProcess.run(
            ["demo"], environment: ["CAIRN_ENV": "production", "CAIRN_SMTP_HOST": "mail.internal"])
        #expect(run.status == 1)
        #expect(run.lastErrorLine == "cairn: CAIRN_ENV is production, and demonstration data is never loaded there.\n")
    }

    @Test func serveStopsGracefullyOnSIGTERM() async throws {
        // setup: a free port and a fresh data directory
        let port = try await CairnProcess.freePort()
        let process = try CairnProcess.start(["serve"], environment: ["CAIRN_PORT": "\(port)"])
        // act: wait until it answers, then ask it to stop
        #expect(try await CairnProcess.waitUntilHealthy(port: port))
        process.process.terminate()
        process.process.waitUntilExit()
        // check
        #expect(process.process.terminationStatus == 0)
    }

    /// A key file that is not the database's: before issue #21 the service started "ready" and then refused every
    /// sign-in and answered 500 on every sealed record; now it stops at once, naming the variable.
    @Test func aKeyFileThatIsNotTheDatabasesStopsTheStartInOneSentence() async throws {
        let dataDirectory = CairnProcess.temporaryDirectory()
        let port = try await CairnProcess.freePort()
        let first = try CairnProcess.start(
            ["serve"], environment: ["CAIRN_PORT": "\(port)"], dataDirectory: dataDirectory)
        #expect(try await CairnProcess.waitUntilHealthy(port: port))
        first.process.terminate()
        first.process.waitUntilExit()
        let other = dataDirectory + "/another.keys"
        let run = try await CairnProcess.run(
            ["serve"], environment: ["CAIRN_PORT": "\(port)", "CAIRN_KEY_FILE": other], dataDirectory: dataDirectory)
        #expect(run.status == 1)
        #expect(
            run.lastErrorLine
                == "cairn: CAIRN_KEY_FILE does not open this database's sealed data: it is not the key file the "
                + "database was sealed with (use the key file backed up with this database).\n")
        // the right key file still starts
        let again = try CairnProcess.start(
            ["serve"], environment: ["CAIRN_PORT": "\(port)"], dataDirectory: dataDirectory)
        #expect(try await CairnProcess.waitUntilHealthy(port: port))
        again.process.terminate()
        again.process.waitUntilExit()
        #expect(again.process.terminationStatus == 0)
    }

    @Test func migrateThenRevertThenMigrateAgain() async throws {
        let dataDirectory = CairnProcess.temporaryDirectory()
        let environment = ["CAIRN_DATA_DIR": dataDirectory]
        let up = try await CairnProcess.run(["migrate"], environment: environment, dataDirectory: dataDirectory)
        #expect(up.status == 0)
        #expect(up.standardOutput.contains("Applied"))
        let down = try await CairnProcess.run(
            ["migrate", "--revert"], environment: environment, dataDirectory: dataDirectory)
        #expect(down.status == 0)
        #expect(down.standardOutput.contains("Reverted"))
        let again = try await CairnProcess.run(["migrate"], environment: environment, dataDirectory: dataDirectory)
        #expect(again.standardOutput.contains("Applied"))
        let nothing = try await CairnProcess.run(["migrate"], environment: environment, dataDirectory: dataDirectory)
        #expect(nothing.standardOutput.contains("Nothing to do"))
    }

    /// `cairn benchmark figures` (issue #21 item 5) loads generated referrals into an empty database and times the
    /// figures; it refuses a database that already holds cases, and production.
    @Test func theFiguresBenchmarkRunsOnAnEmptyDatabaseOnly() async throws {
        let dataDirectory = CairnProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let run = try await CairnProcess.run(
            ["benchmark", "figures", "--referrals", "3000", "--runs", "2"], environment: [:],
            dataDirectory: dataDirectory)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("loaded 3000 referrals"))
        #expect(run.standardOutput.contains("figures median"))
        let again = try await CairnProcess.run(
            ["benchmark", "figures", "--referrals", "10"], environment: [:], dataDirectory: dataDirectory)
        #expect(again.status == 1)
        #expect(again.lastErrorLine?.contains("already holds 3000 cases") == true, "\(again.standardError)")
        let production = try await CairnProcess.run(
            ["benchmark", "figures", "--referrals", "10"],
            environment: ["CAIRN_ENV": "production", "CAIRN_SMTP_HOST": "mail.internal"])
        #expect(production.status == 1)
    }
}
