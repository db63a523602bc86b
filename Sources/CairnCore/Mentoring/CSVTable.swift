import Foundation

/// Comma-separated values as spreadsheets write them (RFC 4180): quoted fields may hold commas, quotes (doubled)
/// and line breaks; a header row names the columns. Each record keeps the line it started on, so an import can say
/// "line 7: …".
public struct CSVTable: Sendable, Equatable {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String: String]

        /// The trimmed value of a column, nil when empty.
        public subscript(column: String) -> String? {
            guard let value = fields[column]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                return nil
            }
            return value
        }
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "Line \(line): \(message)" }
    }

    public var columns: [String]
    public var records: [Record]

    public static let maximumColumns = 50

    /// Reads the text; the header's names are trimmed and lower-cased. Blank lines are skipped.
    public static func parse(_ text: String) -> Result<CSVTable, Problem> {
        var rows: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var fieldWasQuoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRow() {
            cells.append(field)
            if !(cells.count == 1 && cells[0].trimmingCharacters(in: .whitespaces).isEmpty && !fieldWasQuoted) {
                rows.append((rowLine, cells))
            }
            cells = []
            field = ""
            fieldWasQuoted = false
        }
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty:
                field = ""
                inQuotes = true
                fieldWasQuoted = true
            case ",":
                cells.append(field)
                field = ""
            case "\r":
                if let following = next(), following != "\n" { pending = following }
                endRow()
                line += 1
                rowLine = line
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { return .failure(Problem(line: rowLine, message: "a quoted value is never closed")) }
        if !field.isEmpty || !cells.isEmpty || fieldWasQuoted { endRow() }
        guard let header = rows.first else { return .failure(Problem(line: 1, message: "the file is empty")) }
        let columns = header.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        guard columns.count <= maximumColumns else {
            return .failure(Problem(line: header.line, message: "more than \(maximumColumns) columns"))
        }
        var seen = Set<String>()
        if let duplicate = columns.first(where: { !seen.insert($0).inserted }) {
            return .failure(Problem(line: header.line, message: "the column \"\(duplicate)\" appears twice"))
        }
        var records: [Record] = []
        for row in rows.dropFirst() {
            guard row.cells.count <= columns.count else {
                return .failure(
                    Problem(
                        line: row.line,
                        message: "\(row.cells.count) values for \(columns.count) columns (a comma inside a value "
                            + "needs quotes)"))
            }
            var fields: [String: String] = [:]
            for (index, cell) in row.cells.enumerated() { fields[columns[index]] = cell }
            records.append(Record(line: row.line, fields: fields))
        }
        return .success(CSVTable(columns: columns, records: records))
    }
}

extension CalendarDay {
    /// Reads `2026-09-07` (ISO 8601, a real date); nil otherwise.
    public init?(iso text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2200).contains(year), (1...12).contains(month)
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        self.init(year, month, day)
    }
}
