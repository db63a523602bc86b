import CairnCore
import Foundation
import Plot

/// Plot escapes text nodes but writes attribute values as they are (`name="\(value)"`), so a value a person
/// typed could close the quote and add an event handler. Every attribute that may carry user text goes
/// through these helpers, which escape it for a double-quoted attribute.
extension String {
    /// Escaped byte by byte over UTF-8: the five characters are ASCII, and no byte of a longer UTF-8 sequence is
    /// ASCII, so no joining character can hide one. Text with none of them (most of a page) is returned as it is.
    package var escapedForAttribute: String {
        var text = self
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x22 || $0 == 0x27 || $0 == 0x3C || $0 == 0x3E }) else {
                return self
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x26: result.append(contentsOf: "&amp;".utf8)
                case 0x22: result.append(contentsOf: "&quot;".utf8)
                case 0x27: result.append(contentsOf: "&#39;".utf8)
                case 0x3C: result.append(contentsOf: "&lt;".utf8)
                case 0x3E: result.append(contentsOf: "&gt;".utf8)
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}

extension Node where Context: HTMLContext {
    /// Text, escaped by Unicode scalar. This overload is more specialised than Plot's own `.text(_:)`, so every
    /// `.text(…)` in a view resolves here: Plot compares whole grapheme clusters with "<", so a character that
    /// joins the next one (U+0600 before "<") slipped through its escaping and a browser, reading code points, saw
    /// a tag. The test `aJoinedCharacterCannotOpenATag` fails if a view reaches Plot's version again.
    package static func text(_ text: String) -> Node {
        .raw(text.escapedForAttribute)
    }
}

extension Node {
    /// An attribute whose value is escaped: the only way views set attributes.
    package static func attr(_ name: String, _ value: String) -> Node {
        .attribute(Attribute(name: name, value: value.escapedForAttribute, ignoreIfValueIsEmpty: false))
    }

    /// A boolean attribute (`required`, `checked`), present or absent.
    package static func flag(_ name: String, _ present: Bool = true) -> Node {
        present ? .attribute(named: name) : .empty
    }
}

extension Attribute {
    /// An escaped attribute for self-closing elements (`input`), which take attributes rather than nodes.
    package static func attr(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, value: value.escapedForAttribute, ignoreIfValueIsEmpty: false)
    }

    package static func flag(_ name: String, _ present: Bool = true) -> Attribute {
        present ? Attribute(name: name, value: nil, ignoreIfValueIsEmpty: false) : .empty
    }
}

extension Node where Context == HTML.BodyContext {
    /// Any element by name: Plot's typed elements refuse some valid nestings (a `div` in a form, a `legend`).
    package static func el(_ name: String, _ nodes: Node<HTML.BodyContext>...) -> Node {
        .element(named: name, nodes: nodes)
    }

    /// A void element (`input`) with escaped attributes.
    package static func void(_ name: String, _ attributes: [Attribute<HTML.BodyContext>]) -> Node {
        .selfClosedElement(named: name, attributes: attributes)
    }
}

extension Node where Context == HTML.BodyContext {
    /// A chart drawn by `BarChart` (which escapes every text and attribute it writes); the only raw markup a view
    /// may embed, and only of that type.
    /// Drawn in a box that scrolls sideways on a narrow screen rather than shrinking its labels below a legible
    /// size (the stylesheet gives charts a minimum width; WCAG 1.4.10 allows two-dimensional content to scroll), and
    /// that takes keyboard focus so the scrolling works without a mouse.
    package static func chart(_ svg: SVGMarkup) -> Node {
        .div(.class("chart"), .attr("tabindex", "0"), .raw(svg.text))
    }

    /// Markdown someone wrote, as `SafeMarkdown` rebuilt it through its allow-list: the only other raw markup.
    package static func markdown(_ html: SafeMarkdown.HTML) -> Node {
        .raw(html.text)
    }

    /// A link to an address a person typed: only `https://` addresses (or `http://` ones) become links, anything
    /// else (`javascript:`, `data:`, `//host`) is shown as text and never followed.
    package static func safeLink(_ address: String, rel: String = "noopener noreferrer") -> Node {
        guard SafeURL.isWebAddress(address) else { return .text(address) }
        return .a(.attr("href", address), .attr("rel", rel), .text(address))
    }
}

/// What may stand in an `href` that came from a person rather than from `SiteURL`.
package enum SafeURL {
    package static func isWebAddress(_ address: String) -> Bool {
        guard !address.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }),
            let components = URLComponents(string: address),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
