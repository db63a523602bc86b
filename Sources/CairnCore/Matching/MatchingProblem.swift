/// One programme's matching instance: who is matched, how many mentees each mentor can take, which
/// pairs are allowed (with their score) and, for stable matching, each side's ranked preferences.
///
/// Everything is indexed: mentee `i` is `menteeIDs[i]`, mentor `j` is `mentorIDs[j]`. The pairs and
/// preference lists are flat `Int32` arrays (compressed rows), so a national intake of 12 million pairs
/// costs about 10 bytes a pair rather than an object each (see PERF.md, "memory linear in pairs").
public struct MatchingProblem: Sendable {
    public let menteeIDs: [String]
    public let mentorIDs: [String]
    /// Mentees each mentor can take, by mentor index; never negative.
    public let capacities: [Int32]
    /// The allowed pairs with their scores; `nil` when the instance carries none.
    public let pairs: AllowedPairs?
    /// Both sides' ranked lists; `nil` when the instance carries none.
    public let preferences: PreferenceLists?

    init(
        menteeIDs: [String], mentorIDs: [String], capacities: [Int32],
        pairs: AllowedPairs?, preferences: PreferenceLists?
    ) {
        self.menteeIDs = menteeIDs
        self.mentorIDs = mentorIDs
        self.capacities = capacities
        self.pairs = pairs
        self.preferences = preferences
    }

    public var menteeCount: Int { menteeIDs.count }
    public var mentorCount: Int { mentorIDs.count }

    /// The score of the pair, or `nil` when the pair is not allowed (or the instance has no pairs).
    public func score(mentee: Int, mentor: Int) -> Int? {
        guard let pairs else { return nil }
        for arc in pairs.arcs(ofMentee: mentee) where Int(pairs.mentor[arc]) == mentor {
            return Int(pairs.score[arc])
        }
        return nil
    }

    /// Mentee indices in the order results list them: by identifier, byte by byte (UTF-8), so every
    /// tool that sorts the same way reproduces our files exactly.
    public func menteesInIdentifierOrder() -> [Int] {
        Array(0..<menteeCount).sorted { menteeIDs[$0].utf8.lexicographicallyPrecedes(menteeIDs[$1].utf8) }
    }
}

/// Allowed mentee–mentor pairs grouped by mentee (compressed sparse rows).
///
/// The arcs of mentee `i` are `menteeStart[i] ..< menteeStart[i + 1]`, each naming a mentor and a
/// score from 0 to 1000. No pair appears twice.
public struct AllowedPairs: Sendable {
    /// Highest score a pair may carry; scores are whole numbers from 0 to this.
    public static let maximumScore = 1000

    public let menteeStart: [Int32]
    public let mentor: [Int32]
    public let score: [Int16]

    init(menteeStart: [Int32], mentor: [Int32], score: [Int16]) {
        self.menteeStart = menteeStart
        self.mentor = mentor
        self.score = score
    }

    public var count: Int { mentor.count }

    @inline(__always)
    public func arcs(ofMentee mentee: Int) -> Range<Int> {
        Int(menteeStart[mentee])..<Int(menteeStart[mentee + 1])
    }
}

/// Ranked lists for both sides, in the order each person gave them (first = most wanted).
///
/// A list may name people who do not list its owner back; such pairs are simply not acceptable in
/// stable matching. Lists are stored flat: owner `i`'s list is `entries[start[i] ..< start[i] + length[i]]`.
public struct PreferenceLists: Sendable {
    public let menteeLists: RankedLists
    public let mentorLists: RankedLists

    init(menteeLists: RankedLists, mentorLists: RankedLists) {
        self.menteeLists = menteeLists
        self.mentorLists = mentorLists
    }
}

/// One side's ranked lists (see `PreferenceLists`).
public struct RankedLists: Sendable {
    public let start: [Int32]
    public let length: [Int32]
    public let entries: [Int32]

    init(start: [Int32], length: [Int32], entries: [Int32]) {
        self.start = start
        self.length = length
        self.entries = entries
    }

    @inline(__always)
    public func positions(of owner: Int) -> Range<Int> {
        let first = Int(start[owner])
        return first..<(first + Int(length[owner]))
    }

    public func list(of owner: Int) -> [Int] { positions(of: owner).map { Int(entries[$0]) } }
}
