extension AllowedPairs {
    /// A pair given twice: `second` is the later position in the input, `first` the earlier one.
    struct DuplicatePair: Error, Equatable {
        let first: Int
        let second: Int
    }

    /// Groups pairs (given in input order) by mentee, keeping input order within each mentee, and
    /// refuses a pair given twice.
    ///
    /// Counting sort, O(pairs + mentees + mentors), no per-pair allocation. When a duplicate exists the
    /// reported one is the earliest second occurrence in input order, so the message is the same
    /// whatever the mentees' order.
    static func grouping(
        menteeCount: Int, mentorCount: Int, pairMentee: [Int32], pairMentor: [Int32], pairScore: [Int16]
    ) throws(DuplicatePair) -> AllowedPairs {
        var start = [Int32](repeating: 0, count: menteeCount + 1)
        for mentee in pairMentee { start[Int(mentee) + 1] &+= 1 }
        for index in 0..<menteeCount { start[index + 1] &+= start[index] }
        var cursor = start
        var mentor = [Int32](repeating: 0, count: pairMentee.count)
        var score = [Int16](repeating: 0, count: pairMentee.count)
        for index in pairMentee.indices {
            let slot = Int(cursor[Int(pairMentee[index])])
            cursor[Int(pairMentee[index])] = Int32(slot + 1)
            mentor[slot] = pairMentor[index]
            score[slot] = pairScore[index]
        }
        let pairs = AllowedPairs(menteeStart: start, mentor: mentor, score: score)
        if pairs.hasDuplicate(mentorCount: mentorCount) {
            throw earliestDuplicate(pairMentee: pairMentee, pairMentor: pairMentor)
        }
        return pairs
    }

    /// Fast check, one stamp per mentor: true when some mentee names the same mentor twice.
    private func hasDuplicate(mentorCount: Int) -> Bool {
        var lastMentee = [Int32](repeating: -1, count: mentorCount)
        for mentee in 0..<(menteeStart.count - 1) {
            for arc in arcs(ofMentee: mentee) {
                let named = Int(mentor[arc])
                if lastMentee[named] == Int32(mentee) { return true }
                lastMentee[named] = Int32(mentee)
            }
        }
        return false
    }

    /// Slow path, run only when the input is already known to be wrong: finds the exact positions.
    private static func earliestDuplicate(pairMentee: [Int32], pairMentor: [Int32]) -> DuplicatePair {
        var firstSeen: [Int64: Int] = [:]
        for index in pairMentee.indices {
            let key = Int64(pairMentee[index]) << 32 | Int64(pairMentor[index])
            if let first = firstSeen[key] { return DuplicatePair(first: first, second: index) }
            firstSeen[key] = index
        }
        preconditionFailure("earliestDuplicate called without a duplicate")
    }
}
