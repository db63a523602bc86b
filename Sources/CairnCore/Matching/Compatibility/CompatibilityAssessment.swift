/// A pair's verdict: its score and what made it, or why it may not be matched.
public enum PairAssessment: Sendable, Hashable {
    case allowed(score: Int, contributions: [ScoreContribution])
    case excluded([ExclusionReason])
}

/// One factor's share of a score.
public struct ScoreContribution: Sendable, Hashable {
    public let factor: ScoreFactor
    public let points: Int
}

/// An allowed pair with its score and the factors behind it (their points add up to the score).
public struct ExplainedPair: Sendable, Hashable {
    public let menteeID: String
    public let mentorID: String
    public let score: Int
    public let contributions: [ScoreContribution]
}

/// How many mentors a mentee could have, and how many each rule took away (a mentor excluded by
/// two rules counts under both), so a page can say why a mentee has no option: for example no
/// trained mentor outside their employer speaks the language they require.
public struct MenteeOptions: Sendable, Hashable {
    public let menteeID: String
    public internal(set) var allowedMentorCount = 0
    public internal(set) var excludedMentorCount: [ExclusionReason: Int] = [:]

    public init(menteeID: String) { self.menteeID = menteeID }
}

/// Everything the scorer decided for one programme, ready to match.
public struct CompatibilityAssessment: Sendable {
    public let mentees: [MenteeProfile]
    public let mentors: [MentorProfile]
    public let pairs: [ExplainedPair]
    public let menteeOptions: [MenteeOptions]

    /// The instance for the optimal solver: these mentees, mentors and their capacities, and the
    /// allowed pairs. Throws only for profiles with duplicate ids (or a negative capacity).
    public func problem() throws(MatchingInputError) -> MatchingProblem {
        try MatchingProblem(
            menteeIDs: mentees.map(\.id),
            mentors: mentors.map { MentorCapacity(mentorID: $0.id, capacity: max(0, $0.capacity)) },
            pairs: pairs.map { ScoredPair(menteeID: $0.menteeID, mentorID: $0.mentorID, score: $0.score) })
    }

    /// Slices assessed one after another (so a caller can report progress between them) joined into one
    /// assessment of all their mentees against the same mentors.
    public init(merging slices: [CompatibilityAssessment], mentors: [MentorProfile]) {
        mentees = slices.flatMap(\.mentees)
        self.mentors = mentors
        pairs = slices.flatMap(\.pairs)
        menteeOptions = slices.flatMap(\.menteeOptions)
    }

    init(mentees: [MenteeProfile], mentors: [MentorProfile], pairs: [ExplainedPair], menteeOptions: [MenteeOptions]) {
        self.mentees = mentees
        self.mentors = mentors
        self.pairs = pairs
        self.menteeOptions = menteeOptions
    }

    /// The instance for the stable matcher: each side ranks the other by the pair's score (ties by id), so
    /// stability is judged on the same fit the optimal matcher maximises. A mentee's stated choices (mentor ids, in
    /// order) come first in their list, where the rules allow the pair; mentors rank by score.
    public func stableProblem(statedChoices: [String: [String]] = [:]) throws(MatchingInputError) -> MatchingProblem {
        var menteeLists: [String: [(String, Int)]] = [:]
        var mentorLists: [String: [(String, Int)]] = [:]
        for pair in pairs {
            menteeLists[pair.menteeID, default: []].append((pair.mentorID, pair.score))
            mentorLists[pair.mentorID, default: []].append((pair.menteeID, pair.score))
        }
        func ranked(_ list: [(String, Int)]) -> [String] {
            list.sorted { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1 > $1.1 }.map(\.0)
        }
        var menteeRanking: [String: [String]] = [:]
        for (mentee, list) in menteeLists {
            let byScore = ranked(list)
            let allowed = Set(byScore)
            var chosen: [String] = []
            for mentor in statedChoices[mentee] ?? [] where allowed.contains(mentor) && !chosen.contains(mentor) {
                chosen.append(mentor)
            }
            menteeRanking[mentee] = chosen + byScore.filter { !chosen.contains($0) }
        }
        return try MatchingProblem(
            menteeIDs: mentees.map(\.id),
            mentors: mentors.map { MentorCapacity(mentorID: $0.id, capacity: max(0, $0.capacity)) },
            pairs: pairs.map { ScoredPair(menteeID: $0.menteeID, mentorID: $0.mentorID, score: $0.score) },
            menteePreferences: menteeRanking, mentorPreferences: mentorLists.mapValues(ranked))
    }

    /// The result's assignments, each with the factors behind its score.
    public func explain(_ result: MatchingResult, in problem: MatchingProblem) -> [ExplainedAssignment] {
        var byPair: [String: [String: [ScoreContribution]]] = [:]
        for pair in pairs { byPair[pair.menteeID, default: [:]][pair.mentorID] = pair.contributions }
        return result.assignments(in: problem).map {
            ExplainedAssignment(assignment: $0, contributions: byPair[$0.menteeID]?[$0.mentorID] ?? [])
        }
    }
}

/// A matched pair with the factors behind its score.
public struct ExplainedAssignment: Sendable, Hashable {
    public let assignment: MatchingAssignment
    public let contributions: [ScoreContribution]
}
