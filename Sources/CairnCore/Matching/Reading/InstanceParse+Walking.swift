/// Walking arrays and objects of the instance, with the JSON path of each element at hand for errors.
extension InstanceParse {
    /// The error for a value of the wrong type at the current position: a malformed-JSON error when
    /// the value is not even well formed (so broken syntax is always reported as such), else `problem`.
    func wrongType(at location: String, _ problem: String) -> MatchingInputError {
        var probe = scanner
        do {
            try probe.skipValue()
        } catch {
            return error
        }
        return MatchingInputError(location: location, problem: problem)
    }

    /// Calls `body` with each element's index of the array that must come next (named `location`).
    mutating func forEachElement(
        of location: @autoclosure () -> String, _ body: (inout InstanceParse, Int) throws(MatchingInputError) -> Void
    ) throws(MatchingInputError) {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw wrongType(at: location(), "expected a list")
        }
        scanner.position += 1
        var index = 0
        while try scanner.arrayHasNext(first: index == 0) {
            try body(&self, index)
            index += 1
        }
    }

    /// Calls `body` with each key of the object that must come next; `body` reads the value and
    /// returns false for a key it does not know, which is refused.
    mutating func forEachMember(
        of location: @autoclosure () -> String,
        _ body: (inout InstanceParse, String) throws(MatchingInputError) -> Bool
    ) throws(MatchingInputError) {
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw wrongType(at: location(), "expected an object")
        }
        scanner.position += 1
        var keys: [String] = []
        while try scanner.objectHasNext(first: keys.isEmpty) {
            let key = try scanner.withString { String(decoding: $0, as: UTF8.self) }
            if keys.contains(key) {
                throw MatchingInputError(location: location(), problem: "key \(quotedIdentifier(key)) appears twice")
            }
            keys.append(key)
            try scanner.expect(UInt8(ascii: ":"), "\":\" after an object key")
            guard try body(&self, key) else {
                throw MatchingInputError(location: location(), problem: "unknown key \(quotedIdentifier(key))")
            }
        }
    }

    /// Reads a whole number; anything else (a fraction, a string, `null`) is refused naming `expecting`.
    mutating func wholeNumber(
        at location: @autoclosure () -> String, expecting: String
    ) throws(MatchingInputError) -> Int64 {
        switch scanner.peek() {
        case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: break
        default: throw wrongType(at: location(), "expected \(expecting)")
        }
        switch try scanner.readNumber() {
        case .whole(let value): return value
        case .notWhole(let text), .tooLarge(let text):
            throw MatchingInputError(location: location(), problem: "expected \(expecting), found \(text)")
        }
    }
}
