/// The Dijkstra search of one mentee's addition, over reduced costs, in distances shifted by the new
/// mentee's (implied) potential so that it starts at 0.
extension MinCostAssignment {
    /// Finds the cheapest way to add `newcomer`: a path of mentees changing mentor that ends at a
    /// free place or at someone left unmatched. Leaves it in `best`, the settled mentors in `settled`.
    mutating func findShortestPath(from newcomer: Int) {
        searchNumber += 1
        settledCount = 0
        best = PathEnd(distance: unmatchedCost, mentor: -1, mentee: Int32(newcomer), arc: -1)
        _ = scan(
            mentee: newcomer, arcs: Int(arcs.start[newcomer])..<Int(arcs.start[newcomer + 1]), offset: 0, holding: -1)
        while queue.count > 0, queue.minimumKey < best.distance {
            let (mentor, reached) = queue.popMinimum()
            mentorState[mentor].stamp = 2 * searchNumber + 1
            settled[settledCount] = mentor
            settledCount += 1
            let first = Int(placeStart[mentor])
            let mentorPotential = mentorState[mentor].potential
            let places = first..<(first + Int(capacity[mentor]))
            for place in places {
                let holding = held[place]
                let offset = reached + mentorPotential - Int64(holding.cost)
                // No way on from this mentee can beat `best`: skip its pairs altogether.
                if offset + holding.alternativeAtLeast >= best.distance { continue }
                let alternative = scan(
                    mentee: Int(holding.mentee), arcs: Int(holding.firstArc)..<Int(holding.endArc),
                    offset: offset, holding: mentor)
                held[place].alternativeAtLeast = max(holding.alternativeAtLeast, alternative)
            }
        }
        queue.removeAll()
    }

    /// Relaxes the pairs of `mentee`, reached at distance `offset − p(mentee)`, and its way out to
    /// "unmatched". Free places only compete for `best`; full mentors are queued. Pairs come cheapest
    /// first and potentials are never positive, so once `offset + cost` reaches the best path found,
    /// no later pair can improve on it.
    ///
    /// Returns a lower bound on the mentee's cheapest option other than the mentor `holding` it
    /// (`cost − potential`, "unmatched" included): the least seen, and at most the cost of the first
    /// pair not looked at. Options only get dearer (potentials only fall), so it stays a bound.
    @inline(__always)
    private mutating func scan(mentee: Int, arcs range: Range<Int>, offset: Int64, holding: Int32) -> Int64 {
        if offset + unmatchedCost < best.distance {
            best = PathEnd(distance: offset + unmatchedCost, mentor: -1, mentee: Int32(mentee), arc: -1)
        }
        let queued = 2 * searchNumber
        var alternative = unmatchedCost
        for arc in range {
            let cost = arcs.cost(arc)
            if offset + cost >= best.distance {
                alternative = min(alternative, cost)
                break
            }
            let mentor = arcs.mentor(arc)
            let state = mentorState[mentor]
            let value = cost - state.potential
            if mentor != holding { alternative = min(alternative, value) }
            let key = offset + value
            guard key < best.distance, state.stamp != queued + 1 else { continue }
            if state.room > 0 {
                best = PathEnd(distance: key, mentor: mentor, mentee: Int32(mentee), arc: Int32(arc))
            } else if state.stamp != queued || key < state.distance {
                mentorState[mentor] = MentorState(
                    potential: state.potential, distance: key, stamp: queued, room: 0,
                    reachedFrom: Int32(mentee), reachedBy: Int32(arc))
                queue.insertOrLower(mentor, key: key)
            }
        }
        return alternative
    }
}
