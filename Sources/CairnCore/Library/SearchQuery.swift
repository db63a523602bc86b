public import Foundation

/// What someone typed in the library's search box, reduced to words: letters and digits only, lower-cased, at most
/// eight of them, each searched as a prefix ("mentor" finds "mentoring"). Nothing typed reaches a query language:
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
        self.words = Array(
            words.map { String($0.prefix(40)) }.filter { seen.insert($0).inserted }
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
