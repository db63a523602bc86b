/// The mentee-optimal stable matching (the hospitals/residents problem) by mentee-proposing deferred
/// acceptance (Gale–Shapley, with Roth's capacities).
///
/// A pair is acceptable only when each lists the other. The result is stable (no mentee and mentor
/// who both prefer each other to what they have, counting a free place as worse than any acceptable
/// mentee) and every mentee does at least as well as in any other stable matching. The result does
/// not depend on the order proposals are made in, so it is deterministic.
public enum StableMatcher {
    public static func solve(_ problem: MatchingProblem) -> MatchingResult {
        guard let preferences = problem.preferences else {
            return MatchingResult(
                mode: .stable, mentorOfMentee: Array(repeating: -1, count: problem.menteeCount), in: problem)
        }
        let rank = mentorRanks(preferences, menteeCount: problem.menteeCount, mentorCount: problem.mentorCount)
        var acceptance = DeferredAcceptance(
            lists: preferences.menteeLists, rankAtMentor: rank, capacities: problem.capacities)
        acceptance.run()
        return MatchingResult(mode: .stable, mentorOfMentee: acceptance.mentorOfMentee(), in: problem)
    }

    /// For each entry of the mentees' lists, where the named mentor ranks that mentee (0 = first),
    /// or -1 when the mentor does not list them. Linear time: mentee entries are grouped by mentor,
    /// then each mentor's list is laid over a mentee-indexed scratch array.
    static func mentorRanks(_ preferences: PreferenceLists, menteeCount: Int, mentorCount: Int) -> [Int32] {
        let menteeLists = preferences.menteeLists
        let mentorLists = preferences.mentorLists
        let entries = menteeLists.entries
        var groupStart = [Int32](repeating: 0, count: mentorCount + 1)
        for mentor in entries { groupStart[Int(mentor) + 1] += 1 }
        for mentor in 0..<mentorCount { groupStart[mentor + 1] += groupStart[mentor] }
        var cursor = groupStart
        var grouped = [Int32](repeating: 0, count: entries.count)
        var ownerOf = [Int32](repeating: 0, count: entries.count)
        for mentee in 0..<menteeCount {
            for position in menteeLists.positions(of: mentee) {
                let mentor = Int(entries[position])
                grouped[Int(cursor[mentor])] = Int32(position)
                ownerOf[position] = Int32(mentee)
                cursor[mentor] += 1
            }
        }
        var rank = [Int32](repeating: -1, count: entries.count)
        var rankOfMentee = [Int32](repeating: -1, count: menteeCount)
        for mentor in 0..<mentorCount {
            let list = mentorLists.positions(of: mentor)
            for position in list {
                rankOfMentee[Int(mentorLists.entries[position])] = Int32(position - list.lowerBound)
            }
            for index in Int(groupStart[mentor])..<Int(groupStart[mentor + 1]) {
                let position = Int(grouped[index])
                rank[position] = rankOfMentee[Int(ownerOf[position])]
            }
            for position in list { rankOfMentee[Int(mentorLists.entries[position])] = -1 }
        }
        return rank
    }
}

/// The proposing loop. Each mentor holds its best offers so far in a max-heap by rank (worst on
/// top), so displacing the worst costs O(log capacity).
struct DeferredAcceptance {
    let lists: RankedLists
    let rankAtMentor: [Int32]
    let capacities: [Int32]
    private var next: [Int32]
    private var heldStart: [Int32]
    private var heldCount: [Int32]
    /// Held offers as `rank << 32 | mentee`, heap-ordered within each mentor's region.
    private var held: [Int64]

    init(lists: RankedLists, rankAtMentor: [Int32], capacities: [Int32]) {
        self.lists = lists
        self.rankAtMentor = rankAtMentor
        self.capacities = capacities
        next = lists.start
        var acceptable = [Int32](repeating: 0, count: capacities.count)
        for position in rankAtMentor.indices where rankAtMentor[position] >= 0 {
            acceptable[Int(lists.entries[position])] += 1
        }
        heldStart = [Int32](repeating: 0, count: capacities.count + 1)
        for mentor in capacities.indices {
            heldStart[mentor + 1] = heldStart[mentor] + min(capacities[mentor], acceptable[mentor])
        }
        heldCount = [Int32](repeating: 0, count: capacities.count)
        held = [Int64](repeating: 0, count: Int(heldStart[capacities.count]))
    }

    mutating func run() {
        let menteeCount = lists.start.count
        var free = (0..<Int32(menteeCount)).reversed().map { $0 }
        while let mentee = free.popLast() {
            if let displaced = propose(Int(mentee)) { free.append(displaced) }
        }
    }

    /// `mentee` proposes down its list until someone holds it; returns whoever that displaced.
    private mutating func propose(_ mentee: Int) -> Int32? {
        let end = lists.start[mentee] + lists.length[mentee]
        while next[mentee] < end {
            let position = Int(next[mentee])
            next[mentee] += 1
            let rank = rankAtMentor[position]
            let mentor = Int(lists.entries[position])
            guard rank >= 0, capacities[mentor] > 0 else { continue }
            let offer = Int64(rank) << 32 | Int64(mentee)
            let base = Int(heldStart[mentor])
            if heldCount[mentor] < capacities[mentor] {
                heldCount[mentor] += 1
                siftUp(offer, at: Int(heldCount[mentor]) - 1, base: base)
                return nil
            }
            guard offer < held[base] else { continue }
            let displaced = Int32(truncatingIfNeeded: held[base])
            siftDown(offer, base: base, count: Int(heldCount[mentor]))
            return displaced
        }
        return nil
    }

    private mutating func siftUp(_ offer: Int64, at start: Int, base: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard held[base + parent] < offer else { break }
            held[base + index] = held[base + parent]
            index = parent
        }
        held[base + index] = offer
    }

    private mutating func siftDown(_ offer: Int64, base: Int, count: Int) {
        var index = 0
        while 2 * index + 1 < count {
            var child = 2 * index + 1
            if child + 1 < count, held[base + child + 1] > held[base + child] { child += 1 }
            guard held[base + child] > offer else { break }
            held[base + index] = held[base + child]
            index = child
        }
        held[base + index] = offer
    }

    func mentorOfMentee() -> [Int32] {
        var mentorOf = [Int32](repeating: -1, count: lists.start.count)
        for mentor in capacities.indices {
            for index in Int(heldStart[mentor])..<Int(heldStart[mentor] + heldCount[mentor]) {
                mentorOf[Int(held[index] & 0xFFFF_FFFF)] = Int32(mentor)
            }
        }
        return mentorOf
    }
}
