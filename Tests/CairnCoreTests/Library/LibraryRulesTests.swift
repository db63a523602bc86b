import Foundation
import Testing

@testable import CairnCore

/// The library's rules: what an item must say, and what a search box's text becomes.
@Suite("Library rules")
struct LibraryRulesTests {
    let today = CalendarDay(2026, 12, 1)

    func problems(_ draft: LibraryItemDraft, hasFile: Bool = false) -> [LibraryField] {
        if case .failure(let refusal) = draft.checked(today: today, hasFile: hasFile) {
            return refusal.problems.map(\.field)
        }
        return []
    }

    var article: LibraryItemDraft {
        LibraryItemDraft(
            kind: "article", title: "Exam resits", summary: "What helps.", body: "## Plan\n\nA plan.",
            reasons: ["exam_difficulty"], visibility: "public", reviewOn: "2027-06-30")
    }

    @Test func eachKindNeedsItsOwnContent() {
        #expect(problems(article) == [])
        var link = article
        link.kind = "link"
        #expect(problems(link) == [.url])
        link.url = "javascript:alert(1)"
        #expect(problems(link) == [.url])
        link.url = "//evil.example/"
        #expect(problems(link) == [.url])
        link.url = "https://www.gmc-uk.org/ethical-guidance"
        #expect(problems(link) == [])
        var file = article
        file.kind = "file"
        #expect(problems(file) == [.file])
        #expect(problems(file, hasFile: true) == [])
    }

    @Test func fieldsAreChecked() throws {
        var draft = article
        draft.title = " "
        draft.summary = ""
        draft.reasons = []
        draft.visibility = "everyone"
        draft.reviewOn = "2027-02-30"
        #expect(problems(draft) == [.title, .summary, .reasons, .visibility, .reviewOn])
        draft = article
        draft.reasons = ["exam_difficulty", "astrology"]
        draft.professions = ["wizard"]
        #expect(problems(draft) == [.reasons, .professions])
        draft = article
        draft.reviewOn = "2026-12-01"
        guard case .failure(let refusal) = draft.checked(today: today, hasFile: false) else {
            Issue.record("accepted")
            return
        }
        #expect(refusal.problems.map(\.field) == [.reviewOn])
        #expect(refusal.problems.allSatisfy { $0.isConflictWithState })
        let checked = try article.checked(today: today, hasFile: false).get()
        #expect(checked.reasons == [.examDifficulty])
        #expect(checked.url == nil)
    }

    @Test func aSearchBecomesWordsAndNothingElse() {
        #expect(SearchQuery("Exam  stress!").words == ["exam", "stress"])
        #expect(
            SearchQuery(#"exam" OR NEAR(ab cd) -x * ^y 'zz' \ AND"#).words == [
                "exam", "or", "near", "ab", "cd", "zz", "and",
            ])
        #expect(SearchQuery("a e i gp").words == ["gp"])
        #expect(SearchQuery("\"").isEmpty)
        #expect(SearchQuery("  ").isEmpty)
        #expect(SearchQuery("Ärztin café").words == ["ärztin", "café"])
        #expect(SearchQuery("exam exam Exam").words == ["exam"])
        #expect(SearchQuery("exam stress").fts5 == "\"exam\"* \"stress\"*")
        #expect(SearchQuery("exam stress").tsquery == "exam:* & stress:*")
        #expect(SearchQuery(String(repeating: "ab ", count: 50)).words.count == 1)
        #expect(SearchQuery((1...20).map { "w\($0)" }.joined(separator: " ")).words.count == 8)
    }

    @Test func snippetsMarkOnlyTheWordsFound() {
        let o = HighlightedSnippet.open
        let c = HighlightedSnippet.close
        #expect(
            HighlightedSnippet.pieces("before \(o)exam\(c) after <b>") == [
                .init(text: "before ", marked: false), .init(text: "exam", marked: true),
                .init(text: " after <b>", marked: false),
            ])
        #expect(HighlightedSnippet.pieces("\(o)open") == [.init(text: "open", marked: true)])
        #expect(HighlightedSnippet.pieces("plain") == [.init(text: "plain", marked: false)])
    }
}
