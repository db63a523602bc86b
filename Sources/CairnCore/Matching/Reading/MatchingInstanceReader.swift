/// Reads instances in the `cairn-matching/1` format (see issue #5):
///
/// ```json
/// {"format": "cairn-matching/1",
///  "mentees": [{"id": "e1"}], "mentors": [{"id": "m1", "capacity": 2}],
///  "pairs": [{"mentee": "e1", "mentor": "m1", "score": 37}],
///  "preferences": {"mentees": {"e1": ["m1"]}, "mentors": {"m1": ["e1"]}}}
/// ```
///
/// Validation is complete and all-or-nothing: the first problem found is thrown, named by its JSON
/// path (`pairs[41].mentor: unknown mentor "m9"`) or, for malformed JSON, by line, column and byte.
/// Members may come in any order; `pairs` and `preferences` seen before the people they name are
/// skipped (checked for well-formedness) and read once the people are known.
public enum MatchingInstanceReader {
    public static let format = "cairn-matching/1"

    /// Larger inputs are refused: positions and counts are kept as `Int32` to halve memory.
    public static let maximumInputSize = Int(Int32.max)

    public static func read(_ input: [UInt8]) throws(MatchingInputError) -> MatchingProblem {
        guard input.count < maximumInputSize else {
            throw MatchingInputError(location: "input", problem: "larger than 2 GiB")
        }
        let outcome: Result<MatchingProblem, MatchingInputError> = input.withUnsafeBufferPointer { buffer in
            var parse = InstanceParse(scanner: JSONScanner(buffer))
            return Result { () throws(MatchingInputError) in try parse.document() }
        }
        return try outcome.get()
    }
}

/// The top-level members, in the order they are read when some had to wait.
enum InstanceSection: String, CaseIterable, Comparable {
    case format, mentees, mentors, pairs, preferences

    static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    var needsPeople: Bool { self == .pairs || self == .preferences }
}

/// The state of reading one document.
struct InstanceParse {
    var scanner: JSONScanner
    var mentees = IdentifierTable()
    var mentors = IdentifierTable()
    var capacities: [Int32] = []
    var pairs: AllowedPairs?
    var preferences: PreferenceLists?
    private var seen: Set<InstanceSection> = []

    init(scanner: JSONScanner) { self.scanner = scanner }

    mutating func document() throws(MatchingInputError) -> MatchingProblem {
        guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.malformed("expected a JSON object") }
        scanner.position += 1
        var waiting: [(section: InstanceSection, offset: Int)] = []
        var first = true
        while try scanner.objectHasNext(first: first) {
            first = false
            let section = try topLevelKey()
            try scanner.expect(UInt8(ascii: ":"), "\":\" after an object key")
            if section.needsPeople && !(seen.contains(.mentees) && seen.contains(.mentors)) {
                waiting.append((section, scanner.position))
                try scanner.skipValue()
            } else {
                try read(section)
            }
        }
        try scanner.expectEnd()
        for required in [InstanceSection.format, .mentees, .mentors] where !seen.contains(required) {
            throw MatchingInputError(location: required.rawValue, problem: "missing")
        }
        for (section, offset) in waiting.sorted(by: { $0.section < $1.section }) {
            scanner.position = offset
            try read(section)
        }
        return MatchingProblem(
            menteeIDs: mentees.strings(), mentorIDs: mentors.strings(), capacities: capacities,
            pairs: pairs, preferences: preferences)
    }

    private mutating func topLevelKey() throws(MatchingInputError) -> InstanceSection {
        let name = try scanner.withString { String(decoding: $0, as: UTF8.self) }
        guard let section = InstanceSection(rawValue: name) else {
            throw MatchingInputError(location: "top level", problem: "unknown member \(quotedIdentifier(name))")
        }
        guard seen.insert(section).inserted else {
            throw MatchingInputError(location: "top level", problem: "member \(quotedIdentifier(name)) appears twice")
        }
        return section
    }

    private mutating func read(_ section: InstanceSection) throws(MatchingInputError) {
        switch section {
        case .format: try readFormat()
        case .mentees: try readMentees()
        case .mentors: try readMentors()
        case .pairs: try readPairs()
        case .preferences: try readPreferences()
        }
    }

    private mutating func readFormat() throws(MatchingInputError) {
        let expected = MatchingInstanceReader.format
        guard scanner.peek() == UInt8(ascii: "\"") else {
            throw wrongType(at: "format", "expected \(quotedIdentifier(expected))")
        }
        let found = try scanner.withString { String(decoding: $0, as: UTF8.self) }
        guard found == expected else {
            throw MatchingInputError(
                location: "format", problem: "expected \(quotedIdentifier(expected)), found \(quotedIdentifier(found))")
        }
    }

    private mutating func readMentees() throws(MatchingInputError) {
        try forEachElement(of: "mentees") { parse, index throws(MatchingInputError) in
            var declared = false
            try parse.forEachMember(of: "mentees[\(index)]") { parse, key throws(MatchingInputError) in
                guard key == "id" else { return false }
                try parse.declareMentee(at: index)
                declared = true
                return true
            }
            if !declared { throw MatchingInputError(location: "mentees[\(index)]", problem: "missing \"id\"") }
        }
    }

    private mutating func readMentors() throws(MatchingInputError) {
        try forEachElement(of: "mentors") { parse, index throws(MatchingInputError) in
            var declared = false
            var capacity: Int32?
            try parse.forEachMember(of: "mentors[\(index)]") { parse, key throws(MatchingInputError) in
                switch key {
                case "id":
                    try parse.declareMentor(at: index)
                    declared = true
                case "capacity": capacity = try parse.capacity(at: "mentors[\(index)].capacity")
                default: return false
                }
                return true
            }
            if !declared { throw MatchingInputError(location: "mentors[\(index)]", problem: "missing \"id\"") }
            guard let capacity else {
                throw MatchingInputError(location: "mentors[\(index)]", problem: "missing \"capacity\"")
            }
            parse.capacities.append(capacity)
        }
    }

    private mutating func declareMentee(at index: Int) throws(MatchingInputError) {
        let location = "mentees[\(index)].id"
        let declared = mentees.declare(try identifier(at: location))
        guard declared.isNew else {
            let id = quotedIdentifier(mentees.string(declared.number))
            throw MatchingInputError(
                location: location, problem: "duplicate mentee \(id) (first at mentees[\(declared.number)])")
        }
    }

    private mutating func declareMentor(at index: Int) throws(MatchingInputError) {
        let location = "mentors[\(index)].id"
        let declared = mentors.declare(try identifier(at: location))
        guard declared.isNew else {
            let id = quotedIdentifier(mentors.string(declared.number))
            throw MatchingInputError(
                location: location, problem: "duplicate mentor \(id) (first at mentors[\(declared.number)])")
        }
    }

    /// Reads a non-empty identifier string.
    private mutating func identifier(at location: @autoclosure () -> String) throws(MatchingInputError) -> [UInt8] {
        guard scanner.peek() == UInt8(ascii: "\"") else {
            throw wrongType(at: location(), "expected a string")
        }
        let bytes = try scanner.withString { Array($0) }
        if bytes.isEmpty { throw MatchingInputError(location: location(), problem: "empty identifier") }
        return bytes
    }

    /// Reads an identifier that must already be declared in `table`; its number.
    mutating func lookUp(
        in table: IdentifierTable.Lookup, kind: String, at location: @autoclosure () -> String
    ) throws(MatchingInputError) -> Int32 {
        guard scanner.peek() == UInt8(ascii: "\"") else {
            throw wrongType(at: location(), "expected a string")
        }
        let start = scanner.position
        let number = try scanner.withString { table.number(of: $0) }
        guard number < 0 else { return Int32(number) }
        scanner.position = start
        let id = try scanner.withString { String(decoding: $0, as: UTF8.self) }
        throw MatchingInputError(location: location(), problem: "unknown \(kind) \(quotedIdentifier(id))")
    }

    private mutating func capacity(at location: String) throws(MatchingInputError) -> Int32 {
        let number = try wholeNumber(at: location, expecting: "a whole number of mentees")
        guard number >= 0 else { throw MatchingInputError(location: location, problem: "negative capacity \(number)") }
        guard number <= Int64(Int32.max) else {
            throw MatchingInputError(location: location, problem: "capacity \(number) is too large")
        }
        return Int32(number)
    }
}
