import FluentKit
import Foundation
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Every model declares whose personal data it holds, which text fields are sealed and why the others are plain
/// (issue #12 item 6, issue #11): a new model or a new text field cannot land without that decision.
@Suite("Personal data is declared")
struct PersonalDataTests {
    static func allFieldKeys<M: Model>(of type: M.Type) -> Set<FieldKey> {
        Set(M().properties.flatMap { ($0 as? any AnyDatabaseProperty)?.keys ?? [] })
    }

    static func problems<M: DeclaresPersonalData>(_ type: M.Type) -> [String] {
        let declared = M.personalData
        let name = String(describing: M.self)
        let fields = allFieldKeys(of: M.self)
        var problems: [String] = []
        for key in PersonalDataMap.textFields(of: M.self)
        where !declared.sealed.contains(key) && declared.plain[key] == nil {
            problems.append("\(name).\(key) is text, neither sealed nor given a reason to stay plain")
        }
        for key in declared.sealed.union(declared.plain.keys) where !fields.contains(key) {
            problems.append("\(name) declares \(key), which is not one of its fields")
        }
        for key in declared.sealed.intersection(declared.plain.keys) {
            problems.append("\(name).\(key) is declared both sealed and plain")
        }
        for (key, reason) in declared.plain where reason.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("\(name).\(key) is plain without a reason")
        }
        for link in declared.whose {
            switch link {
            case .person(let key), .participant(let key), .through(let key, _), .by(let key):
                if !fields.contains(key) { problems.append("\(name) links people through \(key), not a field") }
            case .listedIn(let table, _, _, _):
                if !PersonalDataMap.models(of: CairnFeatures.all).contains(where: { $0.schema == table }) {
                    problems.append("\(name) is listed in \(table), which no model declares")
                }
            }
        }
        for key in declared.secrets where !fields.contains(key) {
            problems.append("\(name) declares the secret \(key), which is not one of its fields")
        }
        if let side = declared.writtenBySide, !fields.contains(side) {
            problems.append("\(name) names its writer's side by \(side), not a field")
        }
        // A credential is never exported: a field whose name says it is one must be declared a secret.
        for key in fields where Self.looksLikeACredential(key.description) && !declared.secrets.contains(key) {
            problems.append("\(name).\(key) looks like a credential but is not declared a secret")
        }
        return problems
    }

    static func looksLikeACredential(_ column: String) -> Bool {
        ["password_hash", "secret", "token_hash", "code_hash", "csrf"].contains { column.contains($0) }
    }

    @Test func everyModelDeclaresItsPersonalDataAndEveryTextFieldIsDecided() {
        var problems: [String] = []
        for model in PersonalDataMap.models(of: CairnFeatures.all) { problems += Self.problems(model) }
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
    }

    @Test func everyModelInTheSourcesIsInTheMap() throws {
        let root = TestPaths.repositoryRoot + "Sources/"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var declaredInSources: Set<String> = []
        let pattern = try NSRegularExpression(pattern: #"final class (\w+): Model\b"#)
        for file in files {
            let text = try String(contentsOfFile: root + file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                declaredInSources.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        let mapped = Set(PersonalDataMap.models(of: CairnFeatures.all).map { String(describing: $0) })
        #expect(declaredInSources.count >= 33)
        #expect(declaredInSources.subtracting(mapped) == [], "models missing from the features' models")
    }

    @Test func anUndecidedTextFieldIsCaught() {
        #expect(
            Self.problems(Undecided.self) == [
                "Undecided.words is text, neither sealed nor given a reason to stay plain"
            ])
    }
}

/// A model that forgot to decide about a text field.
final class Undecided: Model, @unchecked Sendable, DeclaresPersonalData {
    static let schema = "undecided"
    static let personalData = PersonalData(whose: [])
    @ID(key: .id) var id: UUID?
    @Field(key: "words") var words: String
    init() {}
}
