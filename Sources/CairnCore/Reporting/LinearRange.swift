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

/// A dense two-phase simplex with Bland's rule (no cycling): small systems only, a few hundred unknowns at most.
enum Simplex {
    enum Outcome: Equatable {
        /// The best value and the unknowns that reach it.
        case optimal(Double, [Double])
        case unbounded
        case infeasible
    }

    static let epsilon = 1e-9

    /// Maximises `objective · y` subject to `rows · y = right`, `y ≥ 0`.
    static func maximise(_ objective: [Double], rows input: [[Double]], right input2: [Double]) -> Outcome {
        let n = objective.count
        let m = input.count
        // Phase 1: one artificial unknown per row, right-hand sides made non-negative.
        var table: [[Double]] = []
        table.reserveCapacity(m)
        for (index, row) in input.enumerated() {
            let sign: Double = input2[index] < 0 ? -1 : 1
            var line = row.map { $0 * sign }
            line += [Double](repeating: 0, count: m)
            line[n + index] = 1
            line.append(input2[index] * sign)
            table.append(line)
        }
        var basis = Array(n..<(n + m))
        let width = n + m
        // Minimise the artificials' sum: maximise its negative, priced out against the starting basis.
        var cost = [Double](repeating: 0, count: width + 1)
        for row in table {
            for column in 0..<n { cost[column] -= row[column] }
            cost[width] -= row[width]
        }
        guard run(&table, &basis, &cost, allowed: width, width: width) else { return .infeasible }
        if cost[width] < -1e-7 { return .infeasible }
        // Drive artificials out of the basis, or drop their rows when they are redundant.
        var row = 0
        while row < table.count {
            if basis[row] >= n {
                if let column = (0..<n).first(where: { abs(table[row][$0]) > epsilon }) {
                    pivot(&table, &basis, &cost, row: row, column: column, width: width)
                } else {
                    table.remove(at: row)
                    basis.remove(at: row)
                    continue
                }
            }
            row += 1
        }
        // Phase 2 on the original unknowns only.
        var price = [Double](repeating: 0, count: width + 1)
        for column in 0..<n { price[column] = -objective[column] }
        for (index, basic) in basis.enumerated() where abs(price[basic]) > 0 {
            let factor = price[basic]
            for column in 0...width { price[column] -= factor * table[index][column] }
        }
        guard run(&table, &basis, &price, allowed: n, width: width) else { return .unbounded }
        var values = [Double](repeating: 0, count: n)
        for (index, basic) in basis.enumerated() where basic < n { values[basic] = table[index][width] }
        return .optimal(price[width], values)
    }

    /// Pivots until no column below `allowed` improves the objective; false when it grows without bound.
    private static func run(
        _ table: inout [[Double]], _ basis: inout [Int], _ cost: inout [Double], allowed: Int, width: Int
    ) -> Bool {
        while true {
            guard let column = (0..<allowed).first(where: { cost[$0] < -epsilon }) else { return true }
            var chosen: Int?
            var best = Double.infinity
            for (index, line) in table.enumerated() where line[column] > epsilon {
                let ratio = line[width] / line[column]
                if ratio < best - epsilon || (abs(ratio - best) <= epsilon && basis[index] < basis[chosen!]) {
                    best = ratio
                    chosen = index
                }
            }
            guard let row = chosen else { return false }
            pivot(&table, &basis, &cost, row: row, column: column, width: width)
        }
    }

    private static func pivot(
        _ table: inout [[Double]], _ basis: inout [Int], _ cost: inout [Double], row: Int, column: Int, width: Int
    ) {
        let divisor = table[row][column]
        for index in 0...width { table[row][index] /= divisor }
        let pivotRow = table[row]
        for index in table.indices where index != row {
            let factor = table[index][column]
            if abs(factor) > epsilon {
                for other in 0...width { table[index][other] -= factor * pivotRow[other] }
            }
        }
        let factor = cost[column]
        if abs(factor) > epsilon {
            for other in 0...width { cost[other] -= factor * pivotRow[other] }
        }
        basis[row] = column
    }
}
