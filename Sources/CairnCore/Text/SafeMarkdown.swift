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

    /// Escaped by Unicode scalar, never by Character: a character that joins the next (U+0600 before "<") makes one
    /// grapheme cluster that is not equal to "<", though a browser sees the "<".
    static func escapeText(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private struct Tag {
        var name: String
        var closing: Bool
        var attributes: [String: String]
        var end: Int
    }

    /// Rebuilds `html`: allowed tags written anew, everything else escaped as text. Read scalar by scalar (never by
    /// Character: a joining character before "<" would hide it inside one grapheme cluster).
    static func sanitise(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var open: [String] = []
        var index = 0
        var written = ""
        func flush() {
            written.unicodeScalars.append(contentsOf: output)
            output = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if let tag = parseTag(scalars, at: index), allowedTags.contains(tag.name) {
                    flush()
                    write(tag, into: &written, open: &open)
                    index = tag.end
                } else {
                    output.append(contentsOf: "&lt;".unicodeScalars)
                    index += 1
                }
                continue
            }
            if scalar == "&" {
                if let entityEnd = entity(scalars, at: index) {
                    output.append(contentsOf: scalars[index..<entityEnd])
                    index = entityEnd
                } else {
                    output.append(contentsOf: "&amp;".unicodeScalars)
                    index += 1
                }
                continue
            }
            if scalar == ">" {
                output.append(contentsOf: "&gt;".unicodeScalars)
            } else if scalar == "\"" {
                output.append(contentsOf: "&quot;".unicodeScalars)
            } else {
                output.append(scalar)
            }
            index += 1
        }
        flush()
        while let name = open.popLast() { written += "</\(name)>" }
        return written
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
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let end = entity(scalars, at: index) {
                let body = String(String.UnicodeScalarView(scalars[(index + 1)..<(end - 1)]))
                if body.hasPrefix("#x") || body.hasPrefix("#X"), let value = UInt32(body.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    output.append(scalar)
                } else if body.hasPrefix("#"), let value = UInt32(body.dropFirst()), let scalar = Unicode.Scalar(value)
                {
                    output.append(scalar)
                } else {
                    switch body {
                    case "amp": output.append("&")
                    case "lt": output.append("<")
                    case "gt": output.append(">")
                    case "quot": output.append("\"")
                    case "colon": output.append(":")
                    default: output.append("?")
                    }
                }
                index = end
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
    }

    /// The end of a character reference starting at `index` (`&amp;`, `&#39;`, `&#x27;`), or nil.
    private static func entity(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        var cursor = index + 1
        var body = String.UnicodeScalarView()
        while cursor < scalars.count, body.count <= 10 {
            let scalar = scalars[cursor]
            if scalar == ";" {
                let text = String(body)
                let valid =
                    (text.hasPrefix("#x") || text.hasPrefix("#X"))
                    ? text.count > 2 && text.dropFirst(2).allSatisfy(\.isHexDigit)
                    : text.hasPrefix("#")
                        ? text.count > 1 && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
                        : !text.isEmpty
                            && body.allSatisfy { $0.isASCII && isASCIIAlphanumeric($0) && !("0"..."9").contains($0) }
                return valid ? cursor + 1 : nil
            }
            body.append(scalar)
            cursor += 1
        }
        return nil
    }

    /// A tag at `start` (`<name attr="value">`, `</name>`), its attributes read with quotes honoured; nil when the
    /// text there is not a whole tag (then it is shown as text).
    private static func parseTag(_ scalars: [Unicode.Scalar], at start: Int) -> Tag? {
        var index = start + 1
        var closing = false
        if index < scalars.count, scalars[index] == "/" {
            closing = true
            index += 1
        }
        var name = String.UnicodeScalarView()
        while index < scalars.count, isASCIIAlphanumeric(scalars[index]) {
            name.append(scalars[index])
            index += 1
        }
        guard let first = name.first, !("0"..."9").contains(first) else { return nil }
        var attributes: [String: String] = [:]
        let separators: Set<Unicode.Scalar> = ["=", ">", "/", "\"", "'"]
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" {
                return Tag(
                    name: String(name).lowercased(), closing: closing, attributes: attributes, end: index + 1)
            }
            if scalar.properties.isWhitespace || scalar == "/" {
                index += 1
                continue
            }
            var key = String.UnicodeScalarView()
            while index < scalars.count, !scalars[index].properties.isWhitespace, !separators.contains(scalars[index]) {
                key.append(scalars[index])
                index += 1
            }
            guard !key.isEmpty else { return nil }
            var value = String.UnicodeScalarView()
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                guard index < scalars.count else { return nil }
                let quote = scalars[index]
                if quote == "\"" || quote == "'" {
                    index += 1
                    while index < scalars.count, scalars[index] != quote {
                        value.append(scalars[index])
                        index += 1
                    }
                    guard index < scalars.count else { return nil }
                    index += 1
                } else {
                    while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != ">" {
                        value.append(scalars[index])
                        index += 1
                    }
                }
            }
            let lowered = String(key).lowercased()
            if attributes[lowered] == nil { attributes[lowered] = String(value) }
        }
        return nil
    }
}
