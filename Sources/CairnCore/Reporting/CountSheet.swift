/// Every count a report publishes, with the sums that tie them together (a month's referrals are the sum of that
/// month's by profession; the year's are the sum of its months), protected as one sheet (issue #21 item 5).
///
/// Counts from 1 to 4 are hidden (primary suppression). Hiding them cell by cell is not enough: a hidden count
/// could be worked out by subtracting the shown ones from a shown total. So after the primary pass the sheet asks,
/// for each hidden count, what range of values is consistent with *everything* shown (every equation at once, each
/// hidden count known only to be at least 1), and while any hidden count has one possible value it hides one more
/// count beside it (the smallest shown in a sum with it: secondary suppression). Every hidden count is shown with the
/// same symbol, so a reader cannot tell a small count from one hidden to protect it.
public struct CountSheet: Sendable {
    public struct Cell: Hashable, Sendable {
        public let index: Int
    }

    public private(set) var values: [Int] = []
    /// How a sum's parts stand to its total.
    public enum Relation: Sendable {
        /// The parts add up to the total.
        case exact
        /// The parts add up to the total or more (each referral gives at least one reason, so a month's reasons
        /// add up to at least its referrals).
        case atLeast
        /// The parts add up to the total or less (one reason's count is at most the month's referrals).
        case atMost
    }

    public private(set) var sums: [(total: Int, parts: [Int], relation: Relation)] = []
    /// Counts a reader never sees but can reason about (the cases closed in the period, say): unknowns of at least
    /// 0 in every check, never hidden or shown themselves.
    public private(set) var unpublished: Set<Int> = []
    /// Counts at or above this are shown unless hiding them protects another.
    public let threshold: Int

    public init(threshold: Int = 5) {
        self.threshold = threshold
    }

    public mutating func add(_ value: Int) -> Cell {
        values.append(max(0, value))
        return Cell(index: values.count - 1)
    }

    /// A count that is not published but ties published ones together (see `unpublished`).
    public mutating func addUnpublished(_ value: Int) -> Cell {
        let cell = add(value)
        unpublished.insert(cell.index)
        return cell
    }

    /// States that `total` is the sum of `parts` (or at most, or at least, that sum); a part of zero need not be
    /// added to the sheet.
    public mutating func tie(_ total: Cell, to parts: [Cell], _ relation: Relation = .exact) {
        sums.append((total.index, parts.map(\.index), relation))
    }

    /// States that `total` is a weighted sum of `parts` (four sessions promised to each active pair: the promise is
    /// four times the pairs); a part counted `n` times is `n` times in the sum.
    public mutating func tie(_ total: Cell, toMultiples parts: [(Cell, Int)], _ relation: Relation = .exact) {
        tie(total, to: parts.flatMap { Array(repeating: $0.0, count: max(0, $0.1)) }, relation)
    }

    /// Ties `total` to `parts` only when the values hold it: a relation a reader may know in general (each pair has
    /// the programme's sessions) but that this data need not keep. A true relation only adds to what is protected.
    public mutating func tieIfTrue(_ total: Cell, to parts: [Cell], _ relation: Relation = .exact) {
        let sum = parts.reduce(0) { $0 + values[$1.index] }
        let holds =
            switch relation {
            case .exact: sum == values[total.index]
            case .atLeast: sum >= values[total.index]
            case .atMost: sum <= values[total.index]
            }
        if holds { tie(total, to: parts, relation) }
    }

    /// The sheet with its hidden set decided.
    public func protected() -> ProtectedSheet {
        var hidden = Set(
            values.indices.filter { values[$0] > 0 && values[$0] < threshold && !unpublished.contains($0) }
        ).union(unpublished)
        // Hiding more only widens what a hidden count could be, so a count once shown to have more than one
        // possible value keeps it: each round checks only the counts not yet known to be safe. A round hides one
        // more count beside each exposed one (one per sum a round), so a sheet of n counts needs at most n rounds.
        var safe: Set<Int> = unpublished
        let membership = sumsByMember()
        for _ in 0...values.count {
            var exposed: [Int] = []
            probe(hidden: hidden, safe: &safe)
            for cell in hidden.sorted() where !safe.contains(cell) {
                if isExposed(cell, hidden: hidden) { exposed.append(cell) } else { safe.insert(cell) }
            }
            guard !exposed.isEmpty else { break }
            var touched: Set<Int> = []
            var added = false
            for cell in exposed {
                let direct = Set(membership[cell, default: []])
                guard direct.isDisjoint(with: touched),
                    let extra = complement(for: cell, hidden: hidden, membership: membership)
                else { continue }
                hidden.insert(extra)
                touched.formUnion(membership[extra, default: []])
                added = true
            }
            if !added { break }
        }
        return ProtectedSheet(values: values, hidden: hidden.subtracting(unpublished))
    }

    /// Whether a hidden count has exactly one value consistent with every shown count and every sum.
    public func isExposed(_ cell: Int, hidden: Set<Int>) -> Bool {
        let (unknowns, system) = self.system(around: cell, hidden: hidden, boxed: false)
        let at = unknowns.firstIndex(of: cell)!
        let value = Double(values[cell])
        // The true value is always feasible: it is exposed only if it is both the greatest and the least.
        if case .value(let greatest) = system.extreme(of: at), greatest < value + 0.5 {
            if case .value(let least) = system.extreme(of: at, minimise: true), least > value - 0.5 { return true }
        }
        return false
    }

    /// Marks as safe every hidden count that some solution of its linked sums puts at another value: a few
    /// solutions for mixed objectives settle most counts at once, leaving few to check one by one.
    private func probe(hidden: Set<Int>, safe: inout Set<Int>) {
        var seen: Set<Int> = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for cell in hidden.sorted() where !safe.contains(cell) && !seen.contains(cell) {
            // Each solution stays within 10 of every true count: a solution there is one without the box too.
            let (unknowns, system) = self.system(around: cell, hidden: hidden, boxed: true)
            seen.formUnion(unknowns)
            guard unknowns.contains(where: { !safe.contains($0) }) else { continue }
            for _ in 0..<4 {
                let objective = system.lower.indices.map { _ -> Double in
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return seed >> 63 == 0 ? 1 : -1
                }
                guard let point = system.solution(maximising: objective) else { continue }
                for (index, unknown) in unknowns.enumerated() where abs(point[index] - Double(values[unknown])) > 0.5 {
                    safe.insert(unknown)
                }
            }
        }
    }

    /// The hidden counts linked to `cell` and what a reader knows of them: each at least 1 (and, `boxed`, at most
    /// 10 above its true value), every sum they are in.
    private func system(around cell: Int, hidden: Set<Int>, boxed: Bool) -> ([Int], LinearSystem) {
        let component = connected(to: cell, hidden: hidden)
        let unknowns = component.unknowns.sorted()
        let position = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var lower = unknowns.map { unpublished.contains($0) ? 0.0 : 1.0 }
        var upper = unknowns.map { boxed ? Double(values[$0] + 10) : nil }
        var equations: [LinearSystem.Equation] = []
        for sum in component.sums {
            let (total, parts, relation) = sums[sum]
            var terms: [(unknown: Int, coefficient: Double)] = []
            var constant = 0.0
            for (index, coefficient) in [(total, -1.0)] + parts.map({ ($0, 1.0) }) {
                if let at = position[index] {
                    terms.append((at, coefficient))
                } else {
                    constant += coefficient * Double(values[index])
                }
            }
            // An inequality gets an unknown slack of at least 0 (what the parts exceed or fall short of the total).
            let surplus = parts.reduce(0) { $0 + values[$1] } - values[total]
            switch relation {
            case .exact: break
            case .atLeast, .atMost:
                terms.append((lower.count, relation == .atLeast ? -1 : 1))
                lower.append(0)
                upper.append(boxed ? Double(abs(surplus) + 10) : nil)
            }
            equations.append(.init(terms: terms, total: -constant))
        }
        return (unknowns, LinearSystem(lower: lower, upper: upper, equations: equations))
    }

    /// The hidden counts linked to `cell` through sums, and those sums.
    private func connected(to cell: Int, hidden: Set<Int>) -> (unknowns: Set<Int>, sums: [Int]) {
        var unknowns: Set<Int> = [cell]
        var chosen: Set<Int> = []
        var queue = [cell]
        while let next = queue.popLast() {
            for (index, sum) in sums.enumerated() where !chosen.contains(index) {
                guard sum.total == next || sum.parts.contains(next) else { continue }
                chosen.insert(index)
                for member in [sum.total] + sum.parts where hidden.contains(member) && !unknowns.contains(member) {
                    unknowns.insert(member)
                    queue.append(member)
                }
            }
        }
        return (unknowns, chosen.sorted())
    }

    /// The count to hide next to protect `cell`: a shown, non-zero count in a sum where `cell` is the only hidden
    /// one (else in any sum with it, else in any sum linked to it). Preferred: one that also sits in another sum
    /// already holding a hidden count, which closes a cycle (a rectangle in a two-way table) so neither sum gives
    /// a count away; then the smallest.
    private func complement(for cell: Int, hidden: Set<Int>, membership: [Int: [Int]]) -> Int? {
        func members(_ sum: Int) -> [Int] { [sums[sum].total] + sums[sum].parts }
        func best(in candidates: [Int]) -> Int? {
            func closes(_ candidate: Int) -> Int {
                membership[candidate, default: []].filter { sum in
                    members(sum).contains {
                        $0 != candidate && $0 != cell && hidden.contains($0) && !unpublished.contains($0)
                    }
                }.count
            }
            return candidates.filter { !hidden.contains($0) && values[$0] > 0 }
                .map { (candidate: $0, closes: closes($0)) }
                .min {
                    ($1.closes, values[$0.candidate], $0.candidate) < ($0.closes, values[$1.candidate], $1.candidate)
                }?
                .candidate
        }
        let direct = membership[cell, default: []]
        let lonely = direct.filter { sum in !members(sum).contains { $0 != cell && hidden.contains($0) } }
        if let found = best(in: lonely.flatMap(members)) { return found }
        if let found = best(in: direct.flatMap(members)) { return found }
        return best(in: connected(to: cell, hidden: hidden).sums.flatMap(members))
    }

    /// The sums each count is in.
    private func sumsByMember() -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        for (index, sum) in sums.enumerated() {
            for member in [sum.total] + sum.parts { result[member, default: []].append(index) }
        }
        return result
    }
}

/// A sheet after protection: each count is shown or hidden, never recoverable from the others.
public struct ProtectedSheet: Sendable, Equatable {
    /// The true counts stay inside: a view reads `shown` or `value`, which never give a hidden one.
    private let values: [Int]
    public let hidden: Set<Int>

    init(values: [Int], hidden: Set<Int>) {
        self.values = values
        self.hidden = hidden
    }

    /// What a reader sees for a hidden count, small or hidden to protect a small one.
    public static let hiddenSymbol = "*"

    public func isHidden(_ cell: CountSheet.Cell) -> Bool { hidden.contains(cell.index) }

    /// The count as published.
    public func shown(_ cell: CountSheet.Cell) -> String {
        isHidden(cell) ? Self.hiddenSymbol : String(values[cell.index])
    }

    /// The count when it is published, `nil` when hidden.
    public func value(_ cell: CountSheet.Cell) -> Int? {
        isHidden(cell) ? nil : values[cell.index]
    }
}

extension CountSheet {
    /// Everything protection depends on: two sheets with equal keys are protected alike.
    struct Key: Hashable, Sendable {
        var values: [Int]
        var sums: [[Int]]
        var unpublished: [Int]
        var threshold: Int
    }

    var key: Key {
        Key(
            values: values,
            sums: sums.map { [$0.total, $0.relation == .exact ? 0 : $0.relation == .atLeast ? 1 : 2] + $0.parts },
            unpublished: unpublished.sorted(), threshold: threshold)
    }

    /// The sheet protected, decided once for the same counts: `ProtectionCache.shared` keeps the last few sheets'
    /// hidden sets, and requests arriving while one is being decided wait for it instead of deciding it again.
    public func protectedOnce() async -> ProtectedSheet {
        await ProtectionCache.shared.protected(self)
    }
}

/// The protection of a large sheet (the unit's year of figures: hundreds of small counts in one web of sums) costs
/// linear programmes; the counts change only when a case does. So the hidden set of a sheet is kept by its exact
/// counts and sums (protection is deterministic): the page asked again, by anyone in the organisation, reads it back,
/// and a burst of requests after a change decides it once.
public actor ProtectionCache {
    public static let shared = ProtectionCache()

    private var decided: [CountSheet.Key: ProtectedSheet] = [:]
    private var order: [CountSheet.Key] = []
    private var deciding: [CountSheet.Key: Task<ProtectedSheet, Never>] = [:]
    private let capacity = 16
    /// How many sheets this cache has decided (tests read it).
    private(set) var decisions = 0

    /// Forgets every decided sheet (the figures benchmark times the first request after a change).
    public func clear() {
        decided = [:]
        order = []
    }

    func protected(_ sheet: CountSheet) async -> ProtectedSheet {
        let key = sheet.key
        if let known = decided[key] { return known }
        if let running = deciding[key] { return await running.value }
        let task = Task.detached(priority: .userInitiated) { sheet.protected() }
        deciding[key] = task
        decisions += 1
        let result = await task.value
        deciding[key] = nil
        decided[key] = result
        order.append(key)
        if order.count > capacity { decided[order.removeFirst()] = nil }
        return result
    }
}
