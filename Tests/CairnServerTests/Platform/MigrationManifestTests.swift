import Crypto
import Foundation
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Landed migrations stay frozen (issue #12, item 8): each migration file's SHA-256 is in
/// `Tests/CairnServerTests/MigrationManifest.tsv`. Editing a landed file fails here; a change goes in a new numbered
/// migration, whose line is added to the manifest when it lands.
@Suite("Frozen migrations")
struct MigrationManifestTests {
    static let folder = TestPaths.repositoryRoot + "Sources/CairnServer/Migrations/"
    static let manifest = TestPaths.repositoryRoot + "Tests/CairnServerTests/MigrationManifest.tsv"

    static func digest(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    static func recorded() throws -> [String: String] {
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t").map(String.init)
            if cells.count == 2 { rows[cells[0]] = cells[1] }
        }
        return rows
    }

    static func migrationFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.range(of: #"^\d{4}_.*\.swift$"#, options: .regularExpression) != nil }.sorted()
    }

    @Test func everyLandedMigrationFileIsUnchanged() throws {
        let recorded = try Self.recorded()
        let files = try Self.migrationFiles()
        #expect(
            files.count == CairnMigrations.names.count, "a migration file is not in CairnMigrations, or the reverse")
        for file in files {
            let actual = try Self.digest(Self.folder + file)
            guard let expected = recorded[file] else {
                Issue.record("\(file) is new: add `\(file)\t\(actual)` to MigrationManifest.tsv when it lands")
                continue
            }
            #expect(actual == expected, "\(file) was edited after it landed: put the change in a new migration")
        }
        for name in recorded.keys where !files.contains(name) {
            Issue.record("\(name) is in the manifest but its file is gone: landed migrations are never removed")
        }
    }

    @Test func theFileNamesFollowTheMigrationsOrder() throws {
        let numbers = try Self.migrationFiles().map { String($0.prefix(4)) }
        #expect(numbers == CairnMigrations.names.map { String($0.prefix(4)) })
    }
}
