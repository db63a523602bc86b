import Foundation

/// One pair from a mentoring programme's earlier records (issue #14 item 3), brought in so the programme's figures
/// show its past cohorts: who was paired with whom and when, the days their sessions were held, and the day it
/// ended early if it did. The mentor and the mentee are already the programme's (its roster import adds them).
public struct PastPair: Sendable, Equatable {
    /// The earlier records' own reference: a pair whose reference is already in the programme is not imported again.
    public var reference: String
    public var menteeEmail: String
    public var mentorEmail: String
    public var pairedOn: CalendarDay
    /// The days sessions were held, in order.
    public var heldOn: [CalendarDay]
    /// The day the pair ended before its time; nil for a pair that ran its course (or still runs).
    public var endedOn: CalendarDay?
    /// The line of the file it came from, for a problem found only against the programme.
    public var line: Int

    public static let columns = ["reference", "mentee_email", "mentor_email", "paired_on", "held_on", "ended_on"]
    public static let requiredColumns: Set<String> = ["reference", "mentee_email", "mentor_email", "paired_on"]
}

public enum PastPairsImport {
    /// A national programme's intake, several cohorts at once.
    public static let maximumPairs = 10_000

    /// Every line's problems, or every pair: nothing is half-read. `sessionCount` is the programme's.
    public static func read(_ csv: String, today: CalendarDay, sessionCount: Int) -> Result<[PastPair], ImportProblems>
    {
        var seen: [String: Int] = [:]
        var lines: [Int] = []
        let read = RosterImport.read(
            csv, columns: PastPair.columns, required: PastPair.requiredColumns, maximumRecords: maximumPairs
        ) { value in
            pair(value, today: today, sessionCount: sessionCount)
        } acrossLines: { record in
            lines.append(record.line)
            // Letter case aside, as the programme's references are matched: "NES-1" and "nes-1" are one.
            guard let reference = record["reference"]?.lowercased() else { return nil }
            if let first = seen[reference] { return "reference: the same as line \(first)" }
            seen[reference] = record.line
            return nil
        }
        return read.map { pairs in
            zip(pairs, lines).map { pair, line in
                var numbered = pair
                numbered.line = line
                return numbered
            }
        }
    }

    static func pair(_ value: (String) -> String?, today: CalendarDay, sessionCount: Int) -> Result<
        PastPair, RosterProblems
    > {
        var problems = RosterProblems()
        let reference = value("reference") ?? ""
        if reference.isEmpty {
            problems.add("reference", "Enter the pair's reference in the earlier records")
        } else if reference.count > 60 {
            problems.add("reference", "A reference must be 60 characters or fewer")
        }
        let mentee = problems.email(value("mentee_email"), field: "mentee_email", required: true)
        let mentor = problems.email(value("mentor_email"), field: "mentor_email", required: true)
        if let mentee, let mentor, mentee.lowercased() == mentor.lowercased() {
            problems.add("mentor_email", "A mentee cannot be their own mentor")
        }
        func day(_ text: String, column: String, what: String) -> CalendarDay? {
            guard let found = CalendarDay(iso: text.trimmingCharacters(in: .whitespaces)) else {
                problems.add(column, "Enter \(what) as a real date, like 2025-03-14")
                return nil
            }
            if found > today { problems.add(column, "\(found) is in the future") }
            if found.year < 2000 { problems.add(column, "Records from before 2000 are not imported") }
            return found
        }
        var paired: CalendarDay?
        if let text = value("paired_on") {
            paired = day(text, column: "paired_on", what: "the day they were paired")
        } else {
            problems.add("paired_on", "Enter the day they were paired, like 2025-03-14")
        }
        let ended = value("ended_on").flatMap { day($0, column: "ended_on", what: "the day the pair ended early") }
        var held: [CalendarDay] = []
        for text in (value("held_on") ?? "").split(separator: ";").map(String.init)
        where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let found = day(text, column: "held_on", what: "each day a session was held") else { continue }
            held.append(found)
        }
        held.sort()
        if held.count > sessionCount {
            problems.add(
                "held_on", "\(held.count) sessions held; the programme has \(sessionCount) for each pair")
        }
        if let paired, let first = held.first, first < paired {
            problems.add("held_on", "A session cannot be held before the pair was made")
        }
        if let paired, let ended, ended < paired {
            problems.add("ended_on", "A pair cannot end before it was made")
        }
        if let ended, let last = held.last, last > ended {
            problems.add("held_on", "A session cannot be held after the pair ended")
        }
        guard problems.isEmpty, let mentee, let mentor, let paired else { return .failure(problems) }
        return .success(
            PastPair(
                reference: reference, menteeEmail: mentee, mentorEmail: mentor, pairedOn: paired, heldOn: held,
                endedOn: ended, line: 0))
    }
}
