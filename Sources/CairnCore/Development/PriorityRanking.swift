import Foundation

/// How a workshop's attendees' rankings of a practice's needs become the practice's priorities (issue #18 item 2).
///
/// Each attendee ranks some or all of the workshop's `n` needs, 1 first, each rank used once. A need ranked `r` by
/// an attendee earns `n + 1 − r` points from them (a Borda count); a need they left unranked earns nothing. Needs
/// are ordered by points; equal points share a position ("=2"), and the next position skips (1, =2, =2, 4), so a
/// tie is shown as a tie and never broken by something nobody chose. The number of first places and of attendees
/// who ranked each need are kept beside the points, so the record shows how the order was reached.
public enum PriorityRanking {
    /// One need's result.
    public struct Row<ID: Hashable & Sendable>: Sendable, Equatable {
        public var need: ID
        public var title: String
        public var points: Int
        public var firstPlaces: Int
        public var rankedBy: Int
        /// 1 is the top priority; tied needs share a position.
        public var position: Int
        public var isTied: Bool

        /// "1", or "=2" when tied.
        public var positionText: String { isTied ? "=\(position)" : "\(position)" }
    }

    /// The method, in words, for the record beside the result.
    public static func method(needs: Int, ballots: Int) -> String {
        "\(ballots) \(ballots == 1 ? "attendee" : "attendees") ranked up to \(needs) needs, 1 first. A need ranked r "
            + "earns \(needs) + 1 − r points from each attendee who ranked it (a Borda count); needs are ordered by "
            + "their total, and equal totals share a place."
    }

    /// The problems with one attendee's ranks over `needs` needs: each rank from 1 to `needs`, each used once.
    public static func problems(in ranks: [Int], needs: Int) -> [String] {
        var problems: [String] = []
        if ranks.contains(where: { $0 < 1 || $0 > needs }) {
            problems.append("Use ranks from 1 to \(needs)")
        }
        if Set(ranks).count != ranks.count { problems.append("Use each rank once") }
        if ranks.isEmpty { problems.append("Rank at least one need") }
        return problems
    }

    /// The result over `needs` (in the order they were listed) from `ballots` (each attendee's need → rank; ranks
    /// already checked). Ordered by position, then by title within a tie.
    public static func aggregate<ID: Hashable & Sendable>(
        needs: [(id: ID, title: String)], ballots: [[ID: Int]]
    ) -> [Row<ID>] {
        let count = needs.count
        var rows = needs.map { need -> Row<ID> in
            var points = 0
            var first = 0
            var rankedBy = 0
            for ballot in ballots {
                guard let rank = ballot[need.id], rank >= 1, rank <= count else { continue }
                points += count + 1 - rank
                rankedBy += 1
                if rank == 1 { first += 1 }
            }
            return Row(
                need: need.id, title: need.title, points: points, firstPlaces: first, rankedBy: rankedBy, position: 0,
                isTied: false)
        }
        rows.sort { lhs, rhs in
            lhs.points != rhs.points
                ? lhs.points > rhs.points : lhs.title.localizedStandardCompare(rhs.title) == .orderedAscending
        }
        var index = 0
        while index < rows.count {
            var end = index
            while end + 1 < rows.count && rows[end + 1].points == rows[index].points { end += 1 }
            for tied in index...end {
                rows[tied].position = index + 1
                rows[tied].isTied = end > index
            }
            index = end + 1
        }
        return rows
    }
}
