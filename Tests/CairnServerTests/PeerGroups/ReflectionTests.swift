import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

@Suite("Reflections: written with a model, the author's alone, exported as evidence")
struct ReflectionTests {
    static let answers: [(String, String)] = [
        ("answers[awareness]", "REFLECT-MARKER I felt uneasy when the family asked me *why* nobody had called."),
        ("answers[describe]", "A handover where the plan was not passed on."),
        ("answers[analyse]", "I assumed the night team knew."),
        ("answers[evaluate]", "I knew the SBAR format but did not use it."),
        ("answers[learning]", "I will use SBAR at every handover & check it was understood."),
    ]

    static func write(_ browser: TestBrowser, title: String = "A handover that went wrong") async throws
        -> TestBrowser.Page
    {
        try await browser.get("/reflections/new?model=atkins_murphy")
        return try await browser.post(
            "/reflections",
            [
                ("model", "atkins_murphy"), ("title", title), ("writtenOn", "2026-11-30"), ("cpdMinutes", "60"),
                ("codeThemes[]", "preserve_safety"),
            ] + answers)
    }

    @Test func anAtkinsAndMurphyReflectionIsSealedAndReadOnlyByItsAuthor() async throws {
        try await withCairn { app in
            let author = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(author)
            let form = try await browser.get("/reflections/new")
            #expect(form.body.contains("Awareness"))
            #expect(form.body.contains("Gibbs reflective cycle"))
            let saved = try await Self.write(browser)
            #expect(saved.status == .seeOther)
            let reflection = try #require(try await Reflection.query(on: app.db).first())
            #expect(!reflection.content.contains("REFLECT-MARKER"))
            #expect(reflection.model == "atkins_murphy")
            let path = "/reflections/\(reflection.id!.uuidString.lowercased())"
            let page = try await browser.get(path)
            #expect(page.body.contains("REFLECT-MARKER"))
            #expect(try await browser.get("/reflections").body.contains("A handover that went wrong"))
            // nobody else, whatever their role
            for role in Role.allCases {
                let other = TestBrowser(app)
                try await other.signIn(try await app.makePerson([role]))
                for suffix in ["", "/export", "/export?format=md", "/export?format=json"] {
                    let answer = try await other.get(path + suffix)
                    #expect(!answer.body.contains("REFLECT-MARKER"), "\(role) read it at \(suffix)")
                    #expect(answer.status == .notFound || answer.status == .forbidden)
                }
                #expect(!(try await other.get("/reflections").body.contains("A handover")))
            }
        }
    }

    @Test func aBadReflectionKeepsWhatWasTypedAndAPatientsDetailsAreRefused() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([.clinician]))
            try await browser.get("/reflections/new")
            let bad = try await browser.post(
                "/reflections",
                [
                    ("model", "rolfe"), ("title", ""), ("writtenOn", "yesterday"),
                    ("answers[what]", "DOB 01/02/1950 <i>x</i>"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Give the reflection a short title"))
            #expect(bad.body.contains("looks like a date of birth"))
            #expect(bad.body.contains("DOB 01/02/1950 &lt;i&gt;x&lt;/i&gt;"))
            #expect(bad.body.contains("So what?"))
            #expect(try await Reflection.query(on: app.db).count() == 0)
        }
    }

    @Test func theExportsReadBackAndAStaleChangeIsRefused() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([.clinician]))
            try await Self.write(browser)
            let reflection = try #require(try await Reflection.query(on: app.db).first())
            let path = "/reflections/\(reflection.id!.uuidString.lowercased())"
            let json = try await browser.get(path + "/export?format=json")
            #expect(json.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let document = try JSONDecoder().decode(ReflectionExport.Document.self, from: Data(json.body.utf8))
            #expect(document.model == "Atkins & Murphy")
            #expect(document.stages.count == 5)
            #expect(document.stages[0].answer.hasPrefix("REFLECT-MARKER"))
            #expect(document.cpdMinutes == 60)
            #expect(document.codeThemes == ["Preserve safety"])
            let markdown = try await browser.get(path + "/export?format=md")
            #expect(markdown.body.hasPrefix("# A handover that went wrong"))
            #expect(markdown.body.contains("## Awareness"))
            #expect(markdown.body.contains("\\*why\\*"))
            #expect(markdown.body.contains("CPD time: 60 minutes"))
            let printable = try await browser.get(path + "/export")
            #expect(printable.status == .ok)
            #expect(printable.body.contains("REFLECT-MARKER"))
            // a change from a page opened before another change is refused and keeps what was typed
            try await browser.get(path + "?edit=1")
            let fields: [(String, String)] =
                [("model", "atkins_murphy"), ("title", "Renamed"), ("writtenOn", "2026-11-30")] + Self.answers
            #expect(try await browser.post(path, fields + [("version", "1")]).status == .seeOther)
            try await browser.get(path + "?edit=1")
            let stale = try await browser.post(
                path, fields.map { $0.0 == "title" ? ("title", "Stale") : $0 } + [("version", "1")])
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.contains("Stale"))
            let exports = try await AuditEntry.query(on: app.db).filter(\.$action == "reflection_exported").count()
            #expect(exports == 3)
        }
    }
}
