import Foundation

/// A field of the development forms (practice, workshop, need, development, evaluation, challenge log, personal
/// plan item, evidence, revalidation), by its form name and JSON pointer. Form names are unique across the forms.
public enum DevelopmentField: String, CaseIterable, Sendable {
    case name, vision
    case workshopDay, notes
    case title, needTitle, source, finding
    case aim, objective, startsOn, dueOn, status
    case before, after, conclusion, change, realised
    case challenge, day, happened, negotiated, outcome
    case learningNeed, activity, targetOn, domain, evidence, reviewNote
    case kind, hours, participatory
    case register, revalidationDue, appraisalOn

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

private func limit(
    _ text: String, _ field: DevelopmentField, _ maximum: Int, into problems: inout [DraftProblem<DevelopmentField>]
) {
    if text.count > maximum {
        problems.append(
            .init(field, "Keep it to \(maximum.formatted(.number.grouping(.automatic))) characters or fewer"))
    }
}

private func required(
    _ text: String, _ field: DevelopmentField, _ message: String, into problems: inout [DraftProblem<DevelopmentField>]
) {
    if text.isEmpty { problems.append(.init(field, message)) }
}

private func day(
    _ text: String, _ field: DevelopmentField, _ what: String, into problems: inout [DraftProblem<DevelopmentField>]
) -> CalendarDay? {
    let day = CalendarDay(iso: trimmed(text))
    if day == nil { problems.append(.init(field, "Enter \(what) as a real date")) }
    return day
}

/// A practice, as the facilitator types it: its name and its vision (where the plan starts).
public struct PracticeDraft: Sendable, Equatable {
    public var name: String
    public var vision: String

    public init(name: String = "", vision: String = "") {
        self.name = name
        self.vision = vision
    }

    public struct Checked: Sendable, Equatable {
        public var name: String
        public var vision: String
    }

    public func checked() -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let name = trimmed(name)
        let vision = trimmed(vision)
        required(name, .name, "Enter the practice's name", into: &problems)
        limit(name, .name, 120, into: &problems)
        limit(vision, .vision, 4_000, into: &problems)
        guard problems.isEmpty else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(name: name, vision: vision))
    }
}

/// A facilitated workshop: its day and the facilitator's notes.
public struct WorkshopDraft: Sendable, Equatable {
    public var day: String
    public var notes: String

    public init(day: String = "", notes: String = "") {
        self.day = day
        self.notes = notes
    }

    public struct Checked: Sendable, Equatable {
        public var day: CalendarDay
        public var notes: String
    }

    /// A workshop held up to three years ago or planned up to a year ahead.
    public func checked(today: CalendarDay) -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let notes = trimmed(notes)
        let day = CalendarDay(iso: trimmed(self.day))
        if let day {
            if day < today.adding(years: -3) || day > today.adding(years: 1) {
                problems.append(.conflict(.workshopDay, "Enter a day from three years ago to a year ahead"))
            }
        } else {
            problems.append(.init(.workshopDay, "Enter the workshop's day as a real date"))
        }
        limit(notes, .notes, 8_000, into: &problems)
        guard problems.isEmpty, let day else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(day: day, notes: notes))
    }
}

/// A development need of the practice: what, where it came from, how it was found.
public struct NeedDraft: Sendable, Equatable {
    public var title: String
    public var source: String
    public var finding: String

    public init(title: String = "", source: String = "", finding: String = "") {
        self.title = title
        self.source = source
        self.finding = finding
    }

    public struct Checked: Sendable, Equatable {
        public var title: String
        public var source: NeedSource
        public var finding: NeedFinding
    }

    public func checked() -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let title = trimmed(title)
        required(title, .needTitle, "Enter the need", into: &problems)
        limit(title, .needTitle, 200, into: &problems)
        let source = NeedSource(rawValue: source)
        if source == nil { problems.append(.init(.source, "Choose where the need came from")) }
        let finding = NeedFinding(rawValue: finding)
        if finding == nil { problems.append(.init(.finding, "Choose how the need was found")) }
        guard problems.isEmpty, let source, let finding else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(title: title, source: source, finding: finding))
    }
}

/// A development of the practice's plan: its aim, a SMART objective, an owner from the team, and its dates.
public struct DevelopmentDraft: Sendable, Equatable {
    public var title: String
    public var aim: String
    public var objective: String
    public var startsOn: String
    public var dueOn: String
    public var status: String

    public init(
        title: String = "", aim: String = "", objective: String = "", startsOn: String = "", dueOn: String = "",
        status: String = DevelopmentStatus.planned.rawValue
    ) {
        self.title = title
        self.aim = aim
        self.objective = objective
        self.startsOn = startsOn
        self.dueOn = dueOn
        self.status = status
    }

    public struct Checked: Sendable, Equatable {
        public var title: String
        public var aim: String
        public var objective: String
        public var startsOn: CalendarDay
        public var dueOn: CalendarDay
        public var status: DevelopmentStatus
    }

    public func checked() -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let title = trimmed(title)
        let aim = trimmed(aim)
        let objective = trimmed(objective)
        required(title, .title, "Enter the development", into: &problems)
        limit(title, .title, 200, into: &problems)
        required(aim, .aim, "Enter the development's aim", into: &problems)
        limit(aim, .aim, 2_000, into: &problems)
        if objective.count < 10 {
            problems.append(
                .init(.objective, "Enter a SMART objective: specific, measurable, achievable, relevant and timed"))
        }
        limit(objective, .objective, 2_000, into: &problems)
        let start = day(startsOn, .startsOn, "the start", into: &problems)
        let due = day(dueOn, .dueOn, "the date it is due", into: &problems)
        if let start, let due, due < start {
            problems.append(.conflict(.dueOn, "The date it is due must be on or after the start"))
        }
        let status = DevelopmentStatus(rawValue: status)
        if status == nil { problems.append(.init(.status, "Choose where the development stands")) }
        guard problems.isEmpty, let start, let due, let status else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(
            Checked(title: title, aim: aim, objective: objective, startsOn: start, dueOn: due, status: status))
    }
}

/// A development's evaluation: from its aim, the evidence before and after, the conclusion and the change made.
public struct EvaluationDraft: Sendable, Equatable {
    public var before: String
    public var after: String
    public var conclusion: String
    public var change: String
    public var realised: Bool

    public init(
        before: String = "", after: String = "", conclusion: String = "", change: String = "", realised: Bool = false
    ) {
        self.before = before
        self.after = after
        self.conclusion = conclusion
        self.change = change
        self.realised = realised
    }

    public struct Checked: Sendable, Equatable {
        public var before: String
        public var after: String
        public var conclusion: String
        public var change: String
        public var realised: Bool
    }

    /// Evidence before is needed to start an evaluation; a realised change needs the change made in words.
    public func checked() -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let before = trimmed(before)
        let after = trimmed(after)
        let conclusion = trimmed(conclusion)
        let change = trimmed(change)
        required(before, .before, "Enter the evidence before the development", into: &problems)
        for (text, field) in [
            (before, DevelopmentField.before), (after, .after), (conclusion, .conclusion), (change, .change),
        ] {
            limit(text, field, 4_000, into: &problems)
        }
        if realised && (change.isEmpty || after.isEmpty || conclusion.isEmpty) {
            problems.append(
                .init(.realised, "A realised change needs the evidence after, the conclusion and the change made"))
        }
        guard problems.isEmpty else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Checked(before: before, after: after, conclusion: conclusion, change: change, realised: realised))
    }

    /// Whether the evaluation is whole: every part written.
    public static func isWhole(before: String, after: String, conclusion: String, change: String) -> Bool {
        ![before, after, conclusion, change].contains { $0.isEmpty }
    }
}

/// A facilitator's log of one of Senge's challenges at a practice.
public struct SengeEntryDraft: Sendable, Equatable {
    public var challenge: String
    public var day: String
    public var happened: String
    public var negotiated: String
    public var outcome: String

    public init(
        challenge: String = "", day: String = "", happened: String = "", negotiated: String = "", outcome: String = ""
    ) {
        self.challenge = challenge
        self.day = day
        self.happened = happened
        self.negotiated = negotiated
        self.outcome = outcome
    }

    public struct Checked: Sendable, Equatable {
        public var challenge: SengeChallenge
        public var day: CalendarDay
        public var happened: String
        public var negotiated: String
        public var outcome: String
    }

    public func checked(today: CalendarDay) -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let challenge = SengeChallenge(rawValue: challenge)
        if challenge == nil { problems.append(.init(.challenge, "Choose the challenge")) }
        let day = CalendarDay(iso: trimmed(self.day))
        if let day {
            if day > today { problems.append(.conflict(.day, "Enter a day on or before today")) }
        } else {
            problems.append(.init(.day, "Enter when it arose as a real date"))
        }
        let happened = trimmed(happened)
        let negotiated = trimmed(negotiated)
        let outcome = trimmed(outcome)
        required(happened, .happened, "Say what happened", into: &problems)
        required(negotiated, .negotiated, "Say how it was negotiated", into: &problems)
        for (text, field) in [(happened, DevelopmentField.happened), (negotiated, .negotiated), (outcome, .outcome)] {
            limit(text, field, 4_000, into: &problems)
        }
        guard problems.isEmpty, let challenge, let day else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Checked(challenge: challenge, day: day, happened: happened, negotiated: negotiated, outcome: outcome))
    }
}

/// An item of a personal development plan (DOMAIN.md §3).
public struct PDPItemDraft: Sendable, Equatable {
    public var learningNeed: String
    public var objective: String
    public var activity: String
    public var targetOn: String
    public var domain: String
    public var status: String
    public var evidence: String
    public var reviewNote: String

    public init(
        learningNeed: String = "", objective: String = "", activity: String = "", targetOn: String = "",
        domain: String = "", status: String = PDPStatus.agreed.rawValue, evidence: String = "", reviewNote: String = ""
    ) {
        self.learningNeed = learningNeed
        self.objective = objective
        self.activity = activity
        self.targetOn = targetOn
        self.domain = domain
        self.status = status
        self.evidence = evidence
        self.reviewNote = reviewNote
    }

    public struct Checked: Sendable, Equatable {
        public var learningNeed: String
        public var objective: String
        public var activity: String
        public var targetOn: CalendarDay
        public var domain: GMPDomain
        public var status: PDPStatus
        public var evidence: String
        public var reviewNote: String
    }

    /// The target within five years either side of today; "complete" needs its evidence of achievement, and
    /// "carried forward" or "dropped" a review note saying why.
    public func checked(today: CalendarDay) -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let need = trimmed(learningNeed)
        let objective = trimmed(objective)
        let activity = trimmed(activity)
        let evidence = trimmed(evidence)
        let review = trimmed(reviewNote)
        required(need, .learningNeed, "Enter the learning need", into: &problems)
        if objective.count < 10 {
            problems.append(
                .init(.objective, "Enter a SMART objective: specific, measurable, achievable, relevant and timed"))
        }
        required(activity, .activity, "Enter the planned activity", into: &problems)
        for (text, field) in [
            (need, DevelopmentField.learningNeed), (objective, .objective), (activity, .activity),
            (evidence, .evidence),
            (review, .reviewNote),
        ] {
            limit(text, field, 4_000, into: &problems)
        }
        let target = CalendarDay(iso: trimmed(targetOn))
        if let target {
            if target < today.adding(years: -5) || target > today.adding(years: 5) {
                problems.append(.conflict(.targetOn, "Enter a target date within five years of today"))
            }
        } else {
            problems.append(.init(.targetOn, "Enter the target date as a real date"))
        }
        let domain = GMPDomain(rawValue: domain)
        if domain == nil { problems.append(.init(.domain, "Choose the domain of Good Medical Practice")) }
        let status = PDPStatus(rawValue: status)
        if status == nil { problems.append(.init(.status, "Choose where the item stands")) }
        if status == .complete && evidence.isEmpty {
            problems.append(.conflict(.evidence, "Say what shows the objective was achieved"))
        }
        if (status == .carriedForward || status == .dropped) && review.isEmpty {
            problems.append(.conflict(.reviewNote, "Say in the review note why"))
        }
        guard problems.isEmpty, let target, let domain, let status else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(
            Checked(
                learningNeed: need, objective: objective, activity: activity, targetOn: target, domain: domain,
                status: status, evidence: evidence, reviewNote: review))
    }
}

/// A piece of evidence in a person's portfolio.
public struct EvidenceDraft: Sendable, Equatable {
    public var kind: String
    public var day: String
    public var title: String
    public var hours: String
    public var participatory: Bool

    public init(
        kind: String = "", day: String = "", title: String = "", hours: String = "", participatory: Bool = false
    ) {
        self.kind = kind
        self.day = day
        self.title = title
        self.hours = hours
        self.participatory = participatory
    }

    public struct Checked: Sendable, Equatable {
        public var kind: EvidenceKind
        public var day: CalendarDay
        public var title: String
        public var minutes: Int
        public var participatory: Bool
    }

    /// Hours as a number with up to two decimals ("1.5"), needed for CPD and practice hours and at most 2,000 in one
    /// entry; the day on or before today.
    public func checked(today: CalendarDay) -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let kind = EvidenceKind(rawValue: kind)
        if kind == nil { problems.append(.init(.kind, "Choose the kind of evidence")) }
        let title = trimmed(title)
        required(title, .title, "Say what the evidence is", into: &problems)
        limit(title, .title, 300, into: &problems)
        let day = CalendarDay(iso: trimmed(self.day))
        if let day {
            if day > today { problems.append(.conflict(.day, "Enter a day on or before today")) }
        } else {
            problems.append(.init(.day, "Enter the evidence's date as a real date"))
        }
        var minutes = 0
        let hoursText = trimmed(hours)
        if kind?.countsTime == true && hoursText.isEmpty {
            problems.append(.conflict(.hours, "Enter the hours: \(kind?.title ?? "this kind") counts time"))
        } else if !hoursText.isEmpty {
            if let value = Decimal(string: hoursText, locale: Locale(identifier: "en_GB")), value > 0, value <= 2_000,
                hoursText.allSatisfy({ $0.isNumber || $0 == "." })
            {
                minutes = NSDecimalNumber(decimal: value * 60).intValue
            } else {
                problems.append(.init(.hours, "Enter the hours as a number more than 0 and up to 2,000, like 1.5"))
            }
        }
        guard problems.isEmpty, let kind, let day else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Checked(kind: kind, day: day, title: title, minutes: minutes, participatory: participatory && kind == .cpd))
    }
}

/// Which register a person revalidates with and their next date.
public struct RevalidationDraft: Sendable, Equatable {
    public var register: String
    public var revalidationDue: String

    public init(register: String = "", revalidationDue: String = "") {
        self.register = register
        self.revalidationDue = revalidationDue
    }

    public struct Checked: Sendable, Equatable {
        public var register: RevalidationRegister
        public var due: CalendarDay
    }

    /// The date from a year ago (a date just passed, awaiting the decision) to one cycle and a year ahead.
    public func checked(today: CalendarDay) -> Result<Checked, DraftRefusal<DevelopmentField>> {
        var problems: [DraftProblem<DevelopmentField>] = []
        let register = RevalidationRegister(rawValue: register)
        if register == nil { problems.append(.init(.register, "Choose who you revalidate with")) }
        let due = CalendarDay(iso: trimmed(revalidationDue))
        if let due {
            if due < today.adding(years: -1) || due > today.adding(years: 6) {
                problems.append(.conflict(.revalidationDue, "Enter a date from a year ago to six years ahead"))
            }
        } else {
            problems.append(.init(.revalidationDue, "Enter your revalidation date as a real date"))
        }
        guard problems.isEmpty, let register, let due else { return .failure(DraftRefusal(problems: problems)) }
        return .success(Checked(register: register, due: due))
    }
}
