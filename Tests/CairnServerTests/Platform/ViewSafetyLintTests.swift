import Foundation
import Plot
import Testing

@testable import CairnPlatform

/// Plot writes attribute values exactly as given (`name="\(value)"`), and its head `.title` copies the title into
/// `og:title`/`twitter:title` attributes. So views never reach Plot's attribute constructors with a value that is
/// not a fixed literal: every such value goes through `.attr`/`Attribute.attr` (AttributeText.swift), which
/// escape it, and URLs a person typed through `.safeLink`. This lint makes any other path red.
@Suite("View safety lint")
struct ViewSafetyLintTests {
    /// Plot's helpers that write an attribute (or raw markup) from a value.
    static let rawAttributeHelpers = [
        "action", "allow", "alt", "ariaControls", "ariaLabel", "class", "color", "content", "data", "datetime",
        "description", "doctype", "favicon", "for", "href", "id", "integrity", "media", "name", "onclick",
        "placeholder", "property", "rssFeedLink", "siteName", "sizes", "socialImageLink", "src", "srcset", "style",
        "stylesheet", "twitterCardType", "twitterUsername", "type", "url", "value",
    ]

    /// The one file allowed to build attributes by hand (it escapes them).
    static let escapingFile = "Platform/Layout/AttributeText.swift"

    static func problems(in text: String, file: String) -> [String] {
        var found: [String] = []
        let helpers = rawAttributeHelpers.joined(separator: "|")
        // A Plot helper called with anything but one plain literal (no interpolation, no expression).
        let helperCall = try! NSRegularExpression(pattern: #"(?<![\w)\]])\.(\#(helpers))\((?!"[^"\\]*"\))(?!\.)"#)
        // Raw markup, hand-built attributes, and Plot's head title (which writes og:/twitter: attributes).
        let forbidden = try! NSRegularExpression(
            pattern: #"(?<![\w)\]])\.raw\(|Attribute\(\s*name:|\.attribute\(\s*named:[^)]*value:|(?<![\w)\]])\.title\("#
        )
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let source = String(line)
            if source.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
            let range = NSRange(source.startIndex..., in: source)
            if helperCall.firstMatch(in: source, range: range) != nil {
                found.append("\(file):\(number + 1): a Plot attribute helper with a value; use .attr(name, value)")
            }
            if !file.hasSuffix(escapingFile), forbidden.firstMatch(in: source, range: range) != nil {
                found.append("\(file):\(number + 1): raw markup or a hand-built attribute; use .attr / .text")
            }
        }
        return found
    }

    @Test func noViewReachesPlotsUnescapedAttributes() throws {
        let root = TestPaths.repositoryRoot + "Sources/"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var problems: [String] = []
        var checked = 0
        for file in files {
            let text = try String(contentsOfFile: root + file, encoding: .utf8)
            guard text.contains("import Plot") else { continue }
            checked += 1
            problems += Self.problems(in: text, file: file)
        }
        #expect(checked > 20)
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
    }

    @Test func theLintCatchesEachUnsafeShape() {
        let unsafe = [
            #".a(.href(person.website), .text("x"))"#, #".div(.class(isOpen ? "a" : "b"))"#,
            #".meta(.content("\(title)"))"#, #".title(page.title)"#, #".div(.raw(userText))"#,
            #"Attribute(name: "title", value: name)"#, #".input(.value(draft))"#,
        ]
        for line in unsafe {
            #expect(!Self.problems(in: line, file: "Features/X.swift").isEmpty, "not caught: \(line)")
        }
        let safe = [
            #".a(.attr("href", SiteURL.refer.path), .text(name))"#, #".div(.class("page"))"#,
            #".attr("class", isOpen ? "a" : "b")"#, #"Forms.title("Sign in", errors: errors)"#,
            #".label(.attr("for", id), .text("Name"))"#,
        ]
        for line in safe {
            #expect(Self.problems(in: line, file: "Features/X.swift").isEmpty, "wrongly caught: \(line)")
        }
    }
}

/// Every `.text(…)` in a view escapes by Unicode scalar (`Node.text` in AttributeText.swift, more specialised than
/// Plot's): a character that joins the next one (U+0600 before "<") cannot open a tag or end a text area.
@Suite("Text escapes by scalar")
struct TextEscapingTests {
    @Test func aJoinedCharacterCannotOpenATag() {
        let hostile = "\u{0600}<img src=x onerror=alert(1)> \u{0600}</textarea> \u{0600}\"x\u{0600}&y"
        let body: Node<HTML.BodyContext> = .p(.text(hostile))
        let rendered = body.render()
        #expect(!rendered.contains("<img"))
        #expect(rendered.contains("&lt;img"))
        let area = Forms.textArea(name: "x", label: "X", value: hostile, hint: nil, error: nil, rows: 2).render()
        #expect(!area.contains("\u{0600}</textarea>"))
        #expect(area.components(separatedBy: "</textarea>").count == 2)
    }
}
