import Foundation
import Ink

/// Markdown written by staff (an event's description, a library article), rendered by Ink and then rebuilt through
/// an allow-list, so nothing a writer types can become script, style or a foreign element on a page.
///
/// Ink passes raw HTML through and writes link addresses unescaped, so its output is not trusted: every tag is parsed
/// again, kept only if it is one of `allowedTags`, and written anew with only `href` (on links, and only to a web,
/// mail or local address) among its attributes; any other markup is shown as the text it was. Closing tags are
/// matched against what is open, so stray ones cannot close the page's own elements, and everything left open is
/// closed at the end. Images are shown as their words (a picture from another site would tell it who reads).
public enum SafeMarkdown {
    /// Markup that came out of `render(_:)`: the only HTML a page embeds from someone's words.
    public struct HTML: Sendable, Equatable {
        public let text: String
        fileprivate init(_ text: String) { self.text = text }
    }

    public static let allowedTags: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "hr",
        "br", "a", "table", "thead", "tbody", "tr", "th", "td", "del", "s",
    ]
    private static let voidTags: Set<String> = ["hr", "br"]

    /// The longest text accepted for rendering (a long guide is about 60,000 characters).
    public static let maximumLength = 100_000

    public static func render(_ markdown: String) -> HTML {
        let parser = MarkdownParser(modifiers: [
            Modifier(target: .images) { input in
                // `![words](address)` shows the words.
                let text = input.markdown.dropFirst(2).prefix { $0 != "]" }
                return escapeText(String(text))
            }
        ])
        return HTML(sanitise(parser.html(from: String(markdown.prefix(maximumLength)))))
    }

    /// The words of the Markdown without markup, for search snippets and summaries.
    public static func plainText(_ markdown: String) -> String {
        var output = ""
        var inTag = false
        for character in render(markdown).text {
            if character == "<" {
                inTag = true
                output.append(" ")
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                output.append(character)
            }
        }
        let decoded = output.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: The allow-list

    static func escapeText(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }

    private struct Tag {
        var name: String
        var closing: Bool
        var attributes: [String: String]
        var end: String.Index
    }

    /// Rebuilds `html`: allowed tags written anew, everything else escaped as text.
    static func sanitise(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 8)
        var open: [String] = []
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                if let tag = parseTag(html, at: index), allowedTags.contains(tag.name) {
                    write(tag, into: &output, open: &open)
                    index = tag.end
                } else {
                    output += "&lt;"
                    index = html.index(after: index)
                }
                continue
            }
            if character == "&" {
                let entityEnd = entity(html, at: index)
                if let entityEnd {
                    output += html[index..<entityEnd]
                    index = entityEnd
                } else {
                    output += "&amp;"
                    index = html.index(after: index)
                }
                continue
            }
            if character == ">" {
                output += "&gt;"
            } else {
                output.append(character)
            }
            index = html.index(after: index)
        }
        while let name = open.popLast() { output += "</\(name)>" }
        return output
    }

    private static func write(_ tag: Tag, into output: inout String, open: inout [String]) {
        if tag.closing {
            // Only what is open may be closed; closing an outer element closes what it holds.
            guard let position = open.lastIndex(of: tag.name) else { return }
            while open.count > position { output += "</\(open.removeLast())>" }
            return
        }
        var text = "<" + tag.name
        if tag.name == "a" {
            if let href = tag.attributes["href"], let safe = safeAddress(href) {
                text += " href=\"\(escapeText(safe))\""
                if !safe.hasPrefix("/") && !safe.hasPrefix("#") { text += " rel=\"noopener noreferrer\"" }
            }
        }
        if tag.name == "ol", let start = tag.attributes["start"], let number = Int(start),
            (0...100_000).contains(number)
        {
            text += " start=\"\(number)\""
        }
        text += ">"
        output += text
        if !voidTags.contains(tag.name) { open.append(tag.name) }
    }

    /// A link's address, if it is a web or mail address or a path on this site (never `javascript:`, `data:`, a
    /// network path or anything hiding one behind an escape or a control character).
    public static func safeAddress(_ raw: String) -> String? {
        let decoded = decodeEntities(raw)
        guard !decoded.isEmpty, decoded.count <= 2_000,
            !decoded.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" })
        else { return nil }
        let lowered = decoded.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            guard let components = URLComponents(string: decoded), let host = components.host, !host.isEmpty else {
                return nil
            }
            return decoded
        }
        if lowered.hasPrefix("mailto:"), decoded.count > 7 { return decoded }
        if lowered.hasPrefix("#") { return decoded }
        if lowered.hasPrefix("/"), !lowered.hasPrefix("//") { return decoded }
        return nil
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let end = entity(text, at: index) {
                let body = text[text.index(after: index)..<text.index(before: end)]
                if body.hasPrefix("#x") || body.hasPrefix("#X"), let value = UInt32(body.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    output.unicodeScalars.append(scalar)
                } else if body.hasPrefix("#"), let value = UInt32(body.dropFirst()), let scalar = Unicode.Scalar(value)
                {
                    output.unicodeScalars.append(scalar)
                } else {
                    switch body {
                    case "amp": output += "&"
                    case "lt": output += "<"
                    case "gt": output += ">"
                    case "quot": output += "\""
                    case "colon": output += ":"
                    default: output += "?"
                    }
                }
                index = end
            } else {
                output.append(text[index])
                index = text.index(after: index)
            }
        }
        return output
    }

    /// The end of a character reference starting at `index` (`&amp;`, `&#39;`, `&#x27;`), or nil.
    private static func entity(_ text: String, at index: String.Index) -> String.Index? {
        var cursor = text.index(after: index)
        var body = ""
        while cursor < text.endIndex, body.count <= 10 {
            let character = text[cursor]
            if character == ";" {
                let valid =
                    (body.hasPrefix("#x") || body.hasPrefix("#X"))
                    ? body.count > 2 && body.dropFirst(2).allSatisfy(\.isHexDigit)
                    : body.hasPrefix("#")
                        ? body.count > 1 && body.dropFirst().allSatisfy(\.isNumber)
                        : !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isLetter }
                return valid ? text.index(after: cursor) : nil
            }
            body.append(character)
            cursor = text.index(after: cursor)
        }
        return nil
    }

    /// A tag at `index` (`<name attr="value">`, `</name>`), its attributes read with quotes honoured; nil when the
    /// text there is not a whole tag (then it is shown as text).
    private static func parseTag(_ html: String, at start: String.Index) -> Tag? {
        var index = html.index(after: start)
        var closing = false
        if index < html.endIndex, html[index] == "/" {
            closing = true
            index = html.index(after: index)
        }
        var name = ""
        while index < html.endIndex, html[index].isASCII, html[index].isLetter || html[index].isNumber {
            name.append(html[index])
            index = html.index(after: index)
        }
        guard !name.isEmpty, name.first!.isLetter else { return nil }
        var attributes: [String: String] = [:]
        while index < html.endIndex {
            let character = html[index]
            if character == ">" {
                return Tag(
                    name: name.lowercased(), closing: closing, attributes: attributes, end: html.index(after: index))
            }
            if character.isWhitespace || character == "/" {
                index = html.index(after: index)
                continue
            }
            var key = ""
            while index < html.endIndex, !html[index].isWhitespace, !"=>/\"'".contains(html[index]) {
                key.append(html[index])
                index = html.index(after: index)
            }
            guard !key.isEmpty else { return nil }
            var value = ""
            if index < html.endIndex, html[index] == "=" {
                index = html.index(after: index)
                guard index < html.endIndex else { return nil }
                let quote = html[index]
                if quote == "\"" || quote == "'" {
                    index = html.index(after: index)
                    while index < html.endIndex, html[index] != quote {
                        value.append(html[index])
                        index = html.index(after: index)
                    }
                    guard index < html.endIndex else { return nil }
                    index = html.index(after: index)
                } else {
                    while index < html.endIndex, !html[index].isWhitespace, html[index] != ">" {
                        value.append(html[index])
                        index = html.index(after: index)
                    }
                }
            }
            let lowered = key.lowercased()
            if attributes[lowered] == nil { attributes[lowered] = value }
        }
        return nil
    }
}
