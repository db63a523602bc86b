/// The optimal matching: each mentee gets at most one mentor, each mentor at most their capacity,
/// only allowed pairs are used; among all such matchings, first the most mentees matched, then the
/// highest total score. Exact and deterministic.
///
/// How (and why it is exact): a transportation problem solved by successive shortest paths with
/// potentials (the Hungarian method in Jonker–Volgenant form). Every mentee also has a way out,
/// "unmatched", costing `D = 1000 × (mentees + 1) + 1`, and a pair costs `1000 − score`, so the
/// minimum-cost plan maximises `(D − 1000) × matched + total score`: one more matched mentee is
/// worth more than any possible gain in score, which is exactly the lexicographic objective.
/// An opening round of bids (see MinCostAssignment+Bidding.swift) places most mentees and sets
/// mentor prices that satisfy the optimality conditions exactly. The rest are added one at a time;
/// each addition is a Dijkstra search over reduced costs (kept non-negative by the mentors'
/// potentials) that stops at the first free mentor place or at "unmatched", then an augmentation
/// along that path. By the successive-shortest-path theorem the plan after each addition is optimal
/// for the mentees placed so far, hence optimal at the end.
/// All costs and potentials stay within `[-(D + 1000), 2D]`, so `Int64` cannot overflow.
public enum OptimalMatcher {
    public static func solve(_ problem: MatchingProblem) -> MatchingResult {
        guard let pairs = problem.pairs else {
            return MatchingResult(
                mode: .optimal, mentorOfMentee: Array(repeating: -1, count: problem.menteeCount), in: problem)
        }
        let mentorOfMentee =
            problem.mentorCount < 1 << 22
            ? solve(AssignmentArcs<UInt32>(pairs, capacities: problem.capacities), capacities: problem.capacities)
            : solve(AssignmentArcs<UInt64>(pairs, capacities: problem.capacities), capacities: problem.capacities)
        return MatchingResult(mode: .optimal, mentorOfMentee: mentorOfMentee, in: problem)
    }

    private static func solve<Word>(_ arcs: consuming AssignmentArcs<Word>, capacities: [Int32]) -> [Int32] {
        var plan = MinCostAssignment(arcs: arcs, capacities: capacities)
        for mentee in plan.bidForFavourites(rounds: 4) { plan.add(mentee: mentee) }
        return plan.mentorOfMentee()
    }
}

/// The allowed pairs as the solver reads them: by mentee, cheapest first, each packed into one word
/// `cost << shift | mentor` with cost `1000 − score`.
///
/// Why packed and sorted: the search's inner loop reads one word per pair, and a mentee's scan can
/// stop at the first pair whose cost alone already reaches the best path found (potentials only add
/// to it); on the 20,000 × 8,000 benchmark that skips about three pairs in four.
struct AssignmentArcs<Word: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>: ~Copyable {
    let start: [Int32]
    let words: FlatBuffer<Word>
    /// Mentees each mentor could ever hold: its capacity, but no more than the pairs naming it.
    let namedCount: [Int32]
    static var shift: Word { Word(Word.bitWidth == 32 ? 22 : 32) }

    /// Pairs with a mentor of capacity 0 are left out: they can never be used.
    init(_ pairs: AllowedPairs, capacities: [Int32]) {
        var start = [Int32](repeating: 0, count: pairs.menteeStart.count)
        var kept = 0
        for mentee in 0..<(start.count - 1) {
            for arc in pairs.arcs(ofMentee: mentee) where capacities[Int(pairs.mentor[arc])] > 0 { kept += 1 }
            start[mentee + 1] = Int32(kept)
        }
        self.start = start
        words = FlatBuffer(repeating: 0, count: kept)
        var named = [Int32](repeating: 0, count: capacities.count)
        var next = 0
        for arc in 0..<pairs.count where capacities[Int(pairs.mentor[arc])] > 0 {
            let cost = AllowedPairs.maximumScore - Int(pairs.score[arc])
            words[next] = Word(cost) << Self.shift | Word(pairs.mentor[arc])
            named[Int(pairs.mentor[arc])] += 1
            next += 1
        }
        namedCount = named
        for mentee in 0..<(start.count - 1) {
            var slice = UnsafeMutableBufferPointer(
                start: words.base + Int(start[mentee]), count: Int(start[mentee + 1] - start[mentee]))
            slice.sort()
        }
    }

    var menteeCount: Int { start.count - 1 }

    @inline(__always)
    func cost(_ arc: Int) -> Int64 { Int64(words[arc] >> Self.shift) }

    @inline(__always)
    func mentor(_ arc: Int) -> Int32 { Int32(truncatingIfNeeded: words[arc] & (1 << Self.shift - 1)) }

    func usableCapacities(_ capacities: [Int32]) -> [Int32] {
        capacities.indices.map { min(capacities[$0], namedCount[$0]) }
    }
}
