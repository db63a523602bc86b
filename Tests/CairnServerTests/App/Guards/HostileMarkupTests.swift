import CairnCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Every stored text a person can set, filled with markup that tries to end the attribute or element it lands in
/// (`">`, `'>`, `</title>`, `<script>`, `javascript:`), and every page read by the people who legitimately see those
/// fields. Each HTML response is tokenized (an HTML5-style tokenizer, below, not a regular expression over the text)
/// and must keep the document's structure: the head holds only the layout's own elements, and nowhere is there a
/// planted element, an event handler, a `meta http-equiv`, or a link to `javascript:`, `data:`, `vbscript:` or `//`.
@Suite("Guard: stored text never changes a page's structure")
struct HostileMarkupTests {
    static let breakouts = [
        #"Eve "><meta http-equiv="refresh" content="0;url=http://evil.example/stolen"><cairn-x data-pwned="1">'"#,
        #"Eve '><meta http-equiv='refresh' content='0;url=//evil.example/'><cairn-x data-pwned='1' onmouseover='alert(1)'><script>alert(1)</script><a href='javascript:alert(1)'>x</a></textarea></title>"#,
        // U+0600 joins the "<" after it into one grapheme cluster: an escaper that compares Characters misses it.
        "Eve \"'>\u{0600}<cairn-x data-pwned onclick=alert(1)>",
        #""'><b onclick=1>"#,
    ]

    /// The hostile text for a field: the preferred breakout if it fits, else the longest that does, tagged so that
    /// no two fields hold the same text.
    static func hostile(_ limit: Int, _ index: Int, tag: String) -> String {
        let order = [breakouts[index % 2], breakouts[(index + 1) % 2], breakouts[2], breakouts[3]]
        for candidate in order where candidate.count + tag.count + 1 <= limit {
            return candidate + " " + tag
        }
        return String(breakouts[3].prefix(limit))
    }

    static var texts: ScenarioTexts {
        var names: [PersonKey: String] = [:]
        for (index, key) in PersonKey.allCases.enumerated() { names[key] = hostile(120, index, tag: "n\(index)") }
        var content: [PlantedKind: String] = [:]
        for (index, kind) in PlantedKind.allCases.enumerated() {
            content[kind] = hostile(kind.limit, index, tag: "c\(index)")
        }
        var profile: [ProfileField: String] = [:]
        for (index, field) in ProfileField.allCases.enumerated() {
            profile[field] = hostile(field.limit, index, tag: "p\(index)")
        }
        return ScenarioTexts(
            names: names, content: content, profile: profile,
            videoLinks: [
                #"https://evil.example/"><cairn-x data-pwned="1" onclick="alert(1)">"#,
                #"https://evil.example/x'onmouseover='alert(1)'"#,
                "https://evil.example/plain",
            ],
            extras: true)
    }

    struct Violation: CustomStringConvertible {
        var viewer: String
        var method: String
        var path: String
        var status: UInt
        var problems: [String]

        var description: String { "\(viewer)  \(method) \(path)  \(status)  \(problems.joined(separator: "; "))" }
    }

    /// Who reads what: each sees the pages their relationships open (plus a visitor for the public ones).
    static let viewers: [PersonKey?] = [
        .admin, .programmeLead, .caseManager, .unitLead, .clinician, .secondClinician, .educator, .mentor, .mentee,
        .menteeSupervisor, .facilitator, .otherClinician, .newStarter, .inductionSupervisor, nil,
    ]

    @Test func everyPageKeepsItsStructureWhateverPeopleTyped() async throws {
        let began = ContinuousClock.now
        let clock = TestClock(GuardWorld.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let checker = MarkupChecker()
            let world = try await GuardWorld.build(app: app, clock: clock, texts: Self.texts) { method, path, page in
                checker.check(page, viewer: "setup", method: method, path: path)
            }
            let built = ContinuousClock.now
            let book = try await IDBook.load(app)
            let reflected = Self.breakouts[0].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            // Parameters that are text, not ids, also get the breakout itself.
            let extra: (String) -> [String] = { name in
                switch name {
                case "token", "step", "reference": [reflected]
                case "feed": [reflected + ".ics"]
                default: []
                }
            }
            let reads = RouteSweep.targets(app, book, extra: extra) { $0.method == .GET }
            let queries = [
                "/admin/people?q=\(reflected)", "/sign-in?next=\(reflected)", "/sign-in?notice=\(reflected)",
                "/admin/people/\(GuardWorld.path(world.people[.mentee]!.id))?notice=\(reflected)",
                "/induction?q=\(reflected)",
            ]
            var requests = 0
            for key in Self.viewers {
                let viewer = key.map { world.actor($0) } ?? world.visitor!
                for target in reads {
                    let page = try await viewer.send(.GET, target.path)
                    requests += 1
                    checker.check(page, viewer: viewer.label, method: "GET", path: target.path)
                }
                for path in queries {
                    checker.check(try await viewer.send(.GET, path), viewer: viewer.label, method: "GET", path: path)
                    requests += 1
                }
            }

            let finished = ContinuousClock.now
            func seconds(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant) -> String {
                let elapsed = to - from
                return String(
                    format: "%.1f s",
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            print(
                "HostileMarkup: video link accepted: \(world.acceptedVideoLink ?? "none"); scenario built in "
                    + "\(seconds(began, built)); \(requests) pages read by \(Self.viewers.count) people in "
                    + "\(seconds(built, finished)); \(checker.pages) HTML documents tokenized; "
                    + "\(checker.violations.count) broken")
            #expect(checker.pages > 500, "too few pages were checked for the guard to mean anything")
            let violations = checker.violations
            let count = violations.count
            // What breaks on (nearly) every page is the layout's doing: said once, then each page's own breakage.
            var counts: [String: Int] = [:]
            for violation in violations { for problem in violation.problems { counts[problem, default: 0] += 1 } }
            let everywhere = Set(counts.filter { $0.value * 10 >= checker.pages * 9 }.keys)
            let own = violations.compactMap { violation -> (String, String, String, [String])? in
                let problems = violation.problems.filter { !everywhere.contains($0) }
                return problems.isEmpty
                    ? nil : (violation.viewer, violation.method, "\(violation.path)  \(violation.status)", problems)
            }
            #expect(
                count == 0,
                """
                \(count) of \(checker.pages) HTML responses lost their structure.
                On (nearly) every page: \(everywhere.isEmpty ? "nothing" : everywhere.sorted().joined(separator: "; "))
                Beyond that, by page ([who ×responses] method, path with ids as {id}, status, what broke):
                \(own.isEmpty ? "nothing" : GuardReport.grouped(own))
                """)
        }
    }

    /// The checker must see what it is meant to see, or its silence proves nothing.
    @Test func theCheckerFindsEachKindOfBreakout() {
        /// The layout's document, with `head` added after the title and `body` in main.
        let layout = { (title: String, head: String, body: String) in
            """
            <!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"/><meta name="viewport" \
            content="width=device-width, initial-scale=1"/><title>\(title)</title>\(head)\
            <link rel="stylesheet" href="/css/cairn.css"/><link rel="icon" href="/favicon.svg" type="image/svg+xml"/>\
            </head><body><main id="main" tabindex="-1">\(body)</main></body></html>
            """
        }
        #expect(MarkupChecker.problems(layout("Eve &quot;&gt;&lt;b&gt;", "", "<p>Eve &lt;b&gt;</p>")) == [])
        #expect(
            MarkupChecker.problems(
                layout("A", "", #"<input value="x&quot;&gt;" data-x='a"b' title=x&gt;><textarea><p></textarea>"#)) == []
        )
        // Plot's `.title`: the text copied, unescaped, into a meta's content.
        let hostile = #"Eve "><meta http-equiv="refresh" content="0"><cairn-x data-pwned="1">'"#
        let broken = MarkupChecker.problems(
            layout("Eve &quot;&gt;", #"<meta name="twitter:title" content="\#(hostile)"/>"#, ""))
        #expect(broken.contains("in <head>: <meta name=twitter:title content>"))
        #expect(broken.contains("in <head>: <meta http-equiv=refresh content>"))
        #expect(broken.contains("in <head>: <cairn-x data-pwned>"))
        #expect(broken.contains("element <cairn-x>"))
        #expect(broken.contains("attribute data-pwned on <cairn-x>"))
        #expect(broken.contains("<meta http-equiv>"))
        #expect(broken.contains("text in <head>"))
        #expect(MarkupChecker.problems(layout("A", "<title>B</title>", "")).contains("in <head>: <title>"))
        let body = MarkupChecker.problems(
            layout(
                "T", "",
                #"<a href=" JaVa&#x53;cript:alert(1)">x</a><img src='//evil.example/x.png' onerror=alert(1)>"#
                    + #"<form action="data:text/html,x"></form><button formaction=vbscript:x>b</button><script>x</script>"#
                    + #"<p><meta http-equiv=refresh></p>"#
            ))
        #expect(body.contains("href=javascript:… on <a>"))
        #expect(body.contains("src=//… on <img>"))
        #expect(body.contains("action=data:… on <form>"))
        #expect(body.contains("formaction=vbscript:… on <button>"))
        #expect(body.contains("event handler onerror on <img>"))
        #expect(body.contains("element <script>"))
        // The layout's own script is not planted markup; a second one, or another source, is.
        let script = #"<script src="/js/session-timeout.js" defer="defer"></script>"#
        #expect(MarkupChecker.problems(layout("T", "", "<p>x</p>" + script)) == [])
        #expect(MarkupChecker.problems(layout("T", "", script + script)).contains("element <script>"))
        #expect(
            MarkupChecker.problems(layout("T", "", #"<script src="/js/evil.js" defer="defer"></script>"#))
                .contains("element <script>"))
        #expect(body.contains("<meta> outside <head>"))
        // An SVG chart's own <title> is not the document's.
        #expect(MarkupChecker.problems(layout("T", "", "<svg><title>Chart</title><rect/></svg>")) == [])
        // What only looks like markup inside a raw-text element, a comment or an attribute value is not markup.
        #expect(
            MarkupChecker.problems(
                layout(
                    "&lt;cairn-x&gt;", "",
                    #"<textarea><cairn-x onclick=x></textarea><!-- <cairn-x> --><p title='<cairn-x onclick=x>'>x</p>"#)
            ) == [])
    }
}

/// Tokenizes each HTML response and says what is wrong with its structure.
final class MarkupChecker: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var violations: [HostileMarkupTests.Violation] = []
    private(set) var pages = 0
    /// Identical bodies (the same 404 page, say) are tokenized once.
    private var known: [Int: [String]] = [:]

    func check(_ page: TestBrowser.Page, viewer: String, method: String, path: String) {
        guard page.headers.contentType == .html || page.body.hasPrefix("<!DOCTYPE") else { return }
        let problems: [String]
        if let seen = lock.withLock({ known[page.body.hashValue] }) {
            problems = seen
        } else {
            problems = Self.problems(page.body)
            lock.withLock { known[page.body.hashValue] = problems }
        }
        lock.withLock {
            pages += 1
            if !problems.isEmpty {
                violations.append(
                    .init(viewer: viewer, method: method, path: path, status: page.status.code, problems: problems))
            }
        }
    }

    /// The layout's own head (`PageLayout.head`): each element once, with exactly these attributes and values. Plot's
    /// `.title` would add twitter:title and og:title metas that copy the title into attributes unescaped; the layout
    /// must not have them.
    static let headElements: [(name: String, attributes: [String: String])] = [
        ("meta", ["charset": "utf-8"]),
        ("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
        ("title", [:]),
        ("link", ["rel": "stylesheet", "href": "/css/cairn.css"]),
        ("link", ["rel": "icon", "href": "/favicon.svg", "type": "image/svg+xml"]),
    ]

    /// The layout's own scripts (the time-out warning on signed-in pages, "Exit this page" on support pages, the
    /// table labels on every page): exactly these attributes, each once a page.
    static let layoutScripts: Set<String> = ["/js/session-timeout.js", "/js/exit-this-page.js", "/js/tables.js"]

    /// The layout has none of these (but its one script), so any one is planted.
    static let forbiddenElements: Set<String> = [
        "cairn-x", "script", "iframe", "object", "embed", "base", "frame", "frameset", "applet",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href", "srcset",
    ]

    static func problems(_ html: String) -> [String] {
        let document = HTMLTokenizer(html)
        var problems: [String] = []
        var heads = 0
        var inHead = false
        var used = Set<Int>()
        var previousWasTitle = false
        var foreign = 0
        var scripts: [String: Int] = [:]
        for token in document.tokens {
            defer {
                if case .start(let name, _, _) = token {
                    previousWasTitle = name == "title"
                } else {
                    previousWasTitle = false
                }
            }
            switch token {
            case .start(let name, let attributes, _):
                let names = attributes.map(\.name)
                if name == "head" {
                    heads += 1
                    inHead = true
                } else if name == "body" || name == "html" {
                    if name == "body" { inHead = false }
                } else if inHead {
                    let values = Dictionary(
                        attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                    let slot = headElements.indices.first { index in
                        let expected = headElements[index]
                        guard !used.contains(index), expected.name == name, names.count == expected.attributes.count,
                            Set(names) == Set(expected.attributes.keys)
                        else { return false }
                        return expected.attributes.allSatisfy { key, value in value == values[key]?.lowercased() }
                    }
                    if let slot {
                        used.insert(slot)
                    } else {
                        // Named by what identifies it: a meta's name, property or http-equiv, a link's rel.
                        let shown = names.map { name in
                            ["name", "property", "http-equiv", "rel"].contains(name)
                                ? "\(name)=\(values[name] ?? "")" : name
                        }
                        problems.append("in <head>: <\(([name] + shown).joined(separator: " "))>")
                    }
                } else if ["meta", "link"].contains(name) || (name == "title" && foreign == 0) {
                    problems.append("<\(name)> outside <head>")
                }
                if name == "svg" || name == "math", case .start(_, _, false) = token { foreign += 1 }
                let source = attributes.first { $0.name == "src" }?.value ?? ""
                let isLayoutScript =
                    name == "script" && layoutScripts.contains(source) && attributes.count == 2
                    && attributes.contains { $0.name == "defer" && $0.value == "defer" }
                if isLayoutScript { scripts[source, default: 0] += 1 }
                if forbiddenElements.contains(name), !isLayoutScript || scripts[source, default: 0] > 1 {
                    problems.append("element <\(name)>")
                }
                if name == "meta", names.contains("http-equiv") { problems.append("<meta http-equiv>") }
                for attribute in attributes {
                    if attribute.name == "data-pwned" { problems.append("attribute data-pwned on <\(name)>") }
                    if attribute.name.hasPrefix("on") {
                        problems.append("event handler \(attribute.name) on <\(name)>")
                    }
                    if urlAttributes.contains(attribute.name), let scheme = Self.dangerousStart(attribute.value) {
                        problems.append("\(attribute.name)=\(scheme)… on <\(name)>")
                    }
                }
            case .end(let name):
                if name == "head" { inHead = false }
                if (name == "svg" || name == "math") && foreign > 0 { foreign -= 1 }
            case .text(let text):
                if inHead, !previousWasTitle, !text.allSatisfy(\.isWhitespace) {
                    problems.append("text in <head>")
                }
            case .comment, .doctype:
                break
            }
        }
        if heads != 1 { problems.append("\(heads) <head> elements") }
        if !used.contains(2) { problems.append("no <title> in <head>") }
        var seen = Set<String>()
        return problems.filter { seen.insert($0).inserted }
    }

    /// How the URL starts, when it starts dangerously: after what a browser's URL parser ignores (leading and
    /// trailing spaces and controls, tabs and newlines anywhere), lower-cased.
    static func dangerousStart(_ value: String) -> String? {
        let kept = value.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let cleaned = String(String.UnicodeScalarView(kept))
            .trimmingCharacters(in: CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(32))).lowercased()
        for start in ["javascript:", "data:", "vbscript:", "//", "/\\", "\\/", "\\\\"] where cleaned.hasPrefix(start) {
            return start
        }
        return nil
    }
}

/// An HTML5-style tokenizer, enough to see a document's elements as a browser would: start and end tags with
/// attributes (double-quoted, single-quoted, unquoted and bare), comments, doctype, bogus comments, and the
/// raw-text and RCDATA elements whose content is text until their own end tag (script, style, title, textarea, …).
/// Character references in attribute values and RCDATA are decoded.
struct HTMLTokenizer {
    enum Token {
        case doctype
        case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
        case end(name: String)
        case comment
        case text(String)
    }

    private(set) var tokens: [Token] = []
    private let bytes: [UInt8]
    private var index = 0

    static let rawText: Set<String> = ["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"]
    static let escapableRawText: Set<String> = ["title", "textarea"]

    init(_ html: String) {
        bytes = Array(html.utf8)
        run()
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    private static func isSpace(_ byte: UInt8) -> Bool { [9, 10, 12, 13, 32].contains(byte) }
    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let bang = UInt8(ascii: "!"), question = UInt8(ascii: "?"), equals = UInt8(ascii: "=")
    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), dash = UInt8(ascii: "-")

    private func byte(at offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private func lowered(_ range: Range<Int>) -> String { string(range).lowercased() }

    private mutating func emitText(_ range: Range<Int>, decode: Bool = true) {
        guard !range.isEmpty else { return }
        let text = string(range)
        tokens.append(.text(decode ? Self.decode(text) : text))
    }

    private mutating func run() {
        var textStart = 0
        // Inside <svg> or <math> (foreign content) a <title> or <style> is an ordinary element.
        var foreign = 0
        while index < bytes.count {
            guard bytes[index] == Self.lt, let next = byte(at: index + 1) else {
                index += 1
                continue
            }
            if Self.isLetter(next) {
                emitText(textStart..<index)
                index += 1
                let name = startTag()
                if name == "svg" || name == "math", case .start(_, _, false)? = tokens.last { foreign += 1 }
                if foreign > 0 {
                    // No raw text in foreign content.
                } else if let name, Self.rawText.contains(name) || Self.escapableRawText.contains(name) {
                    let end = closingTag(name, from: index)
                    emitText(index..<end, decode: Self.escapableRawText.contains(name))
                    index = end
                } else if name == "plaintext" {
                    emitText(index..<bytes.count, decode: false)
                    index = bytes.count
                }
                textStart = index
            } else if next == Self.slash {
                emitText(textStart..<index)
                if let third = byte(at: index + 2), Self.isLetter(third) {
                    let start = index + 2
                    var end = start
                    while let byte = byte(at: end), !Self.isSpace(byte), byte != Self.slash, byte != Self.gt {
                        end += 1
                    }
                    let name = lowered(start..<end)
                    if (name == "svg" || name == "math") && foreign > 0 { foreign -= 1 }
                    tokens.append(.end(name: name))
                    index = skip(to: Self.gt, from: end)
                } else if byte(at: index + 2) == Self.gt {
                    index += 3
                } else {
                    tokens.append(.comment)
                    index = skip(to: Self.gt, from: index + 2)
                }
                textStart = index
            } else if next == Self.bang {
                emitText(textStart..<index)
                if byte(at: index + 2) == Self.dash, byte(at: index + 3) == Self.dash {
                    tokens.append(.comment)
                    index = comment(from: index + 4)
                } else if index + 9 <= bytes.count, lowered(index + 2..<index + 9) == "doctype" {
                    tokens.append(.doctype)
                    index = skip(to: Self.gt, from: index + 9)
                } else {
                    tokens.append(.comment)
                    index = skip(to: Self.gt, from: index + 2)
                }
                textStart = index
            } else if next == Self.question {
                emitText(textStart..<index)
                tokens.append(.comment)
                index = skip(to: Self.gt, from: index + 2)
                textStart = index
            } else {
                index += 1
            }
        }
        emitText(textStart..<bytes.count)
    }

    /// Past the next `>` from `offset` (or the end).
    private func skip(to target: UInt8, from offset: Int) -> Int {
        var position = offset
        while position < bytes.count, bytes[position] != target { position += 1 }
        return min(position + 1, bytes.count)
    }

    /// A comment ends at `-->` (and `<!-->`, `<!--->` are empty comments).
    private func comment(from offset: Int) -> Int {
        if byte(at: offset) == Self.gt { return offset + 1 }
        if byte(at: offset) == Self.dash, byte(at: offset + 1) == Self.gt { return offset + 2 }
        var position = offset
        while position + 2 < bytes.count {
            if bytes[position] == Self.dash, bytes[position + 1] == Self.dash, bytes[position + 2] == Self.gt {
                return position + 3
            }
            position += 1
        }
        return bytes.count
    }

    /// Where raw text ends: at `</name` followed by a space, `/` or `>`, in any case.
    private func closingTag(_ name: String, from offset: Int) -> Int {
        let wanted = Array(name.utf8)
        var position = offset
        while position + 1 < bytes.count {
            if bytes[position] == Self.lt, bytes[position + 1] == Self.slash,
                position + 2 + wanted.count <= bytes.count,
                zip(bytes[(position + 2)...].prefix(wanted.count), wanted).allSatisfy({ $0 | 0x20 == $1 })
            {
                let after = byte(at: position + 2 + wanted.count)
                if after == nil || Self.isSpace(after!) || after == Self.slash || after == Self.gt { return position }
            }
            position += 1
        }
        return bytes.count
    }

    /// Reads a start tag from just after `<`; returns its name once it is complete.
    private mutating func startTag() -> String? {
        let nameStart = index
        while let byte = byte(at: index), !Self.isSpace(byte), byte != Self.slash, byte != Self.gt { index += 1 }
        let name = lowered(nameStart..<index)
        var attributes: [(name: String, value: String)] = []
        var selfClosing = false
        while true {
            // Before an attribute name.
            while let byte = byte(at: index), Self.isSpace(byte) { index += 1 }
            guard let current = byte(at: index) else { return nil }
            if current == Self.gt {
                index += 1
                break
            }
            if current == Self.slash {
                index += 1
                if byte(at: index) == Self.gt {
                    selfClosing = true
                    index += 1
                    break
                }
                continue
            }
            // The attribute's name: its first character may be anything (even `=`).
            let attributeStart = index
            index += 1
            while let byte = byte(at: index), !Self.isSpace(byte), byte != Self.slash, byte != Self.gt,
                byte != Self.equals
            {
                index += 1
            }
            let attributeName = lowered(attributeStart..<index)
            while let byte = byte(at: index), Self.isSpace(byte) { index += 1 }
            guard byte(at: index) == Self.equals else {
                attributes.append((attributeName, ""))
                continue
            }
            index += 1
            while let byte = byte(at: index), Self.isSpace(byte) { index += 1 }
            guard let first = byte(at: index) else { return nil }
            if first == Self.quote || first == Self.apostrophe {
                let valueStart = index + 1
                var valueEnd = valueStart
                while let byte = byte(at: valueEnd), byte != first { valueEnd += 1 }
                guard valueEnd < bytes.count else { return nil }
                attributes.append((attributeName, Self.decode(string(valueStart..<valueEnd))))
                index = valueEnd + 1
            } else if first == Self.gt {
                attributes.append((attributeName, ""))
            } else {
                let valueStart = index
                while let byte = byte(at: index), !Self.isSpace(byte), byte != Self.gt { index += 1 }
                attributes.append((attributeName, Self.decode(string(valueStart..<index))))
            }
        }
        tokens.append(.start(name: name, attributes: attributes, selfClosing: selfClosing))
        return name
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "tab": "\t",
        "newline": "\n", "sol": "/", "bsol": "\\", "lpar": "(", "rpar": ")", "period": ".", "comma": ",",
        "semi": ";", "num": "#", "equals": "=", "excl": "!",
    ]

    /// Decodes numeric references and the named ones that matter here (`&amp;`, `&lt;`, `&colon;`, …).
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            rest = rest[rest.index(after: ampersand)...]
            if rest.first == "#" {
                var digits = rest.dropFirst()
                var radix = 10
                if digits.first == "x" || digits.first == "X" {
                    radix = 16
                    digits = digits.dropFirst()
                }
                let number = digits.prefix { $0.isHexDigit && (radix == 16 || $0.isNumber) }
                if !number.isEmpty, let value = UInt32(number, radix: radix), let scalar = Unicode.Scalar(value) {
                    result.unicodeScalars.append(scalar)
                    rest = digits.dropFirst(number.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    continue
                }
                result += "&"
                continue
            }
            let name = rest.prefix { $0.isLetter || $0.isNumber }
            if let value = named[name.lowercased()],
                rest.dropFirst(name.count).first == ";"
                    || ["amp", "lt", "gt", "quot"].contains(String(name))
            {
                result += value
                rest = rest.dropFirst(name.count)
                if rest.first == ";" { rest = rest.dropFirst() }
            } else {
                result += "&"
            }
        }
        return result + rest
    }
}
