import ArgumentParser
import CairnAccounts
import CairnPlatform
import CairnServer
import Foundation

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin",
        abstract: "Create the first administrator.",
        discussion: """
            The password is read from the terminal without echo, or from standard input when it is not a terminal \
            (never from the command line, where other users could see it). The administrator sets up two-step \
            sign-in at first sign-in.
            """
    )

    @Option(help: "The administrator's email address.")
    var email: String

    @Option(help: "The administrator's name as shown in Cairn.")
    var name: String = "Administrator"

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let password = readPassword()
            let app = try await CairnApp.build(configuration)
            do {
                try await CairnApp.prepare(app, migrate: true)
                _ = try await AccountBootstrap.createAdmin(app: app, email: email, name: name, password: password)
                print("Administrator \(email) created. Sign in at \(configuration.baseURL.absoluteString)/sign-in.")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    private func readPassword() -> String {
        if isatty(STDIN_FILENO) != 0 {
            return String(cString: getpass("Password for \(email) (at least 12 characters): "))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the audit trail.", subcommands: [AuditVerify.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check the audit trail's hash chain; exits 1 and names the first broken entry if it was tampered with."
    )

    func run() async throws {
        try await runReportingProblems {
            let configuration = try loadConfiguration()
            let app = try await CairnApp.build(configuration)
            let report: AuditVerification.Report
            do {
                report = try await AuditVerification.run(app: app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            print(report.message)
            if !report.intact { throw ExitCode(1) }
        }
    }
}
