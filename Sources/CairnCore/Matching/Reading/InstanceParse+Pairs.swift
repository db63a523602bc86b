/// Reading `pairs`: the hot loop of optimal-mode instances (millions of elements), so it avoids
/// making strings except for error messages.
extension InstanceParse {
    private enum PairKey {
        case mentee, mentor, score
        case unknown(String)

        /// Compares bytes by hand: `elementsEqual` against a `String` took 6% of reading time.
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            if Self.equal(bytes, "mentee") {
                self = .mentee
            } else if Self.equal(bytes, "mentor") {
                self = .mentor
            } else if Self.equal(bytes, "score") {
                self = .score
            } else {
                self = .unknown(String(decoding: bytes, as: UTF8.self))
            }
        }

        @inline(__always)
        private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            for index in 0..<bytes.count where bytes[index] != word.utf8Start[index] { return false }
            return true
        }
    }

    mutating func readPairs() throws(MatchingInputError) {
        var pairMentee: [Int32] = []
        var pairMentor: [Int32] = []
        var pairScore: [Int16] = []
        let (menteeTable, mentorTable) = (mentees, mentors)
        try menteeTable.withLookup { (menteeLookup) throws(MatchingInputError) in
            try mentorTable.withLookup { (mentorLookup) throws(MatchingInputError) in
                try forEachElement(of: "pairs") { parse, index throws(MatchingInputError) in
                    let (mentee, mentor, score) = try parse.pair(at: index, menteeLookup, mentorLookup)
                    pairMentee.append(mentee)
                    pairMentor.append(mentor)
                    pairScore.append(score)
                }
            }
        }
        do {
            pairs = try AllowedPairs.grouping(
                menteeCount: mentees.count, mentorCount: mentors.count,
                pairMentee: pairMentee, pairMentor: pairMentor, pairScore: pairScore)
        } catch {
            let who =
                "mentee \(quotedIdentifier(mentees.string(Int(pairMentee[error.second])))), "
                + "mentor \(quotedIdentifier(mentors.string(Int(pairMentor[error.second]))))"
            throw MatchingInputError(
                location: "pairs[\(error.second)]", problem: "duplicate pair (\(who)), first at pairs[\(error.first)]")
        }
    }

    private mutating func pair(
        at index: Int, _ menteeTable: IdentifierTable.Lookup, _ mentorTable: IdentifierTable.Lookup
    ) throws(MatchingInputError) -> (Int32, Int32, Int16) {
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw wrongType(at: "pairs[\(index)]", "expected an object")
        }
        scanner.position += 1
        var mentee: Int32 = -1
        var mentor: Int32 = -1
        var score: Int16 = -1
        var first = true
        while try scanner.objectHasNext(first: first) {
            first = false
            let key = try scanner.withString(PairKey.init)
            try scanner.expect(UInt8(ascii: ":"), "\":\" after an object key")
            switch key {
            case .mentee:
                guard mentee < 0 else { throw repeated("mentee", index) }
                mentee = try lookUp(in: menteeTable, kind: "mentee", at: "pairs[\(index)].mentee")
            case .mentor:
                guard mentor < 0 else { throw repeated("mentor", index) }
                mentor = try lookUp(in: mentorTable, kind: "mentor", at: "pairs[\(index)].mentor")
            case .score:
                guard score < 0 else { throw repeated("score", index) }
                score = try pairScore(at: "pairs[\(index)].score")
            case .unknown(let name):
                throw MatchingInputError(location: "pairs[\(index)]", problem: "unknown key \(quotedIdentifier(name))")
            }
        }
        if mentee < 0 || mentor < 0 || score < 0 {
            let name = mentee < 0 ? "mentee" : mentor < 0 ? "mentor" : "score"
            throw MatchingInputError(location: "pairs[\(index)]", problem: "missing \"\(name)\"")
        }
        return (mentee, mentor, score)
    }

    private func repeated(_ key: String, _ index: Int) -> MatchingInputError {
        MatchingInputError(location: "pairs[\(index)]", problem: "key \"\(key)\" appears twice")
    }

    private static let scoreRange = "a whole number from 0 to \(AllowedPairs.maximumScore)"

    private mutating func pairScore(at location: @autoclosure () -> String) throws(MatchingInputError) -> Int16 {
        let range = Self.scoreRange
        let value = try wholeNumber(at: location(), expecting: range)
        guard (0...Int64(AllowedPairs.maximumScore)).contains(value) else {
            throw MatchingInputError(location: location(), problem: "score \(value) is out of range (\(range))")
        }
        return Int16(value)
    }
}
