import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnLibrary
@testable import CairnPlatform
@testable import CairnServer

/// The library's search on both databases (SQLite FTS5, PostgreSQL `tsvector`): a fixed corpus and the results
/// expected at the top; stemming and prefixes; what each reader may find; filters; and search text that would be
/// operators in either query language answered as plain words, never a 500.
@Suite("Library search ranks a fixed corpus as expected")
struct LibrarySearchTests {
    struct Entry {
        var key: String
        var title: String
        var summary: String
        var body: String
        var reasons: [String]
        var professions: [String] = []
        var visibility = "public"
    }

    static let corpus: [Entry] = [
        Entry(
            key: "akt", title: "Preparing for the MRCGP AKT exam", summary: "A revision plan that fits around work.",
            body: "Start twelve weeks before the exam. Use question banks, and book study leave early.",
            reasons: ["exam_difficulty"], professions: ["doctor"]),
        Entry(
            key: "dyslexia", title: "Dyslexia and postgraduate exams",
            summary: "Adjustments you can ask for: extra time, a separate room.",
            body:
                "Ask occupational health for an assessment. The royal colleges grant reasonable adjustments in exams.",
            reasons: ["neurodiversity", "exam_difficulty"]),
        Entry(
            key: "sleep", title: "Sleep and shift work", summary: "Looking after yourself on nights.",
            body: "After a run of nights, plan your recovery sleep. One colleague slept badly before an exam.",
            reasons: ["wellbeing"]),
        Entry(
            key: "bereavement", title: "Coping with bereavement at work", summary: "When someone close to you dies.",
            body: "Grief comes in waves. Ask for compassionate leave, and tell your supervisor what you need.",
            reasons: ["life_event"]),
        Entry(
            key: "return", title: "Returning to training after parental leave",
            summary: "Keeping in touch days, a phased return and the SuppoRTT programme.",
            body: "Plan your return with your educational supervisor before your leave ends.",
            reasons: ["return_to_training"]),
        Entry(
            key: "burnout", title: "Burnout: recognising the signs",
            summary: "Exhaustion, cynicism, feeling ineffective.",
            body: "Burnout is common among clinicians. Recognising the signs early helps recovery.",
            reasons: ["wellbeing"]),
        Entry(
            key: "img", title: "Working in the NHS as an international graduate",
            summary: "NHS culture, the GMC and your first post.",
            body: "Most international medical graduates join through PLAB. Induction helps with NHS culture.",
            reasons: ["international_graduate"], professions: ["doctor"]),
        Entry(
            key: "mentoring", title: "What mentoring can do for you", summary: "A mentor is never your supervisor.",
            body: "Mentoring gives you a confidential space to think about your goals.",
            reasons: ["coaching_or_mentoring"], visibility: "members"),
        Entry(
            key: "nurses", title: "Revalidation for nurses", summary: "The NMC's requirements every three years.",
            body: "You need practice hours, CPD, feedback and reflective accounts.", reasons: ["career_planning"],
            professions: ["nurse"]),
    ]

    /// Publishes the corpus as an editor; returns each item's id by key.
    static func load(_ app: Application, editor: TestPerson) async throws -> [String: UUID] {
        let actor = Actor(
            personID: editor.id, displayName: "Editor", organisationID: app.cairn.organisation!.id,
            roles: [.unitLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
        let context = ServiceContext(application: app, actor: actor, database: app.db)
        let service = LibraryService(context: context)
        var ids: [String: UUID] = [:]
        for entry in corpus {
            let draft = LibraryItemDraft(
                kind: "article", title: entry.title, summary: entry.summary, body: entry.body, reasons: entry.reasons,
                professions: entry.professions, visibility: entry.visibility,
                reviewOn: app.cairn.today.adding(years: 1).description)
            let item = try await service.create(draft, file: nil).get()
            #expect(try await service.setStatus(item, to: .published, version: 1).get() == ())
            ids[entry.key] = item.id
        }
        return ids
    }

    @Test func theExpectedItemsComeFirst() async throws {
        try await withCairn { app in
            let editor = try await app.makePerson([.unitLead])
            let ids = try await Self.load(app, editor: editor)
            let key = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
            let member = try await app.makePerson([.clinician])
            let actor = Actor(
                personID: member.id, displayName: "Member", organisationID: app.cairn.organisation!.id,
                roles: [.clinician], channel: .api(tokenID: UUID()), isFullySignedIn: true)
            let service = LibraryService(context: ServiceContext(application: app, actor: actor, database: app.db))
            func top(_ text: String, filters: LibraryService.Filters = .init()) async throws -> [String] {
                try await service.search(SearchQuery(text), filters, page: 1).items.compactMap { key[$0.item.id!] }
            }
            // Titles outrank bodies: both exam titles before the item that mentions an exam in passing.
            let exam = try await top("exam")
            #expect(Set(exam.prefix(2)) == ["akt", "dyslexia"])
            #expect(exam.last == "sleep")
            // Stems and prefixes: "exams", "recognise", "mentor" find "exam", "recognising", "mentoring".
            #expect(Set(try await top("exams").prefix(2)) == ["akt", "dyslexia"])
            #expect(try await top("recognise burnout").first == "burnout")
            #expect(try await top("mentor").first == "mentoring")
            // Words found only in the text, and every word required.
            #expect(try await top("grief") == ["bereavement"])
            #expect(try await top("returning parental") == ["return"])
            #expect(try await top("international graduate").first == "img")
            #expect(try await top("bereavement exam") == [])
            // Filters: a reason, a profession (items for everyone match it too).
            #expect(try await top("exam", filters: .init(reason: .neurodiversity)) == ["dyslexia"])
            #expect(!(try await top("revalidation", filters: .init(profession: .doctor))).contains("nurses"))
            #expect(try await top("revalidation", filters: .init(profession: .nurse)) == ["nurses"])
            // A snippet marks the words found, and only those.
            let found = try await service.search(SearchQuery("grief"), .init(), page: 1).items
            let marked = found.first?.snippet.filter(\.marked).map { $0.text.lowercased() }
            #expect(marked == ["grief"])
        }
    }

    @Test func eachReaderFindsOnlyWhatTheyMayRead() async throws {
        try await withCairn { app in
            let editor = try await app.makePerson([.unitLead])
            let ids = try await Self.load(app, editor: editor)
            // A draft: found by editors only.
            let editorActor = Actor(
                personID: editor.id, displayName: "Editor", organisationID: app.cairn.organisation!.id,
                roles: [.unitLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
            let editorService = LibraryService(
                context: ServiceContext(application: app, actor: editorActor, database: app.db))
            _ = try await editorService.create(
                LibraryItemDraft(
                    kind: "article", title: "Mentoring draft", summary: "Not yet.", body: "Mentoring draft text.",
                    reasons: ["coaching_or_mentoring"], visibility: "public",
                    reviewOn: app.cairn.today.adding(years: 1).description), file: nil
            ).get()
            let visitor = LibraryService(context: ServiceContext(application: app, actor: nil, database: app.db))
            let visitorFinds = try await visitor.search(SearchQuery("mentoring"), .init(), page: 1).items
            #expect(visitorFinds.isEmpty)  // the members' item and the draft are not theirs
            let memberPerson = try await app.makePerson([.clinician])
            let member = LibraryService(
                context: ServiceContext(
                    application: app,
                    actor: Actor(
                        personID: memberPerson.id, displayName: "M", organisationID: app.cairn.organisation!.id,
                        roles: [.clinician], channel: .api(tokenID: UUID()), isFullySignedIn: true), database: app.db))
            #expect(
                try await member.search(SearchQuery("mentoring"), .init(), page: 1).items.map(\.item.id) == [
                    ids["mentoring"]
                ])
            #expect(try await editorService.search(SearchQuery("mentoring"), .init(), page: 1).items.count == 2)
            // Browsing agrees with searching.
            #expect(try await visitor.browse(.init(), page: 1).paging.total == Self.corpus.count - 1)
            #expect(try await member.browse(.init(), page: 1).paging.total == Self.corpus.count)
            #expect(try await editorService.browse(.init(), page: 1).paging.total == Self.corpus.count + 1)
        }
    }

    @Test func operatorsOfEitherQueryLanguageAreJustWords() async throws {
        try await withCairn { app in
            let editor = try await app.makePerson([.unitLead])
            _ = try await Self.load(app, editor: editor)
            let visitor = TestBrowser(app)
            for typed in [
                "\"", "exam\"", "exam*", "NEAR(exam sleep)", "exam OR sleep", "-exam", "exam AND", "'; DROP TABLE x;--",
                "exam & | ! :*", "(((", "\\", "%", "_", "exam:A", "title:exam", "^exam", "{exam}", "\u{0}",
                String(repeating: "é", count: 500),
            ] {
                let encoded = typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let page = try await visitor.get("/library/search?q=\(encoded)")
                #expect(page.status == .ok || page.status == .badRequest, "\(typed): \(page.status)")
            }
            // Filters of the browsing page sent to the search (found by review: FTS5's NOT was a syntax error).
            for query in ["q=exam&review=due", "q=exam&reason=nonsense&profession=wizard", "q=exam&page=99999"] {
                #expect(try await visitor.get("/library/search?\(query)").status == .ok, "\(query)")
            }
            let quoted = try await visitor.get("/library/search?q=%22exam%22")
            #expect(quoted.body.contains("<mark>"))
            #expect(quoted.body.contains("Preparing for the MRCGP AKT exam"))
        }
    }
}
