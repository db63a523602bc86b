/// A forward-only reader over the bytes of one JSON document (RFC 8259), made for large instances.
///
/// Why hand-written: Foundation's `JSONDecoder` took 2–3 s and 2 GB for a 61 MB instance (PERF.md);
/// this reads the bytes in place, allocates only for strings that contain escapes, and reports a
/// malformed document with its line, column and byte offset.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    /// Deeper nesting than this is refused, so hostile input cannot exhaust the stack.
    static let maximumDepth = 128

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    // MARK: Errors

    /// A malformed-JSON error at `offset` (default: the current position).
    func malformed(_ what: String, at offset: Int? = nil) -> MatchingInputError {
        let offset = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let location = "line \(line), column \(offset - lineStart + 1) (byte \(offset))"
        return MatchingInputError(location: location, problem: "malformed JSON: \(what)")
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it; `nil` at the end of the document.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func expect(_ byte: UInt8, _ description: String) throws(MatchingInputError) {
        guard peek() == byte else { throw malformed("expected \(description)") }
        position += 1
    }

    /// After `[`: true when another element follows (its value is next), false after the closing `]`.
    mutating func arrayHasNext(first: Bool) throws(MatchingInputError) -> Bool {
        let next = peek()
        if next == UInt8(ascii: "]") {
            position += 1
            return false
        }
        if first { return true }
        guard next == UInt8(ascii: ",") else { throw malformed("expected \",\" or \"]\"") }
        position += 1
        return true
    }

    /// After `{`: true when another member follows (its key string is next), false after the closing `}`.
    mutating func objectHasNext(first: Bool) throws(MatchingInputError) -> Bool {
        let next = peek()
        if next == UInt8(ascii: "}") {
            position += 1
            return false
        }
        if !first {
            guard next == UInt8(ascii: ",") else { throw malformed("expected \",\" or \"}\"") }
            position += 1
        }
        guard peek() == UInt8(ascii: "\"") else { throw malformed("expected a string key") }
        return true
    }

    /// Refuses anything but whitespace after the document's value.
    mutating func expectEnd() throws(MatchingInputError) {
        if peek() != nil { throw malformed("unexpected data after the end of the document") }
    }

    // MARK: Values

    /// Skips one value of any type, checking that it is well formed.
    mutating func skipValue(depth: Int = 0) throws(MatchingInputError) {
        guard depth < Self.maximumDepth else { throw malformed("nesting deeper than \(Self.maximumDepth)") }
        switch peek() {
        case UInt8(ascii: "{"):
            position += 1
            var first = true
            while try objectHasNext(first: first) {
                first = false
                try withString { _ in }
                try expect(UInt8(ascii: ":"), "\":\" after an object key")
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            position += 1
            var first = true
            while try arrayHasNext(first: first) {
                first = false
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""): try withString { _ in }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: _ = try readNumber()
        case nil: throw malformed("unexpected end of the document")
        default: throw malformed("expected a value")
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(MatchingInputError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw malformed("expected a value") }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
            throw malformed("expected a value")
        }
        position += count
    }
}
