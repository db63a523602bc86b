import Foundation
import Testing

@testable import CairnCore

/// Markdown written by staff reaches pages only through `SafeMarkdown`'s allow-list: no payload from the usual XSS
/// lists survives as markup, and ordinary writing renders as expected.
@Suite("Safe Markdown")
struct SafeMarkdownTests {
    /// Whatever is written, the output holds no tag outside the allow-list, no attribute but href/rel/start, no
    /// script-bearing address, and no `<` that does not open an allowed tag.
    static func problems(in html: String) -> [String] {
        // Read by UTF-16 offsets (as a browser reads code points), not by Swift Characters, which may join a "<"
        // to the character before it.
        var problems: [String] = []
        let tag = try! NSRegularExpression(pattern: #"<(/?)([A-Za-z0-9]+)([^>]*)>"#)
        let text = html as NSString
        let stripped = NSMutableString(string: html)
        for match in tag.matches(in: html, range: NSRange(location: 0, length: text.length)).reversed() {
            let name = text.substring(with: match.range(at: 2)).lowercased()
            let attributes = text.substring(with: match.range(at: 3))
            if !SafeMarkdown.allowedTags.contains(name) { problems.append("tag \(name)") }
            let names = try! NSRegularExpression(pattern: #"\s([A-Za-z-]+)="#)
            let attributeText = attributes as NSString
            for attribute in names.matches(in: attributes, range: NSRange(location: 0, length: attributeText.length)) {
                let key = attributeText.substring(with: attribute.range(at: 1)).lowercased()
                if !["href", "rel", "start"].contains(key) { problems.append("attribute \(key)") }
            }
            let lowered = attributes.lowercased()
            for bad in ["javascript:", "data:", "vbscript:", "&#", "\\"] where lowered.contains(bad) {
                problems.append("address with \(bad)")
            }
            if attributes.unicodeScalars.filter({ $0 == "\"" }).count % 2 != 0 {
                problems.append("an unbalanced quote")
            }
            stripped.replaceCharacters(in: match.range, with: "")
        }
        if (stripped as String).unicodeScalars.contains("<") { problems.append("a bare <") }
        return problems
    }

    static let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](\" onmouseover=\"alert(1))",
        "[x](https://example.org/\"><script>alert(1)</script>)",
        "[x](//evil.example/)",
        "![x](https://evil.example/pixel.png)",
        "![<img src=x onerror=alert(1)>](x)",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<style>body{display:none}</style>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<!-- <script>alert(1)</script> -->",
        "<details open ontoggle=alert(1)>",
        "</p></div></main><script>alert(1)</script>",
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "> <script>alert(1)</script>",
        "- <b onclick=alert(1)>x</b>",
        "<a href=https://ok.example onclick=alert(1)>x</a>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</script>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<form action=javascript:alert(1)><input type=submit>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "[x](https://example.org/%22%3E%3Cscript%3E)",
        "<a href='https://ok.example' style='x'>y</a>",
        "| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:z) |",
        // A joining character before "<" or "\"" makes one grapheme cluster with it (found by review).
        "\u{0600}<img src=x onerror=alert(1)//",
        "<a href='#\u{0600}\"/onmouseover=alert(1)//'>x</a>",
        "[x](#\u{0600}\"onmouseover=alert(1))",
        "x \u{0600}</p><cairn-x>",
    ]

    @Test(arguments: payloads) func noPayloadSurvivesAsMarkup(_ payload: String) {
        let html = SafeMarkdown.render(payload).text
        #expect(Self.problems(in: html) == [], "\(payload) → \(html)")
        #expect(!html.lowercased().contains("<script"), "\(payload) → \(html)")
        #expect(!html.lowercased().contains("<img"), "\(payload) → \(html)")
    }

    @Test func theCheckerItselfCatchesWhatItLooksFor() {
        #expect(Self.problems(in: "<script>x</script>") == ["tag script", "tag script"])
        #expect(Self.problems(in: "<a href=\"javascript:x\">y</a>") == ["address with javascript:"])
        #expect(Self.problems(in: "<p onclick=\"x\">y</p>") == ["attribute onclick"])
        #expect(Self.problems(in: "a < b") == ["a bare <"])
    }

    @Test func ordinaryWritingRenders() {
        let html = SafeMarkdown.render(
            """
            ## Who it is for

            **Doctors** returning to practice, and *anyone* curious. See [the guide](https://www.gmc-uk.org/guide)
            or [our page](/events), or email [us](mailto:psu@example.nhs.uk).

            - Bring a case
            - 1 < 2 & 3 > 2
            """
        ).text
        #expect(html.contains("<h2>Who it is for</h2>"))
        #expect(html.contains("<strong>Doctors</strong>"))
        #expect(html.contains("<em>anyone</em>"))
        #expect(html.contains("<a href=\"https://www.gmc-uk.org/guide\" rel=\"noopener noreferrer\">the guide</a>"))
        #expect(html.contains("<a href=\"/events\">our page</a>"))
        #expect(html.contains("<a href=\"mailto:psu@example.nhs.uk\""))
        #expect(html.contains("<li>Bring a case</li>"))
        #expect(html.contains("1 &lt; 2 &amp; 3 &gt; 2"))
        #expect(Self.problems(in: html) == [])
    }

    @Test func rawMarkupIsShownAsTheTextItWas() {
        let html = SafeMarkdown.render("Press <kbd>Enter</kbd> then <b>go</b>").text
        #expect(html.contains("&lt;kbd&gt;Enter&lt;/kbd&gt;"))
        #expect(!html.contains("<kbd>"))
    }

    @Test func strayClosingTagsCannotCloseThePagesElements() {
        let html = SafeMarkdown.render("text</td></table></li></ul> more").text
        #expect(!html.contains("</table>"))
        #expect(!html.contains("</ul>"))
    }

    @Test func plainTextDropsTheMarkup() {
        #expect(SafeMarkdown.plainText("## Title\n\nSome **bold** [link](https://x.example)") == "Title Some bold link")
    }
}
