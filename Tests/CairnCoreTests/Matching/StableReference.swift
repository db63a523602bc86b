@testable import CairnCore

/// Stability, checked from the definition and nothing else (written apart from the solver).
struct StabilityRules {
    let problem: MatchingProblem
    /// rank[side][owner][other] = position in owner's list, nil when not listed.
    let menteeRank: [[Int: Int]]
    let mentorRank: [[Int: Int]]

    init(_ problem: MatchingProblem) {
        self.problem = problem
        let lists = problem.preferences!
        menteeRank = (0..<problem.menteeCount).map { owner in
            Dictionary(uniqueKeysWithValues: lists.menteeLists.list(of: owner).enumerated().map { ($1, $0) })
        }
        mentorRank = (0..<problem.mentorCount).map { owner in
            Dictionary(uniqueKeysWithValues: lists.mentorLists.list(of: owner).enumerated().map { ($1, $0) })
        }
    }

    func acceptable(_ mentee: Int, _ mentor: Int) -> Bool {
        menteeRank[mentee][mentor] != nil && mentorRank[mentor][mentee] != nil
    }

    /// Every pair acceptable, no mentor over capacity, and no blocking pair: a mentee and a mentor
    /// who accept each other, where the mentee is free or prefers that mentor, and the mentor has a
    /// free place or prefers that mentee to one they hold.
    func isStable(_ mentorOf: [Int]) -> Bool {
        var held = [[Int]](repeating: [], count: problem.mentorCount)
        for (mentee, mentor) in mentorOf.enumerated() where mentor >= 0 {
            guard acceptable(mentee, mentor) else { return false }
            held[mentor].append(mentee)
        }
        for mentor in held.indices where held[mentor].count > Int(problem.capacities[mentor]) { return false }
        for mentee in 0..<problem.menteeCount {
            for mentor in 0..<problem.mentorCount where acceptable(mentee, mentor) && mentorOf[mentee] != mentor {
                let menteeWants =
                    mentorOf[mentee] < 0 || menteeRank[mentee][mentor]! < menteeRank[mentee][mentorOf[mentee]]!
                let hasRoom = held[mentor].count < Int(problem.capacities[mentor])
                let mentorWants =
                    hasRoom || held[mentor].contains { mentorRank[mentor][mentee]! < mentorRank[mentor][$0]! }
                if menteeWants && mentorWants { return false }
            }
        }
        return true
    }

    /// Every stable matching, by enumerating every assignment (tiny instances only).
    func allStableMatchings() -> [[Int]] {
        var found: [[Int]] = []
        var mentorOf = [Int](repeating: -1, count: problem.menteeCount)
        func visit(_ mentee: Int) {
            guard mentee < problem.menteeCount else {
                if isStable(mentorOf) { found.append(mentorOf) }
                return
            }
            mentorOf[mentee] = -1
            visit(mentee + 1)
            for mentor in 0..<problem.mentorCount where acceptable(mentee, mentor) {
                mentorOf[mentee] = mentor
                visit(mentee + 1)
            }
            mentorOf[mentee] = -1
        }
        visit(0)
        return found
    }

    /// How a mentee ranks an outcome: lower is better, unmatched worst.
    func menteeCost(_ mentee: Int, _ mentor: Int) -> Int { mentor < 0 ? Int.max : menteeRank[mentee][mentor]! }
}

/// Deferred acceptance as textbooks state it, in rounds: every free mentee proposes to their best
/// mentor not yet tried; each mentor keeps the best `capacity` of those holding plus new proposers.
func textbookDeferredAcceptance(_ problem: MatchingProblem) -> [Int] {
    let rules = StabilityRules(problem)
    let lists = (0..<problem.menteeCount).map { problem.preferences!.menteeLists.list(of: $0) }
    var tried = [Int](repeating: 0, count: problem.menteeCount)
    var mentorOf = [Int](repeating: -1, count: problem.menteeCount)
    while true {
        var proposals = [[Int]](repeating: [], count: problem.mentorCount)
        var anyone = false
        for mentee in 0..<problem.menteeCount where mentorOf[mentee] < 0 && tried[mentee] < lists[mentee].count {
            let mentor = lists[mentee][tried[mentee]]
            tried[mentee] += 1
            if rules.acceptable(mentee, mentor) {
                proposals[mentor].append(mentee)
                anyone = true
            }
        }
        if !anyone && !mentorOf.indices.contains(where: { mentorOf[$0] < 0 && tried[$0] < lists[$0].count }) { break }
        for mentor in 0..<problem.mentorCount where !proposals[mentor].isEmpty {
            let holding = mentorOf.indices.filter { mentorOf[$0] == mentor }
            let ranked = (holding + proposals[mentor]).sorted {
                rules.mentorRank[mentor][$0]! < rules.mentorRank[mentor][$1]!
            }
            for (place, mentee) in ranked.enumerated() {
                mentorOf[mentee] = place < Int(problem.capacities[mentor]) ? mentor : -1
            }
        }
    }
    return mentorOf
}
