/// The outcome of a matching run: who is matched with whom, and the score of each pair where the
/// instance gives one, so the result explains itself.
public struct MatchingResult: Sendable, Equatable {
    public let mode: MatchingMode
    /// The mentor index of each mentee (by mentee index), or -1 when unmatched.
    public let mentorOfMentee: [Int32]
    /// The score of each mentee's pair, or -1 when unmatched or when the instance gives no score.
    public let scoreOfMentee: [Int16]
    public let matchedCount: Int
    /// The sum of the matched pairs' scores; `nil` when the instance carries no `pairs`.
    public let totalScore: Int?

    init(mode: MatchingMode, mentorOfMentee: [Int32], in problem: MatchingProblem) {
        self.mode = mode
        self.mentorOfMentee = mentorOfMentee
        var scores = [Int16](repeating: -1, count: mentorOfMentee.count)
        var matched = 0
        var total = 0
        for mentee in mentorOfMentee.indices where mentorOfMentee[mentee] >= 0 {
            matched += 1
            if let score = problem.score(mentee: mentee, mentor: Int(mentorOfMentee[mentee])) {
                scores[mentee] = Int16(score)
                total += score
            }
        }
        scoreOfMentee = scores
        matchedCount = matched
        totalScore = problem.pairs == nil ? nil : total
    }

    /// Matched pairs, sorted by mentee identifier (UTF-8 byte order).
    public func assignments(in problem: MatchingProblem) -> [MatchingAssignment] {
        problem.menteesInIdentifierOrder().compactMap { mentee in
            let mentor = Int(mentorOfMentee[mentee])
            guard mentor >= 0 else { return nil }
            let score = scoreOfMentee[mentee]
            return MatchingAssignment(
                menteeID: problem.menteeIDs[mentee], mentorID: problem.mentorIDs[mentor],
                score: score < 0 ? nil : Int(score))
        }
    }

    /// Mentees left without a mentor, sorted by identifier (UTF-8 byte order).
    public func unmatchedMenteeIDs(in problem: MatchingProblem) -> [String] {
        problem.menteesInIdentifierOrder().filter { mentorOfMentee[$0] < 0 }.map { problem.menteeIDs[$0] }
    }
}

/// One matched pair as people read it.
public struct MatchingAssignment: Sendable, Hashable {
    public let menteeID: String
    public let mentorID: String
    /// The pair's score from the instance's `pairs`, if it has one.
    public let score: Int?

    public init(menteeID: String, mentorID: String, score: Int?) {
        self.menteeID = menteeID
        self.mentorID = mentorID
        self.score = score
    }
}
