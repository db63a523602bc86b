import Foundation

/// Identifiers of one kind (mentees or mentors) numbered in the order they were declared, looked up
/// by their UTF-8 bytes straight from the input buffer.
///
/// Why not `[String: Int]`: an instance names people millions of times (each pair and preference
/// entry); making a `String` for each lookup dominated reading time. This table hashes the bytes in
/// place (FNV-1a, open addressing) and keeps every declared identifier once in one byte arena.
struct IdentifierTable {
    private var arena: [UInt8] = []
    private var arenaStart: [Int32] = [0]
    private var slots: [Int32]
    private var mask: Int

    init(expectedCount: Int = 16) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    var count: Int { arenaStart.count - 1 }

    /// Declares an identifier: its new number, or the earlier number when it was declared before.
    mutating func declare(_ id: UnsafeBufferPointer<UInt8>) -> (number: Int, isNew: Bool) {
        if count * 2 >= slots.count { grow() }
        let hash = Self.hash(id)
        var slot = hash & mask
        while slots[slot] >= 0 {
            if matches(Int(slots[slot]), id) { return (Int(slots[slot]), false) }
            slot = (slot + 1) & mask
        }
        let number = count
        slots[slot] = Int32(number)
        arena.append(contentsOf: id)
        arenaStart.append(Int32(arena.count))
        return (number, true)
    }

    mutating func declare(_ id: [UInt8]) -> (number: Int, isNew: Bool) {
        id.withUnsafeBufferPointer { declare($0) }
    }

    /// One identifier as a string (for messages).
    func string(_ number: Int) -> String {
        arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[span(number)]), as: UTF8.self)
        }
    }

    /// The number of a declared identifier, or `nil`.
    @inline(__always)
    func number(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(id) & mask
        while slots[slot] >= 0 {
            if matches(Int(slots[slot]), id) { return Int(slots[slot]) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Lookups without reference counting, for the hot loops (pairs, preference lists): the table's
    /// storage seen through pointers for the duration of `body`.
    func withLookup<R, E: Error>(_ body: (Lookup) throws(E) -> R) throws(E) -> R {
        let outcome: Result<R, E> = arena.withUnsafeBufferPointer { arena in
            arenaStart.withUnsafeBufferPointer { arenaStart in
                slots.withUnsafeBufferPointer { slots in
                    Result { () throws(E) in
                        try body(Lookup(arena: arena, arenaStart: arenaStart, slots: slots, mask: mask))
                    }
                }
            }
        }
        return try outcome.get()
    }

    struct Lookup {
        let arena: UnsafeBufferPointer<UInt8>
        let arenaStart: UnsafeBufferPointer<Int32>
        let slots: UnsafeBufferPointer<Int32>
        let mask: Int

        /// The number of a declared identifier, or -1.
        @inline(__always)
        func number(of id: UnsafeBufferPointer<UInt8>) -> Int {
            var slot = IdentifierTable.hash(id) & mask
            while slots[slot] >= 0 {
                let number = Int(slots[slot])
                let start = Int(arenaStart[number])
                if Int(arenaStart[number + 1]) - start == id.count,
                    id.count == 0 || memcmp(arena.baseAddress! + start, id.baseAddress!, id.count) == 0
                {
                    return number
                }
                slot = (slot + 1) & mask
            }
            return -1
        }
    }

    /// All identifiers as strings, by number.
    func strings() -> [String] {
        arena.withUnsafeBufferPointer { arena in
            (0..<count).map { number in
                String(decoding: UnsafeBufferPointer(rebasing: arena[span(number)]), as: UTF8.self)
            }
        }
    }

    @inline(__always)
    private func span(_ number: Int) -> Range<Int> { Int(arenaStart[number])..<Int(arenaStart[number + 1]) }

    @inline(__always)
    private func matches(_ number: Int, _ id: UnsafeBufferPointer<UInt8>) -> Bool {
        let stored = span(number)
        guard stored.count == id.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            var offset = 0
            while offset < id.count {
                if arena[stored.lowerBound + offset] != id[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        arena.withUnsafeBufferPointer { arena in
            for number in 0..<count {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: arena[span(number)])) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(number)
            }
        }
    }

    @inline(__always)
    fileprivate static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
