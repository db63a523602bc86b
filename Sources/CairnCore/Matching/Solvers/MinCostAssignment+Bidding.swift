/// The opening of the solver: mentees bid for their favourite mentor, raising its price, before
/// the exact shortest-path phase takes the rest (Jonker–Volgenant's "augmenting row reduction",
/// adapted to capacities). Why: adding mentees one by one from zero prices made the last additions
/// search most of the graph (each tight market needs prices that only long paths discover);
/// bidding sets most prices cheaply, and the exact phase starts from there.
///
/// Why it keeps the result exact: every mentee it leaves holding a place is at a cheapest option
/// (`cost + price`, "unmatched" at `D` included), mentors with room keep price 0, and prices only
/// rise. A mentor's price rises by at most the smallest margin any of its holders had over their
/// second option (remembered when they took the place; their other options only got dearer since),
/// so every holder stays at a cheapest option. (That margin is `HeldPlace.alternativeAtLeast`, which
/// the search also uses.) Those are exactly the potentials and tight pairs the
/// shortest-path phase requires; it then adds the mentees bidding left over.
extension MinCostAssignment {
    /// Runs at most `rounds × mentees` bids; returns the mentees left for the exact phase, in order.
    mutating func bidForFavourites(rounds: Int) -> [Int] {
        let menteeCount = arcs.menteeCount
        var waiting = Array(0..<Int32(menteeCount))
        var next = 0
        var budget = rounds * menteeCount
        while next < waiting.count, budget > 0 {
            budget -= 1
            let mentee = Int(waiting[next])
            next += 1
            if let displaced = bid(mentee) { waiting.append(displaced) }
        }
        return (0..<menteeCount).filter { arcOf[$0] < 0 }
    }

    /// One bid: `mentee` takes a place at its cheapest mentor, raising the price when the mentor is
    /// full and displacing the holder with the least margin (the price may stay when that holder had
    /// a tie). Returns the displaced mentee, if any. A mentee whose cheapest option is "unmatched" is
    /// left waiting.
    private func bid(_ mentee: Int) -> Int32? {
        var best = (value: unmatchedCost, arc: -1)
        var second = (value: unmatchedCost, arc: -1)
        for arc in Int(arcs.start[mentee])..<Int(arcs.start[mentee + 1]) {
            let cost = arcs.cost(arc)
            if cost >= second.value { break }
            let mentor = arcs.mentor(arc)
            let value = cost - mentorState[mentor].potential
            if value < best.value || (value == best.value && mentorState[mentor].room > 0) {
                second = best
                best = (value, arc)
            } else if value < second.value {
                second = (value, arc)
            }
        }
        guard best.arc >= 0, best.value < unmatchedCost else { return nil }
        // Two full favourites at the same price: take the second's place without raising it (as
        // Jonker–Volgenant do), so tied mentees keep moving instead of stalling.
        let arc = second.value == best.value && second.arc >= 0 ? second.arc : best.arc
        let mentor = arcs.mentor(arc)
        if mentorState[mentor].room > 0 {
            let place = Int(placeStart[mentor] + used(mentor))
            mentorState[mentor].room -= 1
            held[place] = holding(mentee, by: arc, alternativeAtLeast: second.value)
            placeOf[mentee] = Int32(place)
            arcOf[mentee] = Int32(arc)
            return nil
        }
        let (place, margin) = leastMarginPlace(of: mentor)
        mentorState[mentor].potential -= min(second.value - best.value, margin)
        let displaced = held[place].mentee
        arcOf[displaced] = -1
        placeOf[displaced] = -1
        held[place] = holding(mentee, by: arc, alternativeAtLeast: second.value)
        placeOf[mentee] = Int32(place)
        arcOf[mentee] = Int32(arc)
        return displaced
    }

    /// The holder of `mentor` closest to preferring another option, and by how much it still prefers this one.
    private func leastMarginPlace(of mentor: Int32) -> (place: Int, margin: Int64) {
        var least = (place: -1, margin: Int64.max)
        let first = Int(placeStart[mentor])
        let potential = mentorState[mentor].potential
        for place in first..<(first + Int(used(mentor))) {
            let holding = held[place]
            let margin = holding.alternativeAtLeast - (Int64(holding.cost) - potential)
            if margin < least.margin { least = (place, margin) }
        }
        return least
    }
}
