@testable import CairnCore

/// Random instances for property tests, described by values so a failure can be printed and replayed.
struct RandomInstance: CustomStringConvertible {
    var menteeIDs: [String]
    var mentors: [MentorCapacity]
    var pairs: [ScoredPair]
    var menteePreferences: [String: [String]]
    var mentorPreferences: [String: [String]]

    /// `allowedPerMentee` pairs for each mentee (drawn from the range), scores from `scores`;
    /// preference lists are random orders of random subsets, so many pairs are one-sided.
    init(
        seed: UInt64, mentees: ClosedRange<Int>, mentors mentorRange: ClosedRange<Int>,
        capacity: ClosedRange<Int>, allowedPerMentee: ClosedRange<Int>, scores: ClosedRange<Int>
    ) {
        var random = SplitMix64(seed: seed)
        let menteeCount = random.int(in: mentees)
        let mentorCount = random.int(in: mentorRange)
        menteeIDs = (0..<menteeCount).map { "e\($0)" }
        mentors = (0..<mentorCount).map { MentorCapacity(mentorID: "m\($0)", capacity: random.int(in: capacity)) }
        pairs = []
        menteePreferences = [:]
        mentorPreferences = [:]
        for mentee in menteeIDs {
            let wanted = min(mentorCount, random.int(in: allowedPerMentee))
            for mentor in Self.sample(wanted, of: mentors.map(\.mentorID), &random) {
                pairs.append(ScoredPair(menteeID: mentee, mentorID: mentor, score: random.int(in: scores)))
            }
            menteePreferences[mentee] = Self.sample(
                random.int(in: 0...mentorCount), of: mentors.map(\.mentorID), &random)
        }
        for mentor in mentors {
            mentorPreferences[mentor.mentorID] = Self.sample(random.int(in: 0...menteeCount), of: menteeIDs, &random)
        }
    }

    /// `count` distinct elements in random order.
    static func sample(_ count: Int, of pool: [String], _ random: inout SplitMix64) -> [String] {
        var pool = pool
        for index in pool.indices.reversed() where index > 0 { pool.swapAt(index, random.int(in: 0...index)) }
        return Array(pool.prefix(count))
    }

    func problem() throws -> MatchingProblem {
        try MatchingProblem(
            menteeIDs: menteeIDs, mentors: mentors, pairs: pairs,
            menteePreferences: menteePreferences, mentorPreferences: mentorPreferences)
    }

    /// The same instance as a `cairn-matching/1` document.
    var json: String {
        func quoted(_ id: String) -> String { "\"\(id)\"" }
        func lists(_ lists: [String: [String]]) -> String {
            lists.sorted { $0.key < $1.key }.map {
                "\(quoted($0.key)): [\($0.value.map(quoted).joined(separator: ","))]"
            }
            .joined(separator: ",")
        }
        let mentees = menteeIDs.map { "{\"id\": \(quoted($0))}" }.joined(separator: ",")
        let mentors = mentors.map { "{\"id\": \(quoted($0.mentorID)), \"capacity\": \($0.capacity)}" }
            .joined(separator: ",")
        let pairs = pairs.map {
            "{\"mentee\": \(quoted($0.menteeID)), \"mentor\": \(quoted($0.mentorID)), \"score\": \($0.score)}"
        }.joined(separator: ",\n")
        return """
            {"format": "cairn-matching/1", "mentees": [\(mentees)], "mentors": [\(mentors)], "pairs": [\(pairs)],
             "preferences": {"mentees": {\(lists(menteePreferences))}, "mentors": {\(lists(mentorPreferences))}}}
            """
    }

    var description: String {
        "mentors \(mentors.map { "\($0.mentorID):\($0.capacity)" }) pairs \(pairs.map { "\($0.menteeID)-\($0.mentorID):\($0.score)" }) "
            + "menteePreferences \(menteePreferences.sorted { $0.key < $1.key }) mentorPreferences \(mentorPreferences.sorted { $0.key < $1.key })"
    }
}

/// A matching given as mentor index per mentee (-1 unmatched) checked against the instance's rules:
/// only allowed pairs (when `pairsOnly`), and no mentor over capacity. Returns (matched, total score).
func checkedObjective(_ problem: MatchingProblem, _ mentorOf: [Int32], pairsOnly: Bool) -> (matched: Int, total: Int)? {
    var load = [Int](repeating: 0, count: problem.mentorCount)
    var matched = 0
    var total = 0
    for mentee in mentorOf.indices where mentorOf[mentee] >= 0 {
        let mentor = Int(mentorOf[mentee])
        load[mentor] += 1
        guard load[mentor] <= Int(problem.capacities[mentor]) else { return nil }
        matched += 1
        if let score = problem.score(mentee: mentee, mentor: mentor) {
            total += score
        } else if pairsOnly {
            return nil
        }
    }
    return (matched, total)
}

extension Array where Element == UInt8 {
    init(json: String) { self = Array(json.utf8) }
}
