import Foundation

/// One request from a unit's earlier records, brought into Cairn when the unit moves to it (issue #14 item 3), so the
/// first day's figures show last year. Only what the figures count, and only requests that have ended: no name,
/// contact or words (the earlier system keeps those), and an open request is entered as a referral instead.
public struct PastRecord: Sendable, Equatable {
    /// The earlier system's own reference: a line whose reference is already in Cairn is not imported again.
    public var reference: String
    public var receivedOn: CalendarDay
    public var profession: Profession
    public var grade: Grade
    public var region: Region?
    public var reasons: [ReferralReason]
    public var isInternationalGraduate: Bool
    public var saidAtRisk: Bool
    /// Closed, declined or withdrawn.
    public var state: CaseState
    public var firstContactOn: CalendarDay?
    public var endedOn: CalendarDay
    /// Outcome codes (closed cases only), checked against the outcomes the caller knows.
    public var outcomes: [String]
    /// The support given, one plan item each; the cost goes on the first.
    public var support: [Intervention]
    public var costPence: Int

    public static let columns = [
        "reference", "received_on", "profession", "grade", "region", "reasons", "img", "at_risk", "state",
        "first_contact_on", "ended_on", "outcomes", "support", "cost",
    ]
    public static let requiredColumns: Set<String> = [
        "reference", "received_on", "profession", "reasons", "state", "ended_on",
    ]
    public static let endedStates: [CaseState] = [.closed, .declined, .withdrawn]
}

public enum PastRecordsImport {
    /// A unit's year is about 1,300 requests: seven years at once is still one import (about 15 s holding SQLite's
    /// writer in a debug build, a few in release).
    public static let maximumRecords = 10_000

    /// Every line's problems, or every record: nothing is half-read. `outcomes` are the outcome codes Cairn knows.
    public static func read(_ csv: String, today: CalendarDay, outcomes: Set<String>) -> Result<
        [PastRecord], ImportProblems
    > {
        var seen: [String: Int] = [:]
        return RosterImport.read(
            csv, columns: PastRecord.columns, required: PastRecord.requiredColumns, maximumRecords: maximumRecords
        ) { value in
            record(value, today: today, outcomes: outcomes)
        } acrossLines: { line in
            // Letter case aside, as the unit's references are matched: "PSU-1" and "psu-1" are one.
            guard let reference = line["reference"]?.lowercased() else { return nil }
            if let first = seen[reference] { return "reference: the same as line \(first)" }
            seen[reference] = line.line
            return nil
        }
    }

    static func record(_ value: (String) -> String?, today: CalendarDay, outcomes known: Set<String>) -> Result<
        PastRecord, RosterProblems
    > {
        var problems = RosterProblems()
        let reference = value("reference") ?? ""
        if reference.isEmpty {
            problems.add("reference", "Enter the request's reference in the earlier records")
        } else if reference.count > 60 {
            problems.add("reference", "A reference must be 60 characters or fewer")
        }
        func day(_ column: String, required: Bool, what: String) -> CalendarDay? {
            guard let text = value(column) else {
                if required { problems.add(column, "Enter \(what), like 2025-03-14") }
                return nil
            }
            guard let found = CalendarDay(iso: text) else {
                problems.add(column, "Enter \(what) as a real date, like 2025-03-14")
                return nil
            }
            if found > today { problems.add(column, "\(found) is in the future") }
            if found.year < 2000 { problems.add(column, "Records from before 2000 are not imported") }
            return found
        }
        let received = day("received_on", required: true, what: "the date the request was received")
        let firstContact = day("first_contact_on", required: false, what: "the date of first contact")
        let ended = day("ended_on", required: true, what: "the date the request ended")
        if let received, let firstContact, firstContact < received {
            problems.add("first_contact_on", "First contact cannot be before the request was received")
        }
        if let received, let ended, ended < received {
            problems.add("ended_on", "A request cannot end before it was received")
        }
        if let firstContact, let ended, ended < firstContact {
            problems.add("ended_on", "A request cannot end before its first contact")
        }
        let profession = problems.profession(value("profession"))
        let grade = problems.grade(value("grade"), for: profession)
        let region = problems.region(value("region"))
        var reasons: [ReferralReason] = []
        for name in (value("reasons") ?? "").split(separator: ";").map(String.init) where !name.isEmpty {
            if let reason = RosterProblems.lookUp(name, in: ReferralReason.allCases, title: \.title) {
                if !reasons.contains(reason) { reasons.append(reason) }
            } else {
                problems.add("reasons", "\"\(name)\" is not a reason Cairn knows (for example exam_difficulty)")
            }
        }
        if reasons.isEmpty { problems.add("reasons", "Enter at least one reason, separated by semicolons") }
        let isInternationalGraduate = problems.yesNo(value("img"), field: "img")
        let saidAtRisk = problems.yesNo(value("at_risk"), field: "at_risk")
        var state = CaseState.closed
        if let text = value("state") {
            if let found = PastRecord.endedStates.first(where: { $0.rawValue == RosterText.code(text) }) {
                state = found
            } else {
                problems.add(
                    "state",
                    "Only requests that have ended are imported: closed, declined or withdrawn (enter an open request "
                        + "as a referral)")
            }
        } else {
            problems.add("state", "Enter closed, declined or withdrawn")
        }
        let outcomes = (value("outcomes") ?? "").split(separator: ";").map { RosterText.code(String($0)) }
            .filter { !$0.isEmpty }
        if let unknown = outcomes.first(where: { !known.contains($0) }) {
            problems.add("outcomes", "\"\(unknown)\" is not an outcome Cairn knows (for example goals_met)")
        } else if !outcomes.isEmpty && state != .closed {
            problems.add("outcomes", "Only a closed request has outcomes")
        }
        var support: [Intervention] = []
        for name in (value("support") ?? "").split(separator: ";").map(String.init) where !name.isEmpty {
            if let found = RosterProblems.lookUp(name, in: Intervention.allCases, title: \.title) {
                support.append(found)
            } else {
                problems.add("support", "\"\(name)\" is not support Cairn knows (for example coaching)")
            }
        }
        var costPence = 0
        if let text = value("cost") {
            let digits = text.hasPrefix("£") ? String(text.dropFirst()) : text
            if let pounds = Decimal(string: digits, locale: Locale(identifier: "en_GB")), pounds >= 0,
                pounds <= 1_000_000, digits.allSatisfy({ $0.isNumber || $0 == "." })
            {
                costPence = NSDecimalNumber(decimal: pounds * 100).rounding(accordingToBehavior: nil).intValue
                if costPence > 0 && support.isEmpty {
                    problems.add("cost", "Name the support the cost was for (the support column)")
                }
            } else {
                problems.add("cost", "Enter the cost in pounds, like 450 or 450.00")
            }
        }
        guard problems.isEmpty, let received, let ended, let profession else { return .failure(problems) }
        return .success(
            PastRecord(
                reference: reference, receivedOn: received, profession: profession,
                grade: grade ?? .other,
                region: region, reasons: reasons, isInternationalGraduate: isInternationalGraduate,
                saidAtRisk: saidAtRisk, state: state, firstContactOn: firstContact, endedOn: ended,
                outcomes: outcomes, support: support, costPence: costPence))
    }
}
