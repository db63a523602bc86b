/// Reading `preferences`: `{"mentees": {id: [mentor ids]}, "mentors": {id: [mentee ids]}}`.
extension InstanceParse {
    mutating func readPreferences() throws(MatchingInputError) {
        var menteeLists: RankedLists?
        var mentorLists: RankedLists?
        let (menteeTable, mentorTable) = (mentees, mentors)
        try forEachMember(of: "preferences") {
            (parse: inout InstanceParse, key: String) throws(MatchingInputError) -> Bool in
            switch key {
            case "mentees":
                menteeLists = try parse.rankedLists(
                    owners: menteeTable, ownerKind: "mentee", targets: mentorTable, targetKind: "mentor",
                    location: "preferences.mentees")
            case "mentors":
                mentorLists = try parse.rankedLists(
                    owners: mentorTable, ownerKind: "mentor", targets: menteeTable, targetKind: "mentee",
                    location: "preferences.mentors")
            default: return false
            }
            return true
        }
        // Both sides, always: a side left out would leave everyone unmatched without a word. A side with no lists
        // is written as an empty object.
        guard let menteeLists else {
            throw MatchingInputError(
                location: "preferences.mentees", problem: "missing (give it, as {} if no mentee ranks anyone)")
        }
        guard let mentorLists else {
            throw MatchingInputError(
                location: "preferences.mentors", problem: "missing (give it, as {} if no mentor ranks anyone)")
        }
        preferences = PreferenceLists(menteeLists: menteeLists, mentorLists: mentorLists)
    }

    /// One side's lists. A person may be left out (an empty list); naming them twice, naming someone
    /// unknown, or listing someone twice is refused.
    private mutating func rankedLists(
        owners: IdentifierTable, ownerKind: String, targets: IdentifierTable, targetKind: String,
        location: String
    ) throws(MatchingInputError) -> RankedLists {
        try owners.withLookup { (ownerLookup) throws(MatchingInputError) in
            try targets.withLookup { (targetLookup) throws(MatchingInputError) in
                try rankedLists(
                    owners: owners, ownerLookup, ownerKind: ownerKind, targets: targets, targetLookup,
                    targetKind: targetKind, location: location)
            }
        }
    }

    private mutating func rankedLists(
        owners: IdentifierTable, _ ownerLookup: IdentifierTable.Lookup, ownerKind: String,
        targets: IdentifierTable, _ targetLookup: IdentifierTable.Lookup, targetKind: String, location: String
    ) throws(MatchingInputError) -> RankedLists {
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw wrongType(at: location, "expected an object")
        }
        scanner.position += 1
        var start = [Int32](repeating: 0, count: owners.count)
        var length = [Int32](repeating: -1, count: owners.count)
        var entries: [Int32] = []
        var listedBy = [Int32](repeating: -1, count: targets.count)
        var first = true
        while try scanner.objectHasNext(first: first) {
            first = false
            let owner = Int(try lookUp(in: ownerLookup, kind: ownerKind, at: location))
            guard length[owner] < 0 else {
                throw MatchingInputError(
                    location: location, problem: "\(ownerKind) \(quotedIdentifier(owners.string(owner))) appears twice")
            }
            try scanner.expect(UInt8(ascii: ":"), "\":\" after an object key")
            start[owner] = Int32(entries.count)
            let listLocation = { "\(location)[\(quotedIdentifier(owners.string(owner)))]" }
            try forEachElement(of: listLocation()) { parse, index throws(MatchingInputError) in
                let target = try parse.lookUp(in: targetLookup, kind: targetKind, at: "\(listLocation())[\(index)]")
                guard listedBy[Int(target)] != Int32(owner) else {
                    throw MatchingInputError(
                        location: "\(listLocation())[\(index)]",
                        problem: "\(targetKind) \(quotedIdentifier(targets.string(Int(target)))) listed twice")
                }
                listedBy[Int(target)] = Int32(owner)
                entries.append(target)
            }
            length[owner] = Int32(entries.count) - start[owner]
        }
        for owner in length.indices where length[owner] < 0 { length[owner] = 0 }
        return RankedLists(start: start, length: length, entries: entries)
    }
}

extension RankedLists {
    init(emptyFor ownerCount: Int) {
        self.init(
            start: [Int32](repeating: 0, count: ownerCount), length: [Int32](repeating: 0, count: ownerCount),
            entries: [])
    }
}
