/// The state of the successive-shortest-path solver behind `OptimalMatcher` (see there for why it
/// is exact). Mentors are the only queued nodes: a mentee is reached only through the mentor that
/// holds it, at the same distance, so its potential is implied (`p(mentor) − cost`) and never stored.
struct MinCostAssignment<Word: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>: ~Copyable {
    let arcs: AssignmentArcs<Word>
    /// Cost of leaving a mentee unmatched: more than any total of pair costs.
    let unmatchedCost: Int64
    let capacity: FlatBuffer<Int32>
    /// What the search reads and writes for every pair it relaxes, kept together (see MentorState).
    let mentorState: FlatBuffer<MentorState>
    /// Mentor `m` owns places `placeStart[m] ..< placeStart[m] + capacity[m]`; `held` says who is
    /// there and at what cost (kept with the place: looking the cost up through the mentee's pair
    /// was a cache miss per mentee and a third of the search's time).
    let placeStart: FlatBuffer<Int32>
    let held: FlatBuffer<HeldPlace>
    let placeOf: FlatBuffer<Int32>
    /// The arc (pair) each mentee is matched by, or -1.
    let arcOf: FlatBuffer<Int32>

    // The current search (see MinCostAssignment+Search.swift).
    let settled: FlatBuffer<Int32>
    var settledCount = 0
    var searchNumber: Int32 = 0
    var queue: MentorQueue
    var best = PathEnd(distance: 0, mentor: -1, mentee: -1, arc: -1)

    init(arcs: consuming AssignmentArcs<Word>, capacities: [Int32]) {
        let mentorCount = capacities.count
        let menteeCount = arcs.menteeCount
        unmatchedCost = Int64(AllowedPairs.maximumScore) * Int64(menteeCount + 1) + 1
        let usable = arcs.usableCapacities(capacities)
        self.arcs = arcs
        capacity = FlatBuffer(repeating: 0, count: mentorCount)
        placeStart = FlatBuffer(repeating: 0, count: mentorCount)
        var places = 0
        for mentor in 0..<mentorCount {
            capacity[mentor] = usable[mentor]
            placeStart[mentor] = Int32(places)
            places += Int(usable[mentor])
        }
        mentorState = FlatBuffer(
            repeating: MentorState(potential: 0, distance: 0, stamp: -1, room: 0, reachedFrom: -1, reachedBy: -1),
            count: mentorCount)
        for mentor in 0..<mentorCount { mentorState[mentor].room = usable[mentor] }
        held = FlatBuffer(
            repeating: HeldPlace(mentee: -1, cost: 0, firstArc: 0, endArc: 0, alternativeAtLeast: 0), count: places)
        placeOf = FlatBuffer(repeating: -1, count: menteeCount)
        arcOf = FlatBuffer(repeating: -1, count: menteeCount)
        settled = FlatBuffer(repeating: -1, count: mentorCount)
        queue = MentorQueue(mentorCount: mentorCount)
    }

    /// Adds one mentee to the plan, keeping the plan optimal for the mentees added so far.
    mutating func add(mentee: Int) {
        findShortestPath(from: mentee)
        settlePotentials(at: best.distance)
        augment(from: mentee, to: best)
    }

    func holding(_ mentee: Int, by arc: Int, alternativeAtLeast: Int64 = 0) -> HeldPlace {
        HeldPlace(
            mentee: Int32(mentee), cost: Int32(arcs.cost(arc)), firstArc: arcs.start[mentee],
            endArc: arcs.start[mentee + 1],
            alternativeAtLeast: alternativeAtLeast)
    }

    @inline(__always)
    func used(_ mentor: Int32) -> Int32 { capacity[mentor] - mentorState[mentor].room }

    func mentorOfMentee() -> [Int32] {
        (0..<arcs.menteeCount).map { arcOf[$0] < 0 ? -1 : arcs.mentor(Int(arcOf[$0])) }
    }

    /// Lowers the potential of every settled mentor by how much closer than the path's end it was;
    /// this keeps every reduced cost non-negative and the matched pairs' reduced costs at zero.
    private func settlePotentials(at distance: Int64) {
        for index in 0..<settledCount {
            let mentor = settled[index]
            mentorState[mentor].potential -= distance - mentorState[mentor].distance
        }
    }

    /// Shifts mentees along the path: the last one moves to the free place (or leaves, when the path
    /// ends at "unmatched"), each earlier one takes the place its successor left, the new mentee last.
    private func augment(from newcomer: Int, to end: PathEnd) {
        var mover = Int(end.mentee)
        var arc = end.arc
        var freed: Int32
        if end.mentor < 0 {
            freed = placeOf[mover]
            placeOf[mover] = -1
        } else {
            let place = Int(placeStart[end.mentor] + used(end.mentor))
            mentorState[end.mentor].room -= 1
            freed = placeOf[mover]
            held[place] = holding(mover, by: Int(arc))
            placeOf[mover] = Int32(place)
        }
        while true {
            let left = arcOf[mover]
            arcOf[mover] = arc
            guard mover != newcomer else { return }
            let previousMentor = arcs.mentor(Int(left))
            let next = Int(mentorState[previousMentor].reachedFrom)
            arc = mentorState[previousMentor].reachedBy
            let nextFreed = placeOf[next]
            held[Int(freed)] = holding(next, by: Int(arc))
            placeOf[next] = freed
            freed = nextFreed
            mover = next
        }
    }
}

/// Who holds a place, the cost of their pair, and where their pairs are (saving two dependent
/// loads per mentee when the search moves through this place).
struct HeldPlace: BitwiseCopyable {
    var mentee: Int32
    var cost: Int32
    var firstArc: Int32
    var endArc: Int32
    /// A lower bound on the holder's cheapest other option (`cost − potential`), so a search can
    /// pass over a mentee who could not move anywhere cheaply enough; 0 when unknown.
    var alternativeAtLeast: Int64
}

/// One mentor as the search sees it, in 32 bytes: everything a relaxation reads or writes shares
/// a cache line.
struct MentorState: BitwiseCopyable {
    /// 0 while the mentor has room, never positive, never below `-(D + 1000)`.
    var potential: Int64
    /// Tentative distance in the current search (valid while `stamp` says queued or settled).
    var distance: Int64
    /// `2 × search` while queued in that search, `2 × search + 1` once settled there.
    var stamp: Int32
    /// Places still free.
    var room: Int32
    /// The mentee and pair by which the current search reached this mentor.
    var reachedFrom: Int32
    var reachedBy: Int32
}

/// Where a shortest augmenting path ends: at a mentor with room (`mentor >= 0`) reached from
/// `mentee` by `arc`, or at "unmatched" for `mentee` (`mentor == -1`, `arc == -1`).
struct PathEnd {
    var distance: Int64
    var mentor: Int32
    var mentee: Int32
    var arc: Int32
}
