/// The road to GMC registration for an international medical graduate (DOMAIN.md §2, issue #17 item 5): the steps
/// of the route they take, what they recorded on each, and what follows from the rules: each step's state, the
/// deadlines still open with the days left, and the step that holds them up.
///
/// Windows are counted in calendar days and years. A result "valid for 2 years" from day D is valid up to and
/// including the day before D's second anniversary; a step that "must be passed within 2 years of" day D must be
/// passed before D's second anniversary. An anniversary of 29 February is 28 February in a common year (the earlier
/// reading: nobody is told they have a day they do not have).
public enum RegistrationRoute: String, CaseIterable, Codable, Sendable {
    case plab
    case sponsorship
    case medicalTrainingInitiative = "mti"
    case postgraduateQualification = "postgraduate_qualification"
    case portfolio

    public var title: String {
        switch self {
        case .plab: "PLAB (the Professional and Linguistic Assessments Board test)"
        case .sponsorship: "Sponsorship by an approved sponsor"
        case .medicalTrainingInitiative: "The Medical Training Initiative (up to 24 months)"
        case .postgraduateQualification: "An acceptable postgraduate qualification"
        case .portfolio: "The portfolio pathway (specialist or GP register)"
        }
    }

    /// The steps of the route, in the order they are taken. PLAB's identity check happens at the PLAB 2 centre;
    /// the other routes have their own.
    public var steps: [PathwayStep] {
        switch self {
        case .plab: [.qualification, .english, .plab1, .plab2, .application, .registration]
        default: [.qualification, .english, .application, .identityCheck, .registration]
        }
    }
}

/// A step on a route to registration.
public enum PathwayStep: String, CaseIterable, Codable, Sendable {
    case qualification
    case english
    case plab1
    case plab2
    case application
    case identityCheck = "identity_check"
    case registration

    public var title: String {
        switch self {
        case .qualification: "Primary medical qualification verified (EPIC)"
        case .english: "English language evidence (IELTS or OET)"
        case .plab1: "PLAB 1"
        case .plab2: "PLAB 2"
        case .application: "Application for registration"
        case .identityCheck: "Identity check"
        case .registration: "Registration with a licence to practise"
        }
    }

    /// Whether the step is an exam that may be failed and sat again, with a limit on attempts.
    public var isExam: Bool { self == .plab1 || self == .plab2 }

    /// What may be recorded on the step.
    public var outcomes: [PathwayOutcome] {
        switch self {
        case .qualification: [.done]
        case .english: [.booked, .passed, .failed]
        case .plab1, .plab2: [.booked, .passed, .failed]
        case .application: [.done]
        case .identityCheck: [.booked, .done]
        case .registration: [.done]
        }
    }

    /// The words for an outcome on this step ("Verified", "Submitted", "Registered").
    public func label(_ outcome: PathwayOutcome) -> String {
        switch (self, outcome) {
        case (.qualification, .done): "Verified"
        case (.application, .done): "Submitted"
        case (.identityCheck, .done): "Checked"
        case (.registration, .done): "Registered"
        case (_, .booked): "Booked"
        case (_, .passed): "Passed"
        case (_, .failed): "Not passed"
        case (_, .done): "Done"
        }
    }
}

/// What happened on a step on a day.
public enum PathwayOutcome: String, CaseIterable, Codable, Sendable {
    /// A test, exam or check booked for the day.
    case booked
    /// An exam or test passed, sat on the day.
    case passed
    /// An exam or test sat on the day and not passed.
    case failed
    /// Verified, submitted, checked or registered on the day.
    case done
}

/// One thing a person recorded about their pathway.
public struct PathwayEntry: Sendable, Equatable {
    public var step: PathwayStep
    public var outcome: PathwayOutcome
    public var day: CalendarDay
    /// For an exam attempt beyond the fourth: evidence of 12 months' extra learning was accepted.
    public var extraLearning: Bool

    public init(_ step: PathwayStep, _ outcome: PathwayOutcome, on day: CalendarDay, extraLearning: Bool = false) {
        self.step = step
        self.outcome = outcome
        self.day = day
        self.extraLearning = extraLearning
    }
}

/// The GMC's rules at one time, as data with the day they took effect. The rules that apply to a window are the
/// ones in force on the day the window opened (the PLAB 2 window: the day PLAB 1 was passed).
public struct PathwayRules: Sendable, Equatable {
    public var name: String
    public var effectiveFrom: CalendarDay
    public var englishValidityYears: Int
    public var plab2WindowYears: Int
    public var approvalWindowYears: Int
    public var attempts: Int
    public var extraAttempts: Int
    /// How long the GMC keeps an application open.
    public var applicationOpenDays: Int

    public init(
        name: String, effectiveFrom: CalendarDay, englishValidityYears: Int = 2, plab2WindowYears: Int = 2,
        approvalWindowYears: Int = 2, attempts: Int = 4, extraAttempts: Int = 1, applicationOpenDays: Int = 90
    ) {
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.englishValidityYears = englishValidityYears
        self.plab2WindowYears = plab2WindowYears
        self.approvalWindowYears = approvalWindowYears
        self.attempts = attempts
        self.extraAttempts = extraAttempts
        self.applicationOpenDays = applicationOpenDays
    }

    /// Every version, oldest first. The COVID-era extension gave three years between PLAB 1 and PLAB 2; two years
    /// again from 31 March 2025. (The day the extension began is the first UK lockdown, 23 March 2020; check it
    /// against the GMC's notice before relying on a result that turns on it.)
    public static let versions: [PathwayRules] = [
        PathwayRules(name: "GMC rules", effectiveFrom: CalendarDay(1900, 1, 1)),
        PathwayRules(
            name: "GMC rules with the COVID-era extension", effectiveFrom: CalendarDay(2020, 3, 23),
            plab2WindowYears: 3),
        PathwayRules(name: "GMC rules from 31 March 2025", effectiveFrom: CalendarDay(2025, 3, 31)),
    ]

    /// The rules in force on `day`.
    public static func inForce(on day: CalendarDay, versions: [PathwayRules] = versions) -> PathwayRules {
        versions.last { $0.effectiveFrom <= day } ?? versions[0]
    }
}

/// A window that is still open, and how long is left.
public struct PathwayDeadline: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// The English result stops being valid.
        case englishExpires = "english_expires"
        /// PLAB 2 must be passed before this day.
        case plab2Window = "plab2_window"
        /// Registration must be approved before this day.
        case approvalWindow = "approval_window"
        /// The GMC closes an application still waiting after this.
        case applicationOpen = "application_open"

        public var title: String {
            switch self {
            case .englishExpires: "Your English language result stops being valid"
            case .plab2Window: "PLAB 2 must be passed"
            case .approvalWindow: "Registration must be approved"
            case .applicationOpen: "Your application stays open"
            }
        }
    }

    public var kind: Kind
    public var step: PathwayStep
    /// The first day the window is closed: "expires on".
    public var closesOn: CalendarDay
    public var daysLeft: Int

    /// The warning due now: 90, 30 or 7 days ahead (the tightest one reached); nil while more than 90 are left.
    public var warning: Int? { PathwayDeadline.warningDays.first { daysLeft <= $0 && daysLeft >= 0 } }

    /// Warning points, tightest first.
    public static let warningDays = [7, 30, 90]

    /// "expires in 73 days", "closes tomorrow", "closes today".
    public var whenText: String {
        switch daysLeft {
        case 0: "today"
        case 1: "tomorrow"
        default: "in \(daysLeft) days"
        }
    }
}

/// Where a step stands.
public enum StepState: Sendable, Equatable {
    case notStarted
    case booked(CalendarDay)
    /// Failed so far; attempts used of those allowed.
    case tryingAgain(used: Int, allowed: Int)
    case done(CalendarDay)
    /// A result that was good and has lapsed (the English test) on the day.
    case expired(CalendarDay)
    /// The window to take it closed on the day.
    case windowClosed(CalendarDay)
    /// Every attempt allowed is used (with or without the extra one).
    case attemptsUsed(used: Int, extraAvailable: Bool)

    public var isDone: Bool { if case .done = self { true } else { false } }

    /// Whether the step blocks the road until something is done again (not merely not yet done).
    public var isBroken: Bool {
        switch self {
        case .expired, .windowClosed, .attemptsUsed: true
        default: false
        }
    }
}

/// One step's standing, with what a person needs to read about it.
public struct StepStatus: Sendable, Equatable {
    public var step: PathwayStep
    public var state: StepState
    /// A sentence on what it means and what to do.
    public var explanation: String
    /// Problems with what was recorded (a result not valid on the day it had to be).
    public var problems: [String]
}

/// The whole pathway, worked out on one day.
public struct PathwayStatus: Sendable, Equatable {
    public var route: RegistrationRoute
    public var steps: [StepStatus]
    /// Windows still open, soonest first.
    public var deadlines: [PathwayDeadline]
    /// The step that holds the person up: the first step broken, else the first not done; nil once registered.
    public var blocking: PathwayStep?

    public func status(of step: PathwayStep) -> StepStatus? { steps.first { $0.step == step } }

    /// Works out the pathway on `today` from the entries recorded, under the rule versions given.
    public static func evaluate(
        route: RegistrationRoute, entries: [PathwayEntry], today: CalendarDay,
        versions: [PathwayRules] = PathwayRules.versions
    ) -> PathwayStatus {
        PathwayEvaluation(route: route, entries: entries, today: today, versions: versions).run()
    }
}

private struct PathwayEvaluation {
    var route: RegistrationRoute
    var entries: [PathwayEntry]
    var today: CalendarDay
    var versions: [PathwayRules]

    func entries(_ step: PathwayStep) -> [PathwayEntry] {
        entries.filter { $0.step == step }.sorted { $0.day < $1.day }
    }

    func latest(_ step: PathwayStep, _ outcome: PathwayOutcome) -> CalendarDay? {
        entries(step).last { $0.outcome == outcome }?.day
    }

    func run() -> PathwayStatus {
        let registeredOn = latest(.registration, .done)
        var steps: [StepStatus] = []
        var deadlines: [PathwayDeadline] = []
        func open(_ kind: PathwayDeadline.Kind, _ step: PathwayStep, closesOn: CalendarDay) {
            guard registeredOn == nil, today < closesOn else { return }
            deadlines.append(
                PathwayDeadline(kind: kind, step: step, closesOn: closesOn, daysLeft: today.days(until: closesOn)))
        }

        // English: the latest pass counts; valid from its day until the day before its anniversary.
        let englishPass = latest(.english, .passed)
        let englishRules = PathwayRules.inForce(on: englishPass ?? today, versions: versions)
        let englishExpiry = englishPass.map { $0.adding(years: englishRules.englishValidityYears) }
        func englishValid(on day: CalendarDay) -> Bool {
            entries(.english).contains {
                $0.outcome == .passed && $0.day <= day
                    && day
                        < $0.day.adding(
                            years: PathwayRules.inForce(on: $0.day, versions: versions)
                                .englishValidityYears)
            }
        }

        // The latest PLAB 1 pass opens the PLAB 2 window (passing it again after a window closed opens a new one).
        let plab1Pass = latest(.plab1, .passed)
        let plab2Pass = plab1Pass.flatMap { first in entries(.plab2).first { $0.outcome == .passed && $0.day >= first }
        }?
        .day
        let plab2Rules = PathwayRules.inForce(on: plab1Pass ?? today, versions: versions)
        let plab2Closes = plab1Pass.map { $0.adding(years: plab2Rules.plab2WindowYears) }
        let approvalRules = PathwayRules.inForce(on: plab2Pass ?? today, versions: versions)
        let approvalCloses = plab2Pass.map { $0.adding(years: approvalRules.approvalWindowYears) }

        for step in route.steps {
            var problems: [String] = []
            let state: StepState
            let explanation: String
            switch step {
            case .qualification, .application, .identityCheck, .registration:
                if let day = latest(step, .done) {
                    state = .done(day)
                    explanation = doneText(step, day)
                } else if step == .identityCheck, let day = latest(step, .booked) {
                    state = .booked(day)
                    explanation = "Booked for \(day.longText). Bring your passport and the originals the GMC asks for."
                } else {
                    state = .notStarted
                    explanation = todoText(step)
                }
            case .english:
                if let registeredOn {
                    if englishValid(on: registeredOn), let englishPass {
                        state = .done(englishPass)
                        explanation = "Passed on \(englishPass.longText), valid when you were registered."
                    } else {
                        state = englishPass.map { .done($0) } ?? .notStarted
                        explanation = "Recorded as registered without an English result valid that day."
                        problems.append("No English result recorded was valid on the day you were registered.")
                    }
                } else if let englishPass, let englishExpiry {
                    if today < englishExpiry {
                        state = .done(englishPass)
                        explanation =
                            "Passed on \(englishPass.longText); valid until \(englishExpiry.adding(days: -1).longText)."
                        open(.englishExpires, .english, closesOn: englishExpiry)
                    } else {
                        state = .expired(englishExpiry)
                        explanation =
                            "Your result stopped being valid on \(englishExpiry.longText). You need a new one before "
                            + "the GMC approves your registration."
                    }
                } else if let booked = latest(.english, .booked), booked >= today {
                    state = .booked(booked)
                    explanation = "Booked for \(booked.longText)."
                } else {
                    state = .notStarted
                    explanation = todoText(step)
                }
                if route == .plab, let plab1Pass, !englishValid(on: plab1Pass) {
                    problems.append(
                        "Your English result was not valid on the day you passed PLAB 1 (\(plab1Pass.longText)).")
                }
            case .plab1, .plab2:
                let limitRules = PathwayRules.inForce(
                    on: entries(step).first?.day ?? today, versions: versions)
                let opensOn = step == .plab2 ? plab1Pass : nil
                let attempts = entries(step).filter { entry in
                    (entry.outcome == .passed || entry.outcome == .failed) && opensOn.map { entry.day >= $0 } != false
                }
                let failures = attempts.prefix { $0.outcome == .failed }.count
                let pass = step == .plab1 ? plab1Pass : plab2Pass
                let extraAllowed = entries(step).contains(where: \.extraLearning)
                let allowed = limitRules.attempts + (extraAllowed ? limitRules.extraAttempts : 0)
                if step == .plab2, plab1Pass == nil {
                    state = .notStarted
                    explanation = "You can book PLAB 2 once you have passed PLAB 1."
                } else if let pass {
                    state = .done(pass)
                    explanation = "Passed on \(pass.longText)."
                    if step == .plab2, let plab2Closes, pass >= plab2Closes {
                        problems.append(
                            "Passed after the window closed on \(plab2Closes.longText): PLAB 1 must be passed again.")
                    }
                } else if step == .plab2, let plab2Closes, today >= plab2Closes {
                    state = .windowClosed(plab2Closes)
                    explanation =
                        "The window to pass PLAB 2 closed on \(plab2Closes.longText), \(plab2Rules.plab2WindowYears) "
                        + "years after PLAB 1. You need to pass PLAB 1 again."
                } else if failures >= allowed {
                    let more = !extraAllowed && limitRules.extraAttempts > 0
                    state = .attemptsUsed(used: failures, extraAvailable: more)
                    explanation =
                        more
                        ? "All \(limitRules.attempts) attempts are used. One more is allowed with evidence of 12 months' "
                            + "extra learning or experience."
                        : "Every attempt allowed is used."
                } else if let booked = latest(step, .booked), booked >= today,
                    !attempts.contains(where: { $0.day >= booked })
                {
                    state = .booked(booked)
                    explanation =
                        "Booked for \(booked.longText)"
                        + (failures > 0 ? "; attempt \(failures + 1) of \(allowed)." : ".")
                } else if failures > 0 {
                    state = .tryingAgain(used: failures, allowed: allowed)
                    explanation = "\(failures) of \(allowed) attempts used. Book the next when you are ready."
                } else {
                    state = .notStarted
                    explanation = todoText(step)
                }
                if step == .plab2, let plab2Closes, plab2Pass == nil {
                    open(.plab2Window, .plab2, closesOn: plab2Closes)
                }
            }
            steps.append(StepStatus(step: step, state: state, explanation: explanation, problems: problems))
        }

        if route == .plab, let approvalCloses {
            if registeredOn == nil, today >= approvalCloses,
                let index = steps.firstIndex(where: { $0.step == .registration })
            {
                steps[index].state = .windowClosed(approvalCloses)
                steps[index].explanation =
                    "Registration was not approved within \(approvalRules.approvalWindowYears) years of PLAB 2 "
                    + "(by \(approvalCloses.adding(days: -1).longText)). The GMC will ask for more evidence of your "
                    + "knowledge and skills."
            }
            open(.approvalWindow, .registration, closesOn: approvalCloses)
        }
        if let submitted = latest(.application, .done) {
            let rules = PathwayRules.inForce(on: submitted, versions: versions)
            open(.applicationOpen, .application, closesOn: submitted.adding(days: rules.applicationOpenDays))
        }

        let blocking =
            registeredOn != nil
            ? nil : (steps.first { $0.state.isBroken } ?? steps.first { !$0.state.isDone })?.step
        return PathwayStatus(
            route: route, steps: steps, deadlines: deadlines.sorted { $0.closesOn < $1.closesOn }, blocking: blocking)
    }

    func doneText(_ step: PathwayStep, _ day: CalendarDay) -> String {
        switch step {
        case .qualification: "Verified on \(day.longText)."
        case .application: "Submitted on \(day.longText)."
        case .identityCheck: "Checked on \(day.longText)."
        case .registration: "Registered on \(day.longText)."
        default: "Done on \(day.longText)."
        }
    }

    func todoText(_ step: PathwayStep) -> String {
        switch step {
        case .qualification: "Have your primary medical qualification verified through EPIC."
        case .english:
            "IELTS Academic 7.5 overall and at least 7.0 in each part, or OET Medicine grade B in all four. "
                + "A result is valid for two years."
        case .plab1: "180 questions in three hours. Your English result must be valid on the day."
        case .plab2: "16 stations in Manchester; your identity is checked there."
        case .application: "Apply to the GMC once the steps before are done."
        case .identityCheck: "The GMC checks your passport, photograph and original documents."
        case .registration: "The GMC approves your registration with a licence to practise."
        }
    }
}

extension CalendarDay {
    /// The same day `count` years on; 29 February becomes 28 February in a common year.
    public func adding(years count: Int) -> CalendarDay {
        let year = self.year + count
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return CalendarDay(year, month, month == 2 && day == 29 && !leap ? 28 : day)
    }

    /// Days from this day to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int {
        MeetingRule.daysFromCivil(other) - MeetingRule.daysFromCivil(self)
    }

    /// A stored day ("2026-12-07") in prose, or the text as it is when it is not a day.
    public static func longText(iso text: String) -> String { CalendarDay(iso: text)?.longText ?? text }

    /// "7 December 2026": the one way a day is written in prose.
    public var longText: String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(day) \(months[month - 1]) \(year)"
    }
}

/// A field of a pathway entry, by its form name and its JSON pointer.
public enum PathwayEntryField: String, CaseIterable, Sendable {
    case step, outcome, day, extraLearning

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// Something a person records on their pathway, as typed or sent.
public struct PathwayEntryDraft: Sendable, Equatable {
    public var step: String
    public var outcome: String
    public var day: String
    public var extraLearning: Bool

    public init(step: String = "", outcome: String = "", day: String = "", extraLearning: Bool = false) {
        self.step = step
        self.outcome = outcome
        self.day = day
        self.extraLearning = extraLearning
    }

    /// Checked against the route: the step must be one of its steps and the outcome one the step has; a booking is
    /// for today or later, a result for today or earlier; nothing before 2000.
    public func checked(route: RegistrationRoute, today: CalendarDay) -> Result<
        PathwayEntry, DraftRefusal<PathwayEntryField>
    > {
        var problems: [DraftProblem<PathwayEntryField>] = []
        let step = PathwayStep(rawValue: step).flatMap { route.steps.contains($0) ? $0 : nil }
        if step == nil {
            problems.append(
                PathwayStep(rawValue: self.step) == nil
                    ? .init(.step, "Choose a step of your route") : .conflict(.step, "Choose a step of your route"))
        }
        let outcome = PathwayOutcome(rawValue: outcome)
        if let step, let outcome, !step.outcomes.contains(outcome) {
            problems.append(.init(.outcome, "Choose what happened: \(step.title) can be \(step.outcomeList)"))
        } else if outcome == nil {
            problems.append(.init(.outcome, "Choose what happened"))
        }
        let day = CalendarDay(iso: day.trimmingCharacters(in: .whitespaces))
        if let day {
            if day < CalendarDay(2000, 1, 1) {
                problems.append(.init(.day, "Enter a date from 2000 on"))
            } else if outcome == .booked, day < today {
                problems.append(.conflict(.day, "A booking is for today or a later day"))
            } else if outcome != .booked, day > today {
                problems.append(.conflict(.day, "A result is recorded on or after the day it happened"))
            }
        } else {
            problems.append(.init(.day, "Enter the date as a real date"))
        }
        if extraLearning, let step, !step.isExam {
            problems.append(.init(.extraLearning, "Extra learning counts only for PLAB attempts"))
        }
        guard problems.isEmpty, let step, let outcome, let day else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(PathwayEntry(step, outcome, on: day, extraLearning: extraLearning))
    }
}

extension PathwayStep {
    /// "booked, passed or not passed".
    var outcomeList: String {
        let labels = outcomes.map { label($0).lowercased() }
        return labels.count == 1 ? labels[0] : labels.dropLast().joined(separator: ", ") + " or " + labels.last!
    }
}
