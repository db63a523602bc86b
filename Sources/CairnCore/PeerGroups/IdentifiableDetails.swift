/// Finds what must not be written in a peer group's meeting record or a reflection: details that could identify a
/// patient. It looks for NHS numbers (ten digits, spaced or not, whose check digit is right) and dates of birth
/// (a date written near "DOB" or "born", or any full date before 2010 written as day/month/year).
///
/// It cannot catch a name or a rare story; the form says so beside the box. What it catches it names, so the writer
/// can take it out.
public enum IdentifiableDetails {
    public enum Finding: Equatable, Sendable {
        case nhsNumber
        case dateOfBirth

        public var explanation: String {
            switch self {
            case .nhsNumber:
                "It contains what looks like an NHS number. Take it out: the record must not identify a patient"
            case .dateOfBirth:
                "It contains what looks like a date of birth. Take it out: the record must not identify a patient"
            }
        }
    }

    public static func findings(in text: String) -> [Finding] {
        var found: [Finding] = []
        if containsNHSNumber(text) { found.append(.nhsNumber) }
        if containsDateOfBirth(text) { found.append(.dateOfBirth) }
        return found
    }

    /// Exactly ten digits in a row (single spaces or hyphens allowed between groups) with a valid modulus-11 check
    /// digit.
    static func containsNHSNumber(_ text: String) -> Bool {
        var digits: [Int] = []
        var gap = 0
        // A run of exactly ten digits: a longer one (a phone number with its area code) is something else.
        func check() -> Bool { digits.count == 10 && isValidNHSNumber(digits) }
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(digit)
                gap = 0
            } else if (character == " " || character == "-") && !digits.isEmpty && gap == 0 {
                gap += 1
            } else {
                if check() { return true }
                digits = []
                gap = 0
            }
        }
        return check()
    }

    static func isValidNHSNumber(_ digits: [Int]) -> Bool {
        guard digits.count == 10 else { return false }
        let sum = (0..<9).reduce(0) { $0 + digits[$1] * (10 - $1) }
        let remainder = 11 - sum % 11
        let check = remainder == 11 ? 0 : remainder
        return check != 10 && check == digits[9]
    }

    /// A day/month/year date (`/`, `.` or `-`) next to "DOB", "D.O.B", "born" or "date of birth", or any such date
    /// with a year before 2010 (a patient's birth more likely than a meeting's date).
    static func containsDateOfBirth(_ text: String) -> Bool {
        let lower = text.lowercased()
        let dates = datesWritten(in: lower)
        if dates.contains(where: { $0.year < 2010 && $0.year > 1890 }) { return true }
        let markers = ["dob", "d.o.b", "date of birth", "born"]
        return !dates.isEmpty && markers.contains { lower.contains($0) }
    }

    private static func datesWritten(in text: String) -> [(day: Int, month: Int, year: Int)] {
        var result: [(Int, Int, Int)] = []
        let tokens = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "(" || $0 == ")" })
        for token in tokens {
            let parts = token.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" })
            guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), var year = Int(parts[2]),
                (1...31).contains(day), (1...12).contains(month)
            else { continue }
            if parts[2].count == 2 { year += year > 30 ? 1900 : 2000 }
            result.append((day, month, year))
        }
        return result
    }
}
