/// A JSON number as the matching format needs it: whole numbers exactly, anything else as its text
/// (so the message can quote what was written).
enum JSONNumber: Equatable {
    case whole(Int64)
    case notWhole(String)
    case tooLarge(String)
}

extension JSONScanner {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// Reads a string and hands its (unescaped, UTF-8) bytes to `body`.
    ///
    /// Strings without escapes, the usual case, are passed in place without copying.
    mutating func withString<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) throws(MatchingInputError) -> R {
        guard peek() == Self.quote else { throw malformed("expected a string") }
        let start = position + 1
        var index = start
        var nonASCII = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.quote {
                position = index + 1
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if nonASCII, let bad = firstInvalidUTF8(raw) { throw malformed("invalid UTF-8", at: start + bad) }
                return body(raw)
            }
            if byte == Self.backslash { return try withEscapedString(from: start, body) }
            if byte < 0x20 { throw malformed("control character in a string", at: index) }
            if byte >= 0x80 { nonASCII = true }
            index += 1
        }
        throw malformed("unterminated string", at: start - 1)
    }

    /// The slow path of `withString`: decodes escapes into a fresh buffer.
    private mutating func withEscapedString<R>(
        from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(MatchingInputError) -> R {
        var decoded: [UInt8] = []
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.quote {
                position = index + 1
                if let bad = firstInvalidUTF8(decoded) { throw malformed("invalid UTF-8", at: start + bad) }
                return decoded.withUnsafeBufferPointer(body)
            }
            if byte < 0x20 { throw malformed("control character in a string", at: index) }
            if byte != Self.backslash {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { break }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(bytes[index + 1])
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                index = try appendUnicodeEscape(at: index, to: &decoded)
                continue
            default: throw malformed("invalid escape in a string", at: index)
            }
            index += 2
        }
        throw malformed("unterminated string", at: start - 1)
    }

    /// Decodes `\uXXXX` (and a following low surrogate) at `index`; returns the index after it.
    private func appendUnicodeEscape(at index: Int, to decoded: inout [UInt8]) throws(MatchingInputError) -> Int {
        guard let high = hexQuad(at: index + 2) else { throw malformed("invalid \\u escape", at: index) }
        var scalarValue = high
        var next = index + 6
        if (0xD800..<0xDC00).contains(high) {
            guard next + 1 < bytes.count, bytes[next] == Self.backslash, bytes[next + 1] == UInt8(ascii: "u"),
                let low = hexQuad(at: next + 2), (0xDC00..<0xE000).contains(low)
            else { throw malformed("unpaired surrogate in a \\u escape", at: index) }
            scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw malformed("unpaired surrogate in a \\u escape", at: index)
        }
        decoded.append(contentsOf: UTF8.encode(scalar)!)
        return next
    }

    private func hexQuad(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Reads a number (RFC 8259 grammar). Whole numbers come back exactly; others as their text.
    mutating func readNumber() throws(MatchingInputError) -> JSONNumber {
        skipWhitespace()
        let start = position
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let digitsStart = position
        var magnitude: Int64 = 0
        var overflow = false
        while position < bytes.count, let digit = decimalDigit(bytes[position]) {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            overflow = overflow || o1 || o2
            magnitude = sum
            position += 1
        }
        let digitCount = position - digitsStart
        guard digitCount > 0 else { throw malformed("expected a digit", at: position) }
        if digitCount > 1, bytes[digitsStart] == UInt8(ascii: "0") { throw malformed("leading zero", at: digitsStart) }
        let whole = try skipFractionAndExponent()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if !whole { return .notWhole(text) }
        if overflow { return .tooLarge(text) }
        return .whole(negative ? -magnitude : magnitude)
    }

    /// Consumes an optional fraction and exponent; true when there was neither.
    private mutating func skipFractionAndExponent() throws(MatchingInputError) -> Bool {
        var whole = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            whole = false
            position += 1
            try skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            whole = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try skipDigits()
        }
        return whole
    }

    private mutating func skipDigits() throws(MatchingInputError) {
        let start = position
        while position < bytes.count, decimalDigit(bytes[position]) != nil { position += 1 }
        if position == start { throw malformed("expected a digit", at: position) }
    }

    @inline(__always)
    private func decimalDigit(_ byte: UInt8) -> UInt8? {
        let digit = byte &- UInt8(ascii: "0")
        return digit < 10 ? digit : nil
    }
}

/// The offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values past
/// U+10FFFF included), or `nil` when all is well.
func firstInvalidUTF8<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Int?
where Bytes.Element == UInt8, Bytes.Index == Int {
    var index = bytes.startIndex
    while index < bytes.endIndex {
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            highest = 0x9F
        case 0xF0:
            length = 4
            lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            highest = 0x8F
        default: return index - bytes.startIndex
        }
        guard index + length <= bytes.endIndex else { return index - bytes.startIndex }
        let second = bytes[index + 1]
        guard second >= lowest, second <= highest else { return index - bytes.startIndex }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
            return index - bytes.startIndex
        }
        index += length
    }
    return nil
}
