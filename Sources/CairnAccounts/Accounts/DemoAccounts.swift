import CairnCore
import CairnPlatform
import Foundation
import Vapor

/// One demonstration person per role, with a shared development password; staff who need two-step sign-in get
/// an authenticator secret printed with them.
enum DemoAccounts {
    static let password = "stone path quiet river"

    struct Entry {
        var name: String
        var email: String
        var role: Role
    }

    static let people: [Entry] = [
        Entry(name: "Dr Amira Haddad", email: "amira.haddad@demo.cairn.test", role: .clinician),
        Entry(name: "Dr James Okafor", email: "james.okafor@demo.cairn.test", role: .mentor),
        Entry(name: "Dr Helen Price", email: "helen.price@demo.cairn.test", role: .supervisor),
        Entry(name: "Sam Taylor", email: "sam.taylor@demo.cairn.test", role: .caseManager),
        Entry(name: "Dr Rachel Evans", email: "rachel.evans@demo.cairn.test", role: .unitLead),
        Entry(name: "Priya Shah", email: "priya.shah@demo.cairn.test", role: .facilitator),
        Entry(name: "Dr Morag Campbell", email: "morag.campbell@demo.cairn.test", role: .programmeLead),
        Entry(name: "Alex Morgan", email: "alex.morgan@demo.cairn.test", role: .admin),
        Entry(name: "Dr Gareth Lloyd", email: "gareth.lloyd@demo.cairn.test", role: .responsibleOfficer),
    ]

    static func load(_ app: Application) async throws -> [String] {
        var lines = ["", "Demo accounts (password for all: \"\(password)\"):"]
        for entry in people {
            let secret = entry.role.requiresSecondFactor ? TOTP.newSecret() : nil
            _ = try await AccountBootstrap.create(
                app: app, email: entry.email, name: entry.name, password: password, roles: [entry.role],
                totpSecret: secret)
            let second = secret.map { "  authenticator key \(Base32.encode($0))" } ?? ""
            lines.append(
                "  \(entry.role.title.padding(toLength: 20, withPad: " ", startingAt: 0)) \(entry.email)\(second)")
        }
        return lines
    }
}
