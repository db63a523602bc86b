import CairnCore
import Testing

/// Reading a figures CSV as its reader does (issue #21 item 5): the tables by title, every published count, each
/// hidden one an unknown, and the sums a reader knows hold between them, from what the tables mean.
enum FigureCSV {
    /// RFC 4180 cells of one CSV line (the figures quote a cell holding a comma).
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line)
        var index = 0
        while index < iterator.count {
            let character = iterator[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < iterator.count, iterator[index + 1] == "\"" {
                        current.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        cells.append(current)
        iterator.removeAll()
        return cells
    }

    /// Each table of the CSV by its title: its rows of cells, header left out.
    static func tables(_ csv: String) -> [String: [[String]]] {
        var tables: [String: [[String]]] = [:]
        for block in csv.components(separatedBy: "\r\n\r\n") {
            let lines = block.split(separator: "\r\n", omittingEmptySubsequences: true)
            guard lines.count >= 2 else { continue }
            tables[String(lines[0])] = lines.dropFirst(2).map { cells($0) }
        }
        return tables
    }
}

/// What a reader can work out: every published count, a hidden one as an unknown of at least 1.
struct DisclosureReading {
    enum Relation { case exact, atLeast, atMost }
    var unknowns: [String] = []
    /// Quantities never published that a reader can still reason about (at least 0).
    var unpublished: [String] = []
    var known: [String: Int] = [:]
    var equations: [(total: String, parts: [String], relation: Relation)] = []

    mutating func read(_ name: String, _ shown: String) {
        if let value = Int(shown) {
            known[name] = value
        } else {
            #expect(shown == "*", "\(name) is shown as \(shown)")
            unknowns.append(name)
        }
    }

    mutating func sum(_ total: String, _ parts: [String], _ relation: Relation = .exact) {
        equations.append((total, parts, relation))
    }

    /// The least and greatest value of each hidden count.
    func ranges() -> [String: (LinearSystem.Extreme, LinearSystem.Extreme)] {
        let names = unknowns + unpublished
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var lower = unknowns.map { _ in 1.0 } + unpublished.map { _ in 0.0 }
        var upper: [Double?] = names.map { _ in nil }
        let rows: [LinearSystem.Equation] = equations.map { equation in
            var terms: [(unknown: Int, coefficient: Double)] = []
            var total = 0.0
            for (name, coefficient) in [(equation.total, -1.0)] + equation.parts.map({ ($0, 1.0) }) {
                if let at = position[name] {
                    terms.append((at, coefficient))
                } else {
                    total -= coefficient * Double(known[name] ?? 0)
                }
            }
            if equation.relation != .exact {
                terms.append((lower.count, equation.relation == .atLeast ? -1 : 1))
                lower.append(0)
                upper.append(nil)
            }
            return .init(terms: terms, total: total)
        }
        let system = LinearSystem(lower: lower, upper: upper, equations: rows)
        return Dictionary(
            uniqueKeysWithValues: unknowns.enumerated().map { index, name in
                (name, (system.extreme(of: index, minimise: true), system.extreme(of: index)))
            })
    }

    /// Fails for every hidden count with a single possible value, and when the published numbers contradict each
    /// other (which would mean a relation written here is wrong).
    func expectNothingHiddenCanBeWorkedOut(sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, (least, greatest)) in ranges() {
            #expect(
                least != .infeasible, "the published numbers contradict each other at \(name)",
                sourceLocation: sourceLocation)
            if case .value(let low) = least, case .value(let high) = greatest {
                #expect(high - low >= 1, "\(name) can be worked out: it is \(low)", sourceLocation: sourceLocation)
            }
        }
    }
}
