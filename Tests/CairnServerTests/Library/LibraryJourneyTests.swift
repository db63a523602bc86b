import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnLibrary
@testable import CairnPlatform
@testable import CairnServer

/// The library through the pages and the API, on both databases: an editor writes an article (a problem keeps what
/// was typed) and a PDF (checked by its content, kept with a checksum), publishes them; readers find and read them;
/// views are counted per month; owners hear once when an item is due for review; the API does the same.
@Suite("The resource library: editors publish, readers find, views are counted, reviews come round")
struct LibraryJourneyTests {
    static func id(_ location: String?) -> String? {
        guard let location, location.hasPrefix("/library/") else { return nil }
        return String(location.dropFirst("/library/".count).prefix(36))
    }

    static let pdf = String(decoding: DemoPDF.document(title: "Exam guide", lines: ["A line"]), as: UTF8.self)

    @Test func anEditorPublishesAnArticleAndAPDFThatReadersFind() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let editorPerson = try await app.makePerson([.programmeLead], name: "Pat Editor")
            let editor = TestBrowser(app)
            try await editor.signIn(editorPerson)
            let review = app.cairn.today.adding(months: 6).description
            try await editor.get("/library/new")
            let fields: [(String, String)] = [
                ("kind", "article"), ("title", "Resitting the AKT"), ("summary", "A revision plan that fits work."),
                ("body", "## Plan\n\nTwelve weeks of **revision**.\n\n<script>alert(1)</script>"),
                ("reasons[]", "exam_difficulty"), ("visibility", "public"), ("reviewOn", review),
            ]
            let missing = try await editor.postMultipart(
                "/library", fields.filter { $0.0 != "summary" }, file: nil)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("Resitting the AKT"))
            let made = try await editor.postMultipart("/library", fields, file: nil)
            let articleID = try #require(Self.id(made.location))
            // A draft: not there for readers.
            let reader = TestBrowser(app)
            try await reader.signIn(try await app.makePerson([.clinician]))
            #expect(try await reader.get("/library/\(articleID)").status == .notFound)
            #expect(try await TestBrowser(app).get("/library/\(articleID)").status == .seeOther)
            try await editor.get("/library/\(articleID)")
            #expect(
                try await editor.post("/library/\(articleID)/status", [("status", "published"), ("version", "1")])
                    .status == .seeOther)
            // A stale version is a 409.
            try await editor.get("/library/\(articleID)")
            #expect(
                try await editor.post("/library/\(articleID)/status", [("status", "withdrawn"), ("version", "1")])
                    .status == .conflict)

            // A PDF: something else dressed as a PDF is refused by its content; a real one is kept.
            try await editor.get("/library/new")
            let pdfFields: [(String, String)] = [
                ("kind", "file"), ("title", "AKT exam guide (PDF)"), ("summary", "The college's guide."),
                ("reasons[]", "exam_difficulty"), ("visibility", "members"), ("reviewOn", review),
            ]
            let fake = try await editor.postMultipart(
                "/library", pdfFields, file: ("guide.pdf", "<html>not a pdf</html>"))
            #expect(fake.status == .unprocessableEntity)
            #expect(fake.body.contains("must be a PDF"))
            let kept = try await editor.postMultipart("/library", pdfFields, file: ("guide.pdf", Self.pdf))
            let fileID = try #require(Self.id(kept.location))
            try await editor.get("/library/\(fileID)")
            #expect(
                try await editor.post("/library/\(fileID)/status", [("status", "published"), ("version", "1")]).status
                    == .seeOther)

            // A reader finds both by search, reads the article (the script shown as text), downloads the PDF.
            let found = try await reader.get("/library/search?q=akt+revision")
            #expect(found.body.contains("Resitting the AKT"))
            #expect(found.body.contains("<mark>"))
            let article = try await reader.get("/library/\(articleID)")
            #expect(article.body.contains("<strong>revision</strong>"))
            #expect(article.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let download = try await reader.get("/library/\(fileID)/file")
            #expect(download.status == .ok)
            #expect(download.body == Self.pdf)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            // A visitor reads the public article, not the members' PDF.
            let visitor = TestBrowser(app)
            #expect(try await visitor.get("/library/\(articleID)").status == .ok)
            #expect(try await visitor.get("/library/\(fileID)").status == .seeOther)
            #expect(try await visitor.get("/library/\(fileID)/file").status == .seeOther)

            // Views: counted per item per month (three reads so far: the reader twice, the visitor once).
            let views = try await LibraryView.query(on: app.db).filter(\.$itemID == UUID(uuidString: articleID)!).all()
            #expect(views.map(\.views) == [2])
            #expect(views.first?.month == String(app.cairn.today.description.prefix(7)))

            // When the review date comes, the owner hears once.
            clock.advance(by: 200 * 86_400)
            try await LibraryFeature().housekeeping(app, now: clock.now)
            try await LibraryFeature().housekeeping(app, now: clock.now)
            let notices = try await OutboxMessage.query(on: app.db).filter(\.$recipient == editorPerson.email).all()
                .filter { $0.subject.hasPrefix("Due for review") }
            #expect(notices.count == 2)  // the article and the PDF
            try await editor.signIn(editorPerson)
            #expect(try await editor.get("/library?review=due").body.contains("Due for review"))
        }
    }

    @Test func theLibraryThroughTheAPI() async throws {
        try await withCairn { app in
            let editor = try await app.makePerson([.facilitator])
            let reader = try await app.makePerson([.clinician])
            let editorToken = try await CaseAPITests.token(for: editor, on: app)
            let readerToken = try await CaseAPITests.token(for: reader, on: app)
            let review = app.cairn.today.adding(months: 6).description
            let body = """
                {"kind": "link", "title": "GMC: welcomed and valued", "summary": "Supporting disabled learners.",
                 "url": "https://www.gmc-uk.org/welcomed-and-valued", "reasons": ["health", "neurodiversity"],
                 "visibility": "public", "reviewOn": "\(review)"}
                """
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/library", token: readerToken, body: body).0
                    == .forbidden)
            let past = body.replacingOccurrences(of: review, with: "2020-01-01")
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/library", token: editorToken, body: past).0
                    == .conflict)
            let (made, item, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/library", token: editorToken, body: body)
            #expect(made == .created)
            let id = try #require(item["id"] as? String)
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/library/\(id)", token: readerToken).0 == .notFound)
            let (published, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/library/\(id)/status", token: editorToken,
                body: #"{"status": "published", "version": 1}"#)
            #expect(published == .ok)
            let (listed, page, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/library?q=disabled&reason=neurodiversity", token: readerToken)
            #expect(listed == .ok)
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [id])
            #expect((items.first?["snippet"] as? [[String: Any]])?.contains { $0["marked"] as? Bool == true } == true)
            // Without a token, public items only; the editor sees views by month.
            let tooLong = try await app.testing().sendRequest(
                .GET, "/api/v1/library?q=" + String(repeating: "0", count: 201))
            #expect(tooLong.status == .badRequest)
            let anonymous = try await app.testing().sendRequest(.GET, "/api/v1/library/\(id)")
            #expect(anonymous.status == .ok)
            let (_, detail, _) = try await CaseAPITests.send(app, .GET, "/api/v1/library/\(id)", token: editorToken)
            #expect((detail["views"] as? [[String: Any]])?.first?["views"] as? Int == 1)
            let change = body.replacingOccurrences(of: "\"kind\"", with: "\"version\": 2, \"kind\"")
                .replacingOccurrences(of: "welcomed and valued", with: "Welcomed and valued (2024)")
            let (changed, after, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/library/\(id)", token: editorToken, body: change)
            #expect(changed == .ok)
            #expect(after["title"] as? String == "GMC: Welcomed and valued (2024)")
            #expect(
                try await CaseAPITests.send(app, .PUT, "/api/v1/library/\(id)", token: editorToken, body: change).0
                    == .conflict)
        }
    }
}
