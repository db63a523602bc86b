/// The mentors a shortest-path search has reached but not yet settled, cheapest first: an indexed
/// binary heap, so lowering a mentor's tentative distance moves its one entry instead of adding another.
struct MentorQueue: ~Copyable {
    private let keys: FlatBuffer<Int64>
    private let mentors: FlatBuffer<Int32>
    /// Where each mentor sits in the heap, or -1.
    private let place: FlatBuffer<Int32>
    private(set) var count = 0

    init(mentorCount: Int) {
        keys = FlatBuffer(repeating: 0, count: mentorCount)
        mentors = FlatBuffer(repeating: 0, count: mentorCount)
        place = FlatBuffer(repeating: -1, count: mentorCount)
    }

    var minimumKey: Int64 { keys[0] }

    /// Adds `mentor` with `key`, or lowers its key when it is already queued (never raises it).
    @inline(__always)
    mutating func insertOrLower(_ mentor: Int32, key: Int64) {
        var index = Int(place[mentor])
        if index < 0 {
            index = count
            count += 1
        } else if key >= keys[index] {
            return
        }
        while index > 0 {
            let parent = (index - 1) >> 1
            guard keys[parent] > key else { break }
            move(from: parent, to: index)
            index = parent
        }
        keys[index] = key
        mentors[index] = mentor
        place[mentor] = Int32(index)
    }

    mutating func popMinimum() -> (mentor: Int32, key: Int64) {
        let top = (mentors[0], keys[0])
        place[top.0] = -1
        count -= 1
        if count > 0 { siftDown(mentor: mentors[count], key: keys[count]) }
        return top
    }

    /// Empties the queue, touching only what it holds.
    mutating func removeAll() {
        for index in 0..<count { place[mentors[index]] = -1 }
        count = 0
    }

    private func siftDown(mentor: Int32, key: Int64) {
        var index = 0
        while true {
            var child = 2 * index + 1
            guard child < count else { break }
            if child + 1 < count, keys[child + 1] < keys[child] { child += 1 }
            guard keys[child] < key else { break }
            move(from: child, to: index)
            index = child
        }
        keys[index] = key
        mentors[index] = mentor
        place[mentor] = Int32(index)
    }

    @inline(__always)
    private func move(from source: Int, to target: Int) {
        keys[target] = keys[source]
        mentors[target] = mentors[source]
        place[mentors[target]] = Int32(target)
    }
}
