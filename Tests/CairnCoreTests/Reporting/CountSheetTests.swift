import Testing

@testable import CairnCore

/// Issue #21 item 5: a hidden count must not be recoverable from everything shown beside it.
@Suite("Protected counts")
struct CountSheetTests {
    /// A small deterministic generator, so a failure repeats.
    struct Numbers {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Every whole-number value each hidden count can take, each between 1 and `bound`, given every shown count and
    /// every sum: found by trying them all (independent of the simplex).
    static func possibleValues(_ sheet: CountSheet, hidden: Set<Int>, bound: Int) -> [Int: Set<Int>] {
        let unknowns = hidden.sorted()
        var found: [Int: Set<Int>] = [:]
        var values = sheet.values
        func check() -> Bool {
            sheet.sums.allSatisfy { sum in values[sum.total] == sum.parts.reduce(0) { $0 + values[$1] } }
        }
        func assign(_ position: Int) {
            if position == unknowns.count {
                if check() { for unknown in unknowns { found[unknown, default: []].insert(values[unknown]) } }
                return
            }
            for value in 1...bound {
                values[unknowns[position]] = value
                assign(position + 1)
            }
        }
        assign(0)
        return found
    }

    @Test func theSimplexFindsTheSameRangeAsTryingEveryValue() {
        var numbers = Numbers(state: 7)
        for _ in 0..<60 {
            // A table of 2–3 rows and 2–3 columns with its row and column totals, some cells unknown in 1...6.
            let rows = 2 + numbers.below(2)
            let columns = 2 + numbers.below(2)
            let cells = (0..<(rows * columns)).map { _ in 1 + numbers.below(6) }
            var unknown = Set((0..<cells.count).filter { _ in numbers.below(3) == 0 })
            if unknown.isEmpty { unknown.insert(0) }
            let order = unknown.sorted()
            let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            var equations: [LinearSystem.Equation] = []
            let lines =
                (0..<rows).map { row in (0..<columns).map { row * columns + $0 } }
                + (0..<columns).map { column in (0..<rows).map { $0 * columns + column } }
            for line in lines {
                let known = line.filter { !unknown.contains($0) }.reduce(0) { $0 + cells[$1] }
                let total = line.reduce(0) { $0 + cells[$1] }
                let terms = line.compactMap { position[$0].map { ($0, 1.0) } }
                if !terms.isEmpty { equations.append(.init(terms: terms, total: Double(total - known))) }
            }
            let system = LinearSystem(
                lower: order.map { _ in 1 }, upper: order.map { _ in 6 }, equations: equations)
            // Every whole-number solution, by brute force.
            var ranges = order.map { _ in (Int.max, Int.min) }
            var trial = order.map { _ in 1 }
            func visit(_ index: Int) {
                if index == order.count {
                    var assigned = cells
                    for (at, cell) in order.enumerated() { assigned[cell] = trial[at] }
                    guard lines.allSatisfy({ $0.reduce(0) { $0 + assigned[$1] } == $0.reduce(0) { $0 + cells[$1] } })
                    else { return }
                    for at in order.indices {
                        ranges[at] = (min(ranges[at].0, trial[at]), max(ranges[at].1, trial[at]))
                    }
                    return
                }
                for value in 1...6 {
                    trial[index] = value
                    visit(index + 1)
                }
            }
            visit(0)
            for at in order.indices {
                #expect(system.extreme(of: at) == .value(Double(ranges[at].1)))
                #expect(system.extreme(of: at, minimise: true) == .value(Double(ranges[at].0)))
            }
        }
    }

    @Test func anEmptyOrImpossibleSystemIsReported() {
        let free = LinearSystem(lower: [0], upper: [nil], equations: [])
        #expect(free.extreme(of: 0) == .unbounded)
        #expect(free.extreme(of: 0, minimise: true) == .value(0))
        let impossible = LinearSystem(
            lower: [1, 1], upper: [nil, nil], equations: [.init(terms: [(0, 1), (1, 1)], total: 1)])
        #expect(impossible.extreme(of: 0) == .infeasible)
    }

    /// The shape the issue found: a profession with 1 referral in a month of 92, every other profession shown.
    @Test func aSmallCountBesideAShownTotalIsProtected() {
        var sheet = CountSheet()
        let month = sheet.add(92)
        let doctors = sheet.add(60)
        let nurses = sheet.add(31)
        let dentists = sheet.add(1)
        sheet.tie(month, to: [doctors, nurses, dentists])
        let protected = sheet.protected()
        #expect(protected.isHidden(dentists))
        #expect(protected.isHidden(nurses), "the smallest other count is hidden with it")
        #expect(!protected.isHidden(doctors) && !protected.isHidden(month))
        #expect(protected.shown(dentists) == "*" && protected.shown(nurses) == "*")
        let values = Self.possibleValues(sheet, hidden: protected.hidden, bound: 40)
        #expect(values[dentists.index]!.count > 1 && values[nurses.index]!.count > 1)
    }

    /// Six referrals, five from doctors and one from a nurse, in one month: hiding the nurse's 1 and the doctors'
    /// 5 still leaves 6 − 5 = 1 when the total is shown and both must be at least 1… unless more is hidden.
    @Test func aTinyTableHidesEnough() {
        var sheet = CountSheet()
        let total = sheet.add(6)
        let month = sheet.add(6)
        let doctors = sheet.add(5)
        let nurses = sheet.add(1)
        sheet.tie(total, to: [month])
        sheet.tie(total, to: [doctors, nurses])
        sheet.tie(month, to: [doctors, nurses])
        let protected = sheet.protected()
        for cell in protected.hidden { #expect(!sheet.isExposed(cell, hidden: protected.hidden)) }
        let values = Self.possibleValues(sheet, hidden: protected.hidden, bound: 12)
        for cell in protected.hidden { #expect(values[cell]!.count > 1, "cell \(cell)") }
    }

    /// Two small counts alone in a line (1 and 1 under a shown 2) are each exactly 1 although both are hidden.
    @Test func twoSmallCountsUnderAShownTotalAreNotEnough() {
        var sheet = CountSheet()
        let line = sheet.add(9)
        let a = sheet.add(1)
        let b = sheet.add(1)
        let c = sheet.add(7)
        sheet.tie(line, to: [a, b, c])
        let protected = sheet.protected()
        #expect(protected.isHidden(c), "the 7 is hidden too, so 1 and 1 are not certain")
        let values = Self.possibleValues(sheet, hidden: protected.hidden, bound: 12)
        for cell in protected.hidden { #expect(values[cell]!.count > 1) }
    }

    /// Random tables by month and profession with margins and a grand total, many counts small: no hidden count has
    /// one possible value, checked by trying every value (where few enough are hidden to try them all).
    @Test func randomTablesWithMarginsNeverExposeAHiddenCount() {
        var numbers = Numbers(state: 2026)
        var tried = 0
        for _ in 0..<200 {
            let months = 2 + numbers.below(2)
            let professions = 2 + numbers.below(2)
            var sheet = CountSheet()
            let grid = (0..<months).map { _ in
                (0..<professions).map { _ in numbers.below(4) == 0 ? 0 : 1 + numbers.below(9) }
            }
            let total = sheet.add(grid.joined().reduce(0, +))
            let monthCells = grid.map { sheet.add($0.reduce(0, +)) }
            let professionCells = (0..<professions).map { p in sheet.add(grid.reduce(0) { $0 + $1[p] }) }
            var cells: [[CountSheet.Cell?]] = []
            for row in grid { cells.append(row.map { $0 == 0 ? nil : sheet.add($0) }) }
            sheet.tie(total, to: monthCells)
            sheet.tie(total, to: professionCells)
            for (m, row) in cells.enumerated() { sheet.tie(monthCells[m], to: row.compactMap { $0 }) }
            for p in 0..<professions { sheet.tie(professionCells[p], to: cells.compactMap { $0[p] }) }
            let protected = sheet.protected()
            for cell in protected.hidden {
                #expect(!sheet.isExposed(cell, hidden: protected.hidden), "exposed by the simplex")
            }
            // Trying every value is feasible for a few hidden counts of modest size (the bound must reach them).
            guard protected.hidden.count <= 4, protected.hidden.allSatisfy({ sheet.values[$0] <= 12 }) else {
                continue
            }
            tried += 1
            let values = Self.possibleValues(sheet, hidden: protected.hidden, bound: 13)
            for cell in protected.hidden { #expect((values[cell]?.count ?? 0) > 1, "cell \(cell) of \(grid)") }
        }
        #expect(tried > 20)
    }

    /// A sheet is decided once for the same counts: a burst of requests waits for the one decision, a changed count
    /// is decided again, and the answer is the one `protected()` gives.
    @Test func theSameCountsAreDecidedOnceAndAChangeIsDecidedAgain() async {
        func sheet(nurses: Int) -> CountSheet {
            var sheet = CountSheet()
            let month = sheet.add(60 + nurses)
            let doctors = sheet.add(60)
            let nursing = sheet.add(nurses)
            sheet.tie(month, to: [doctors, nursing])
            return sheet
        }
        let cache = ProtectionCache()
        let answers = await withTaskGroup(of: ProtectedSheet.self) { group in
            for _ in 0..<12 { group.addTask { await cache.protected(sheet(nurses: 2)) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 12 && Set(answers.map(\.hidden)).count == 1)
        #expect(answers[0] == sheet(nurses: 2).protected())
        #expect(await cache.decisions == 1)
        let changed = await cache.protected(sheet(nurses: 3))
        #expect(await cache.decisions == 2)
        #expect(changed == sheet(nurses: 3).protected())
        _ = await cache.protected(sheet(nurses: 2))
        #expect(await cache.decisions == 2, "the first sheet is still known")
    }
}
