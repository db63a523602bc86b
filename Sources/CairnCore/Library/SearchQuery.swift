public import Foundation

/// What someone typed in the library's search box, reduced to words: letters and digits only, lower-cased, two
/// characters or more, at most eight of them, each searched as a prefix ("mentor" finds "mentoring"). Nothing typed reaches a query language:
/// FTS5's and PostgreSQL's operators, quotes and brackets are dropped, so no input can fail to parse.
public struct SearchQuery: Sendable, Equatable {
    public let words: [String]

    public static let maximumWords = 8
    public static let maximumLength = 200

    public init(_ typed: String) {
        var words: [String] = []
        var current = ""
        for scalar in typed.prefix(Self.maximumLength).lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var seen = Set<String>()
        // One letter alone finds nothing worth reading and, as a prefix, every item: it is left out.
        self.words = Array(
            words.map { String($0.prefix(40)) }.filter { $0.count >= 2 && seen.insert($0).inserted }
                .prefix(Self.maximumWords))
    }

    public var isEmpty: Bool { words.isEmpty }

    /// For SQLite FTS5: each word quoted, as a prefix, all required (`"exam"* "stress"*`).
    public var fts5: String { words.map { "\"\($0)\"*" }.joined(separator: " ") }

    /// For PostgreSQL's `to_tsquery('english', …)`: each word as a prefix, all required (`exam:* & stress:*`).
    public var tsquery: String { words.map { "\($0):*" }.joined(separator: " & ") }
}

/// A snippet the database marked with `[[` and `]]` around the words found, as pieces to show: the text is escaped
/// where it is drawn, and only the pieces marked become `<mark>`.
public enum HighlightedSnippet {
    public struct Piece: Sendable, Equatable {
        public var text: String
        public var marked: Bool
    }

    public static let open = "\u{E000}"
    public static let close = "\u{E001}"

    public static func pieces(_ snippet: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(snippet)
        while let start = rest.range(of: open) {
            if start.lowerBound > rest.startIndex {
                pieces.append(Piece(text: String(rest[rest.startIndex..<start.lowerBound]), marked: false))
            }
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: close) else {
                pieces.append(Piece(text: String(rest), marked: true))
                return pieces
            }
            pieces.append(Piece(text: String(rest[rest.startIndex..<end.lowerBound]), marked: true))
            rest = rest[end.upperBound...]
        }
        if !rest.isEmpty {
            pieces.append(Piece(text: String(rest.replacingOccurrences(of: close, with: "")), marked: false))
        }
        return pieces.filter { !$0.text.isEmpty }
    }
}

extension SearchQuery {
    /// A snippet of `text` around the first place a word of the query is found (a word beginning with one of the
    /// query's words, or one the query's word begins with, as stemming would find it), with those words marked; the
    /// text's start when none is found. About `length` characters.
    public func snippet(of text: String, length: Int = 220) -> [HighlightedSnippet.Piece] {
        func matches(_ token: Substring) -> Bool {
            let lowered = token.lowercased()
            return words.contains { word in
                lowered.hasPrefix(word) || (word.hasPrefix(lowered) && lowered.count >= max(2, word.count - 2))
            }
        }
        // The first place a word starts with one of the query's words (Foundation's search, not a walk over every
        // character), then only that window is split into words to mark them.
        var first: String.Index?
        for word in words {
            var from = text.startIndex
            while let found = text.range(
                of: word, options: [.caseInsensitive, .diacriticInsensitive], range: from..<text.endIndex)
            {
                let atStart =
                    found.lowerBound == text.startIndex
                    || !(text[text.index(before: found.lowerBound)].isLetter
                        || text[text.index(before: found.lowerBound)].isNumber)
                if atStart {
                    if first == nil || found.lowerBound < first! { first = found.lowerBound }
                    break
                }
                from = found.upperBound
            }
        }
        var start = text.startIndex
        if let first {
            start = text.index(first, offsetBy: -min(60, text.distance(from: text.startIndex, to: first)))
            if start > text.startIndex, let space = text[start..<first].firstIndex(of: " ") {
                start = text.index(after: space)
            }
        }
        let end = text.index(start, offsetBy: length, limitedBy: text.endIndex) ?? text.endIndex
        let window = text[start..<end]
        var pieces: [HighlightedSnippet.Piece] = []
        var cursor = window.startIndex
        if start > text.startIndex { pieces.append(.init(text: "… ", marked: false)) }
        for range in Self.tokens(window) where matches(window[range]) {
            if cursor < range.lowerBound {
                pieces.append(.init(text: String(window[cursor..<range.lowerBound]), marked: false))
            }
            pieces.append(.init(text: String(window[range]), marked: true))
            cursor = range.upperBound
        }
        if cursor < window.endIndex { pieces.append(.init(text: String(window[cursor...]), marked: false)) }
        if end < text.endIndex { pieces.append(.init(text: " …", marked: false)) }
        return pieces
    }

    static func tokens(_ text: Substring) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let isWord = text[index].isLetter || text[index].isNumber
            if isWord, start == nil { start = index }
            if !isWord, let began = start {
                ranges.append(began..<index)
                start = nil
            }
            index = text.index(after: index)
        }
        if let began = start { ranges.append(began..<text.endIndex) }
        return ranges
    }
}
