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
    public private(set) var sums: [(total: Int, parts: [Int])] = []
    /// Counts at or above this are shown unless hiding them protects another.
    public let threshold: Int

    public init(threshold: Int = 5) {
        self.threshold = threshold
    }

    public mutating func add(_ value: Int) -> Cell {
        values.append(max(0, value))
        return Cell(index: values.count - 1)
    }

    /// States that `total` is exactly the sum of `parts` (a part of zero need not be added to the sheet).
    public mutating func tie(_ total: Cell, to parts: [Cell]) {
        sums.append((total.index, parts.map(\.index)))
    }

    /// The sheet with its hidden set decided.
    public func protected() -> ProtectedSheet {
        var hidden = Set(values.indices.filter { values[$0] > 0 && values[$0] < threshold })
        // Each round hides one more count beside the first hidden count that can still be worked out; a sheet of
        // n counts needs at most n rounds.
        for _ in 0...values.count {
            guard let exposed = firstExposed(hidden: hidden) else { break }
            guard let extra = complement(for: exposed, hidden: hidden) else { break }
            hidden.insert(extra)
        }
        return ProtectedSheet(values: values, hidden: hidden)
    }

    /// The first hidden count whose value follows from what is shown, if any.
    public func firstExposed(hidden: Set<Int>) -> Int? {
        hidden.sorted().first { isExposed($0, hidden: hidden) }
    }

    /// Whether a hidden count has exactly one value consistent with every shown count and every sum.
    public func isExposed(_ cell: Int, hidden: Set<Int>) -> Bool {
        let component = connected(to: cell, hidden: hidden)
        let unknowns = component.unknowns.sorted()
        let position = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        var equations: [LinearSystem.Equation] = []
        for sum in component.sums {
            let (total, parts) = sums[sum]
            var terms: [(unknown: Int, coefficient: Double)] = []
            var constant = 0.0
            for (index, coefficient) in [(total, -1.0)] + parts.map({ ($0, 1.0) }) {
                if let at = position[index] {
                    terms.append((at, coefficient))
                } else {
                    constant += coefficient * Double(values[index])
                }
            }
            equations.append(.init(terms: terms, total: -constant))
        }
        let system = LinearSystem(
            lower: unknowns.map { _ in 1 }, upper: unknowns.map { _ in nil }, equations: equations)
        let at = position[cell]!
        let value = Double(values[cell])
        // The true value is always feasible: it is exposed only if it is both the greatest and the least.
        if case .value(let greatest) = system.extreme(of: at), greatest < value + 0.5 {
            if case .value(let least) = system.extreme(of: at, minimise: true), least > value - 0.5 { return true }
        }
        return false
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

    /// The count to hide next to protect `cell`: the smallest shown, non-zero count in a sum with it, or failing
    /// that in any sum linked to it.
    private func complement(for cell: Int, hidden: Set<Int>) -> Int? {
        func smallest(in members: [Int]) -> Int? {
            members.filter { !hidden.contains($0) && values[$0] > 0 }.min { (values[$0], $0) < (values[$1], $1) }
        }
        let direct = sums.filter { $0.total == cell || $0.parts.contains(cell) }.flatMap { [$0.total] + $0.parts }
        if let found = smallest(in: direct) { return found }
        let linked = connected(to: cell, hidden: hidden).sums.flatMap { [sums[$0].total] + sums[$0].parts }
        return smallest(in: linked)
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
