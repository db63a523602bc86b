import Foundation

/// The dates of appraisal and revalidation, and what a nurse's revalidation asks for (issue #18 item 5; DOMAIN.md
/// §3). Pure rules over days, tested at their edges.
public enum Revalidation {
    /// GMC revalidation comes every five years; notice is given four months before the date.
    public static let gmcCycleYears = 5
    /// NMC revalidation comes every three years.
    public static let nmcCycleYears = 3
    public static let noticeMonths = 4

    /// The appraisal year holding `day`: 1 April to 31 March (the NHS appraisal year).
    public static func appraisalYear(containing day: CalendarDay) -> ClosedRange<CalendarDay> {
        let startYear = day.month >= 4 ? day.year : day.year - 1
        return CalendarDay(startYear, 4, 1)...CalendarDay(startYear + 1, 3, 31)
    }

    /// "2026/27".
    public static func appraisalYearText(_ year: ClosedRange<CalendarDay>) -> String {
        let next = (year.lowerBound.year + 1) % 100
        return "\(year.lowerBound.year)/\(next < 10 ? "0" : "")\(next)"
    }

    /// Where a revalidation date stands on `today`.
    public enum DateStanding: Sendable, Equatable {
        /// More than four months away.
        case ahead(noticeOn: CalendarDay)
        /// Within the four months' notice: the date is near.
        case noticeGiven(daysLeft: Int)
        /// The date has passed with no new date recorded.
        case passed(daysAgo: Int)
    }

    /// The day notice is due: four months before the revalidation date (the same day of the month, or the month's
    /// last day when it has fewer days).
    public static func noticeDay(for due: CalendarDay) -> CalendarDay { due.adding(months: -noticeMonths) }

    public static func standing(of due: CalendarDay, on today: CalendarDay) -> DateStanding {
        let notice = noticeDay(for: due)
        if today > due { return .passed(daysAgo: due.days(until: today)) }
        if today >= notice { return .noticeGiven(daysLeft: today.days(until: due)) }
        return .ahead(noticeOn: notice)
    }

    /// The next date after a revalidation decided on `due`.
    public static func nextDue(after due: CalendarDay, register: RevalidationRegister) -> CalendarDay {
        due.adding(years: register == .gmc ? gmcCycleYears : nmcCycleYears)
    }

    /// Whether this appraisal year has an appraisal among `days`, and the latest one.
    public static func appraisal(in days: [CalendarDay], on today: CalendarDay) -> (
        year: ClosedRange<CalendarDay>, held: CalendarDay?, latest: CalendarDay?
    ) {
        let year = appraisalYear(containing: today)
        let held = days.filter { year.contains($0) && $0 <= today }.max()
        return (year, held, days.filter { $0 <= today }.max())
    }

    /// The six kinds of supporting information and whether each is present among the kinds recorded.
    public static func supportingInformation(present kinds: Set<EvidenceKind>) -> [(kind: EvidenceKind, present: Bool)]
    {
        EvidenceKind.supportingInformation.map { ($0, kinds.contains($0)) }
    }

    /// One piece of evidence, as the NMC count reads it.
    public struct Evidence: Sendable, Equatable {
        public var kind: EvidenceKind
        public var day: CalendarDay
        public var minutes: Int
        public var participatory: Bool

        public init(kind: EvidenceKind, day: CalendarDay, minutes: Int = 0, participatory: Bool = false) {
            self.kind = kind
            self.day = day
            self.minutes = minutes
            self.participatory = participatory
        }
    }

    /// One NMC requirement: what is needed, what there is, whether it is met.
    public struct Requirement: Sendable, Equatable {
        public var title: String
        /// Hours for the time requirements, pieces for the others.
        public var needed: Int
        public var have: Int
        public var unit: String
        public var isMet: Bool { have >= needed }
    }

    /// The NMC's requirements over the three years before `due`: the window runs from the day after the previous
    /// date (`due` three years earlier) to `due`, both counted; evidence outside it does not count. Hours are whole
    /// hours, rounded down from the minutes recorded.
    public static func nmcWindow(for due: CalendarDay) -> ClosedRange<CalendarDay> {
        due.adding(years: -nmcCycleYears).adding(days: 1)...due
    }

    public static func nmcRequirements(_ evidence: [Evidence], due: CalendarDay) -> [Requirement] {
        let window = nmcWindow(for: due)
        let counted = evidence.filter { window.contains($0.day) }
        func minutes(_ kind: EvidenceKind, participatoryOnly: Bool = false) -> Int {
            counted.filter { $0.kind == kind && (!participatoryOnly || $0.participatory) }.reduce(0) { $0 + $1.minutes }
        }
        func pieces(_ kind: EvidenceKind) -> Int { counted.filter { $0.kind == kind }.count }
        return [
            Requirement(title: "Practice hours", needed: 450, have: minutes(.practiceHours) / 60, unit: "hours"),
            Requirement(title: "CPD", needed: 35, have: minutes(.cpd) / 60, unit: "hours"),
            Requirement(
                title: "Participatory CPD (part of the 35)", needed: 20,
                have: minutes(.cpd, participatoryOnly: true) / 60, unit: "hours"),
            Requirement(title: "Practice-related feedback", needed: 5, have: pieces(.feedback), unit: "pieces"),
            Requirement(
                title: "Written reflective accounts", needed: 5, have: pieces(.reflectiveAccount), unit: "accounts"),
            Requirement(
                title: "Reflective discussion", needed: 1, have: pieces(.reflectiveDiscussion), unit: "discussions"),
            Requirement(
                title: "Health and character declaration", needed: 1, have: pieces(.healthCharacter),
                unit: "declarations"),
            Requirement(title: "Professional indemnity", needed: 1, have: pieces(.indemnity), unit: "records"),
            Requirement(title: "Confirmation", needed: 1, have: pieces(.confirmation), unit: "confirmations"),
        ]
    }
}
