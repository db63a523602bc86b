/// Writes results in the `cairn-matching-result/1` format:
///
/// ```json
/// {"format":"cairn-matching-result/1","mode":"optimal",
/// "assignments":[
/// {"mentee":"e1","mentor":"m1","score":37}
/// ],
/// "unmatched":["e2"],
/// "matched":1,
/// "total_score":37}
/// ```
///
/// Deterministic to the byte: assignments and unmatched mentees sorted by identifier (UTF-8 byte
/// order), one assignment a line so results diff well; `score` and `total_score` appear only when
/// the instance's `pairs` give them.
public enum MatchingResultWriter {
    public static let format = "cairn-matching-result/1"

    public static func json(_ result: MatchingResult, for problem: MatchingProblem) -> [UInt8] {
        var out = JSONBytes()
        out.bytes.reserveCapacity(64 + problem.menteeCount * 48)
        out.raw("{\"format\":")
        out.string(format)
        out.raw(",\"mode\":")
        out.string(result.mode.rawValue)
        out.raw(",\n\"assignments\":[")
        let order = problem.menteesInIdentifierOrder()
        var first = true
        for mentee in order where result.mentorOfMentee[mentee] >= 0 {
            out.raw(first ? "\n{\"mentee\":" : ",\n{\"mentee\":")
            first = false
            out.string(problem.menteeIDs[mentee])
            out.raw(",\"mentor\":")
            out.string(problem.mentorIDs[Int(result.mentorOfMentee[mentee])])
            if result.scoreOfMentee[mentee] >= 0 {
                out.raw(",\"score\":")
                out.integer(Int(result.scoreOfMentee[mentee]))
            }
            out.raw("}")
        }
        out.raw(first ? "],\n\"unmatched\":[" : "\n],\n\"unmatched\":[")
        first = true
        for mentee in order where result.mentorOfMentee[mentee] < 0 {
            if !first { out.raw(",") }
            first = false
            out.string(problem.menteeIDs[mentee])
        }
        out.raw("],\n\"matched\":")
        out.integer(result.matchedCount)
        if let total = result.totalScore {
            out.raw(",\n\"total_score\":")
            out.integer(total)
        }
        out.raw("}\n")
        return out.bytes
    }
}

/// A growing UTF-8 buffer with the few JSON pieces the writer needs.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string, escaping quotes, backslashes and control characters.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case ..<0x20:
                raw("\\u00")
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0xF))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var width = 1
        var scale: UInt = 10
        while width < 19, magnitude >= scale {
            width += 1
            scale *= 10
        }
        if magnitude >= scale { width += 1 }
        let end = bytes.count + width
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var index = end - 1
        while magnitude > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        }
    }

    private func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
