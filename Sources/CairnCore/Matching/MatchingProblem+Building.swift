/// A mentor and how many mentees they can take in this programme.
public struct MentorCapacity: Sendable, Hashable {
    public var mentorID: String
    public var capacity: Int

    public init(mentorID: String, capacity: Int) {
        self.mentorID = mentorID
        self.capacity = capacity
    }
}

/// An allowed pair and its score (0–1000).
public struct ScoredPair: Sendable, Hashable {
    public var menteeID: String
    public var mentorID: String
    public var score: Int

    public init(menteeID: String, mentorID: String, score: Int) {
        self.menteeID = menteeID
        self.mentorID = mentorID
        self.score = score
    }
}

extension MatchingProblem {
    /// Builds an instance from values (the server and `CompatibilityScorer` use this; files go
    /// through `MatchingInstanceReader`). Validation and messages are the file format's, with the
    /// same paths: `pairs[3].mentor: unknown mentor "m9"`.
    ///
    /// `menteePreferences` and `mentorPreferences` map a person to their ranked list; pass `nil` for
    /// both when the programme has no stated preferences.
    public init(
        menteeIDs: [String], mentors: [MentorCapacity], pairs: [ScoredPair]? = nil,
        menteePreferences: [String: [String]]? = nil, mentorPreferences: [String: [String]]? = nil
    ) throws(MatchingInputError) {
        let menteeTable = try Self.table(of: menteeIDs, kind: "mentee", section: "mentees")
        let mentorTable = try Self.table(of: mentors.map(\.mentorID), kind: "mentor", section: "mentors")
        for (index, mentor) in mentors.enumerated() where mentor.capacity < 0 || mentor.capacity > Int(Int32.max) {
            let problem =
                mentor.capacity < 0
                ? "negative capacity \(mentor.capacity)" : "capacity \(mentor.capacity) is too large"
            throw MatchingInputError(location: "mentors[\(index)].capacity", problem: problem)
        }
        let allowed = try pairs.map { pairs throws(MatchingInputError) in
            try Self.allowedPairs(pairs, menteeTable, mentorTable)
        }
        var preferences: PreferenceLists?
        if menteePreferences != nil || mentorPreferences != nil {
            preferences = PreferenceLists(
                menteeLists: try Self.rankedLists(
                    menteePreferences ?? [:], owners: menteeTable, targets: mentorTable, side: ("mentee", "mentor")),
                mentorLists: try Self.rankedLists(
                    mentorPreferences ?? [:], owners: mentorTable, targets: menteeTable, side: ("mentor", "mentee")))
        }
        self.init(
            menteeIDs: menteeIDs, mentorIDs: mentors.map(\.mentorID), capacities: mentors.map { Int32($0.capacity) },
            pairs: allowed, preferences: preferences)
    }

    private static func table(of ids: [String], kind: String, section: String) throws(MatchingInputError)
        -> IdentifierTable
    {
        var table = IdentifierTable(expectedCount: ids.count)
        for (index, id) in ids.enumerated() {
            guard !id.isEmpty else {
                throw MatchingInputError(location: "\(section)[\(index)].id", problem: "empty identifier")
            }
            let declared = table.declare(Array(id.utf8))
            guard declared.isNew else {
                throw MatchingInputError(
                    location: "\(section)[\(index)].id",
                    problem: "duplicate \(kind) \(quotedIdentifier(id)) (first at \(section)[\(declared.number)])")
            }
        }
        return table
    }

    private static func allowedPairs(
        _ pairs: [ScoredPair], _ mentees: IdentifierTable, _ mentors: IdentifierTable
    ) throws(MatchingInputError) -> AllowedPairs {
        var pairMentee: [Int32] = []
        var pairMentor: [Int32] = []
        var pairScore: [Int16] = []
        for (index, pair) in pairs.enumerated() {
            pairMentee.append(try number(of: pair.menteeID, in: mentees, kind: "mentee", at: "pairs[\(index)].mentee"))
            pairMentor.append(try number(of: pair.mentorID, in: mentors, kind: "mentor", at: "pairs[\(index)].mentor"))
            guard (0...AllowedPairs.maximumScore).contains(pair.score) else {
                throw MatchingInputError(
                    location: "pairs[\(index)].score",
                    problem:
                        "score \(pair.score) is out of range (a whole number from 0 to \(AllowedPairs.maximumScore))")
            }
            pairScore.append(Int16(pair.score))
        }
        do {
            return try AllowedPairs.grouping(
                menteeCount: mentees.count, mentorCount: mentors.count,
                pairMentee: pairMentee, pairMentor: pairMentor, pairScore: pairScore)
        } catch {
            let pair = pairs[error.second]
            let who = "mentee \(quotedIdentifier(pair.menteeID)), mentor \(quotedIdentifier(pair.mentorID))"
            throw MatchingInputError(
                location: "pairs[\(error.second)]", problem: "duplicate pair (\(who)), first at pairs[\(error.first)]")
        }
    }

    /// Owners are checked in identifier order, so the first error reported does not depend on the
    /// dictionary's iteration order.
    private static func rankedLists(
        _ lists: [String: [String]], owners: IdentifierTable, targets: IdentifierTable,
        side: (owner: String, target: String)
    ) throws(MatchingInputError) -> RankedLists {
        let location = "preferences.\(side.owner)s"
        var start = [Int32](repeating: 0, count: owners.count)
        var length = [Int32](repeating: 0, count: owners.count)
        var entries: [Int32] = []
        var listedBy = [Int32](repeating: -1, count: targets.count)
        for ownerID in lists.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let owner = try number(of: ownerID, in: owners, kind: side.owner, at: location)
            start[Int(owner)] = Int32(entries.count)
            for (index, targetID) in lists[ownerID]!.enumerated() {
                let entryLocation = { "\(location)[\(quotedIdentifier(ownerID))][\(index)]" }
                let target = try number(of: targetID, in: targets, kind: side.target, at: entryLocation())
                guard listedBy[Int(target)] != owner else {
                    throw MatchingInputError(
                        location: entryLocation(), problem: "\(side.target) \(quotedIdentifier(targetID)) listed twice")
                }
                listedBy[Int(target)] = owner
                entries.append(target)
            }
            length[Int(owner)] = Int32(entries.count) - start[Int(owner)]
        }
        return RankedLists(start: start, length: length, entries: entries)
    }

    private static func number(
        of id: String, in table: IdentifierTable, kind: String, at location: @autoclosure () -> String
    ) throws(MatchingInputError) -> Int32 {
        let found = Array(id.utf8).withUnsafeBufferPointer { table.number(of: $0) }
        guard let found else {
            throw MatchingInputError(location: location(), problem: "unknown \(kind) \(quotedIdentifier(id))")
        }
        return Int32(found)
    }
}
