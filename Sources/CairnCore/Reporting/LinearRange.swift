/// The least and greatest value one unknown can take in a system of linear equations with bounds: what someone
/// who sees every published figure can work out about a hidden one (issue #21 item 5).
///
/// Unknowns are real numbers here (the linear relaxation). Published counts are tied by sums with coefficients of
/// ±1, so a range that is one value for whole numbers is one value here too, and a wider range here is at least two
/// whole numbers wide in the tables Cairn publishes (each hidden count sits in sums whose other members are whole).
public struct LinearSystem: Sendable {
    public struct Equation: Sendable {
        public var terms: [(unknown: Int, coefficient: Double)]
        public var total: Double

        public init(terms: [(unknown: Int, coefficient: Double)], total: Double) {
            self.terms = terms
            self.total = total
        }
    }

    public var lower: [Double]
    /// `nil`: no upper bound.
    public var upper: [Double?]
    public var equations: [Equation]

    public init(lower: [Double], upper: [Double?], equations: [Equation]) {
        precondition(lower.count == upper.count)
        self.lower = lower
        self.upper = upper
        self.equations = equations
    }

    public enum Extreme: Equatable, Sendable {
        case value(Double)
        case unbounded
        case infeasible
    }

    /// The greatest value of `unknown` (or, with `minimise`, the least) over every solution of the system.
    public func extreme(of unknown: Int, minimise: Bool = false) -> Extreme {
        var objective = [Double](repeating: 0, count: lower.count)
        objective[unknown] = minimise ? -1 : 1
        switch optimum(objective) {
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded
        case .optimal(_, let point): return .value(point[unknown])
        }
    }

    /// One solution that maximises `objective · x`, or `nil` when there is none or no greatest.
    public func solution(maximising objective: [Double]) -> [Double]? {
        if case .optimal(_, let point) = optimum(objective) { return point }
        return nil
    }

    enum Optimum {
        case optimal(Double, [Double])
        case unbounded
        case infeasible
    }

    func optimum(_ weights: [Double]) -> Optimum {
        // Standard form: y = x − lower ≥ 0; an upper bound adds y + s = upper − lower with s ≥ 0.
        let n = lower.count
        var columns = n
        var rows: [[Double]] = []
        var right: [Double] = []
        for equation in equations {
            var row = [Double](repeating: 0, count: n)
            var total = equation.total
            for (index, coefficient) in equation.terms {
                row[index] += coefficient
                total -= coefficient * lower[index]
            }
            rows.append(row)
            right.append(total)
        }
        var slackOf: [Int: Int] = [:]
        for index in 0..<n {
            if let bound = upper[index] {
                slackOf[index] = columns
                columns += 1
                right.append(bound - lower[index])
                rows.append([])
            }
        }
        // Widen every row to the final column count and fill the bound rows.
        var boundRow = equations.count
        for index in 0..<n where upper[index] != nil {
            var row = [Double](repeating: 0, count: columns)
            row[index] = 1
            row[slackOf[index]!] = 1
            rows[boundRow] = row
            boundRow += 1
        }
        for index in 0..<equations.count { rows[index] += [Double](repeating: 0, count: columns - n) }
        var objective = [Double](repeating: 0, count: columns)
        for index in 0..<n { objective[index] = weights[index] }
        switch Simplex.maximise(objective, rows: rows, right: right) {
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded
        case .optimal(let best, let values):
            return .optimal(best, (0..<n).map { values[$0] + lower[$0] })
        }
    }
}

/// A dense two-phase simplex: small systems only, a few hundred unknowns at most. The table is one flat array (a
/// row after another), and the entering column is the most improving one (Dantzig's rule, few pivots), until a
/// long run of pivots suggests cycling, when it falls back to the first improving column (Bland's rule, which never
/// cycles).
enum Simplex {
    enum Outcome: Equatable {
        /// The best value and the unknowns that reach it.
        case optimal(Double, [Double])
        case unbounded
        case infeasible
    }

    static let epsilon = 1e-9

    /// The tableau: `rows` rows of `stride` numbers (the columns, then the right-hand side).
    struct Table {
        var cells: [Double]
        var rows: Int
        let stride: Int
        var basis: [Int]
        /// Reduced costs of the objective being optimised, then its value (negated).
        var cost: [Double]

        /// Makes `column` basic in `row`.
        mutating func pivot(row: Int, column: Int) {
            let stride = self.stride
            let rows = self.rows
            cells.withUnsafeMutableBufferPointer { cells in
                let base = row * stride
                let divisor = cells[base + column]
                for index in 0..<stride { cells[base + index] /= divisor }
                for other in 0..<rows where other != row {
                    let offset = other * stride
                    let factor = cells[offset + column]
                    if abs(factor) > epsilon {
                        for index in 0..<stride { cells[offset + index] -= factor * cells[base + index] }
                    }
                }
            }
            let factor = cost[column]
            if abs(factor) > epsilon {
                let base = row * stride
                for index in 0..<stride { cost[index] -= factor * cells[base + index] }
            }
            basis[row] = column
        }

        /// Pivots until no column below `allowed` improves the objective; false when it grows without bound.
        mutating func run(allowed: Int) -> Bool {
            let width = stride - 1
            var pivots = 0
            let patience = 50 * (rows + allowed)
            while true {
                var entering: Int?
                if pivots < patience {
                    var most = -epsilon
                    for column in 0..<allowed where cost[column] < most {
                        most = cost[column]
                        entering = column
                    }
                } else {
                    entering = (0..<allowed).first { cost[$0] < -epsilon }
                }
                guard let column = entering else { return true }
                var chosen: Int?
                var best = Double.infinity
                for row in 0..<rows {
                    let value = cells[row * stride + column]
                    guard value > epsilon else { continue }
                    let ratio = cells[row * stride + width] / value
                    if ratio < best - epsilon || (abs(ratio - best) <= epsilon && basis[row] < basis[chosen!]) {
                        best = ratio
                        chosen = row
                    }
                }
                guard let row = chosen else { return false }
                pivot(row: row, column: column)
                pivots += 1
            }
        }

        mutating func removeRow(_ row: Int) {
            cells.removeSubrange((row * stride)..<((row + 1) * stride))
            basis.remove(at: row)
            rows -= 1
        }
    }

    /// Maximises `objective · y` subject to `rows · y = right`, `y ≥ 0`.
    static func maximise(_ objective: [Double], rows input: [[Double]], right input2: [Double]) -> Outcome {
        let n = objective.count
        let m = input.count
        let width = n + m
        let stride = width + 1
        // Phase 1: one artificial unknown per row, right-hand sides made non-negative.
        var cells = [Double](repeating: 0, count: m * stride)
        for (index, row) in input.enumerated() {
            let sign: Double = input2[index] < 0 ? -1 : 1
            let offset = index * stride
            for column in 0..<min(n, row.count) { cells[offset + column] = row[column] * sign }
            cells[offset + n + index] = 1
            cells[offset + width] = input2[index] * sign
        }
        // Minimise the artificials' sum: maximise its negative, priced out against the starting basis.
        var cost = [Double](repeating: 0, count: stride)
        for row in 0..<m {
            for column in 0..<n { cost[column] -= cells[row * stride + column] }
            cost[width] -= cells[row * stride + width]
        }
        var table = Table(cells: cells, rows: m, stride: stride, basis: Array(n..<(n + m)), cost: cost)
        guard table.run(allowed: width) else { return .infeasible }
        if table.cost[width] < -1e-7 { return .infeasible }
        // Drive artificials out of the basis, or drop their rows when they are redundant.
        var row = 0
        while row < table.rows {
            if table.basis[row] >= n {
                if let column = (0..<n).first(where: { abs(table.cells[row * stride + $0]) > epsilon }) {
                    table.pivot(row: row, column: column)
                } else {
                    table.removeRow(row)
                    continue
                }
            }
            row += 1
        }
        // Phase 2 on the original unknowns only.
        var price = [Double](repeating: 0, count: stride)
        for column in 0..<n { price[column] = -objective[column] }
        for (index, basic) in table.basis.enumerated() where abs(price[basic]) > 0 {
            let factor = price[basic]
            for column in 0..<stride { price[column] -= factor * table.cells[index * stride + column] }
        }
        table.cost = price
        guard table.run(allowed: n) else { return .unbounded }
        var values = [Double](repeating: 0, count: n)
        for (index, basic) in table.basis.enumerated() where basic < n {
            values[basic] = table.cells[index * stride + width]
        }
        return .optimal(table.cost[width], values)
    }
}
