/// Why an instance was refused, in words a programme administrator can act on.
///
/// `location` names the offending place: a JSON path such as `pairs[41].mentor`, or for malformed JSON a
/// position such as `line 3, column 7 (byte 120)`. `description` joins the two the way `cairn match`
/// prints them: `pairs[41].mentor: unknown mentor "m9"`.
public struct MatchingInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let location: String
    public let problem: String

    public init(location: String, problem: String) {
        self.location = location
        self.problem = problem
    }

    public var description: String { "\(location): \(problem)" }
}

/// Which solver runs over an instance.
public enum MatchingMode: String, Sendable, CaseIterable {
    /// Most mentees matched, then the highest total score (uses `pairs`).
    case optimal
    /// Mentee-optimal stable matching by deferred acceptance (uses `preferences`).
    case stable
}

/// Quotes an identifier for an error message, escaping what would make the message ambiguous.
func quotedIdentifier(_ id: String) -> String {
    var text = "\""
    for scalar in id.unicodeScalars {
        switch scalar {
        case "\"": text += "\\\""
        case "\\": text += "\\\\"
        case _ where scalar.value < 0x20: text += "\\u" + hex4(scalar.value)
        default: text.unicodeScalars.append(scalar)
        }
    }
    return text + "\""
}

private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
