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
