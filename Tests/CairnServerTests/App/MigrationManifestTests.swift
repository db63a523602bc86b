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
    /// Migration files live in the app's `Migrations/` (those that landed before features brought their own) and in
    /// each feature's folder; all are found by their numbered names anywhere under `Sources/`.
    static let sources = TestPaths.repositoryRoot + "Sources/"
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

    /// File name → path under `Sources/`, for every numbered migration file.
    static func migrationPaths() throws -> [String: String] {
        let paths = try #require(FileManager.default.enumerator(atPath: sources)).compactMap { $0 as? String }
        var found: [String: String] = [:]
        for path in paths {
            let name = (path as NSString).lastPathComponent
            guard name.range(of: #"^\d{4}_.*\.swift$"#, options: .regularExpression) != nil else { continue }
            #expect(found.updateValue(path, forKey: name) == nil, "two migration files are named \(name)")
        }
        return found
    }

    static func migrationFiles() throws -> [String] { try migrationPaths().keys.sorted() }

    @Test func everyLandedMigrationFileIsUnchanged() throws {
        let recorded = try Self.recorded()
        let paths = try Self.migrationPaths()
        let files = paths.keys.sorted()
        #expect(
            files.count == CairnMigrations.names().count, "a migration file is not in CairnMigrations, or the reverse")
        for file in files {
            let actual = try Self.digest(Self.sources + paths[file]!)
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

    /// Each number once; the landed ones, then each feature's, in ascending order (features own their tables, so
    /// the order between two features' migrations does not matter, only within one).
    @Test func theFileNamesFollowTheMigrationsOrder() throws {
        let numbers = try Self.migrationFiles().map { String($0.prefix(4)) }
        let listed = CairnMigrations.names().map { String($0.prefix(4)) }
        #expect(Set(numbers) == Set(listed))
        #expect(Set(listed).count == listed.count, "two migrations share a number")
        let landed = CairnMigrations.names(features: []).map { String($0.prefix(4)) }
        #expect(landed == landed.sorted())
        for feature in CairnFeatures.all {
            let own = feature.migrations.map { String($0.name.prefix(4)) }
            #expect(own == own.sorted(), "\(feature.name)'s migrations are not in their numbers' order")
        }
    }
}
