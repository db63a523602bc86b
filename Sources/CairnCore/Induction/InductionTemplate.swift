public import Foundation

/// Who an induction is for (issue #17 item 1): each has its own standard template an organisation starts from.
public enum InductionRole: String, CaseIterable, Codable, Sendable {
    case medicalSupportWorker = "medical_support_worker"
    case internationalDoctor = "international_doctor"
    case returningDoctor = "returning_doctor"

    public var title: String {
        switch self {
        case .medicalSupportWorker: "Medical support worker"
        case .internationalDoctor: "Doctor new to the NHS (international medical graduate)"
        case .returningDoctor: "Doctor returning to practice"
        }
    }
}

/// When in the first months an item belongs.
public enum InductionPhase: String, CaseIterable, Codable, Sendable {
    case beforeDayOne = "before_day_one"
    case firstWeek = "first_week"
    case firstMonth = "first_month"
    case firstThreeMonths = "first_three_months"

    public var title: String {
        switch self {
        case .beforeDayOne: "Before day one"
        case .firstWeek: "First week"
        case .firstMonth: "First month"
        case .firstThreeMonths: "First three months"
        }
    }

    /// The due offsets (days from the start) an item of the phase may have.
    public var offsets: ClosedRange<Int> {
        switch self {
        case .beforeDayOne: -60...0
        case .firstWeek: 0...7
        case .firstMonth: 0...31
        case .firstThreeMonths: 0...92
        }
    }
}

/// Who does an item.
public enum InductionOwner: String, CaseIterable, Codable, Sendable {
    case inductee
    case supervisor
    case department

    public var title: String {
        switch self {
        case .inductee: "The new starter"
        case .supervisor: "Their supervisor"
        case .department: "The department"
        }
    }
}

/// One item of an induction template: what, when (days from the start), who, and whether the supervisor signs it off.
public struct InductionTemplateItem: Sendable, Equatable {
    public var phase: InductionPhase
    public var title: String
    public var details: String
    public var owner: InductionOwner
    public var dueOffsetDays: Int
    public var needsSignOff: Bool

    public init(
        _ phase: InductionPhase, _ title: String, details: String = "", owner: InductionOwner, due: Int,
        signOff: Bool = false
    ) {
        self.phase = phase
        self.title = title
        self.details = details
        self.owner = owner
        self.dueOffsetDays = due
        self.needsSignOff = signOff
    }
}

/// The templates an organisation starts from, drawn from NHS England's MSW guidance and the Oxford MSW evaluation
/// (seed 002): orientation, the NHS and its structures, clinical systems, the role description and its limits,
/// mandatory training, supervision, and help towards GMC registration. An organisation edits its own copy.
public enum StandardInductionTemplates {
    public static func items(for role: InductionRole) -> [InductionTemplateItem] {
        let common: [InductionTemplateItem] = [
            .init(.beforeDayOne, "Contract, occupational health and DBS clearance", owner: .department, due: -7),
            .init(.beforeDayOne, "IT accounts, smartcard and email ready", owner: .department, due: 0),
            .init(.beforeDayOne, "Welcome letter with the first week's timetable", owner: .supervisor, due: -3),
            .init(
                .firstWeek, "Hospital orientation: the site, wards, fire exits and who's who", owner: .inductee, due: 2),
            .init(
                .firstWeek, "Meet your supervisor and agree how and when you will meet",
                details: "Weekly in the first month, then monthly.", owner: .supervisor, due: 3, signOff: true),
            .init(.firstWeek, "Clinical systems training (records, orders, results)", owner: .inductee, due: 5),
            .init(.firstMonth, "Mandatory and statutory training modules", owner: .inductee, due: 28, signOff: true),
            .init(.firstMonth, "Safeguarding adults and children (level 2)", owner: .inductee, due: 28),
        ]
        switch role {
        case .medicalSupportWorker:
            return common + [
                .init(
                    .firstWeek, "Read the MSW role description: what an MSW may and may not do",
                    details: "Supernumerary and supervised; no prescribing; who to ask when unsure.",
                    owner: .inductee, due: 1, signOff: true),
                .init(
                    .firstWeek, "The team is told what the MSW role is and is not", owner: .department, due: 5),
                .init(.firstMonth, "The NHS and its structures: a session for new starters", owner: .inductee, due: 21),
                .init(
                    .firstThreeMonths, "Agree a plan towards GMC registration",
                    details: "The route, the English test, PLAB dates and study time.", owner: .supervisor, due: 45,
                    signOff: true),
                .init(
                    .firstThreeMonths, "Three-month review with your supervisor", owner: .supervisor, due: 90,
                    signOff: true),
            ]
        case .internationalDoctor:
            return common + [
                .init(
                    .firstWeek, "Welcome to UK practice: the GMC's Good Medical Practice and the law",
                    owner: .inductee, due: 7),
                .init(
                    .firstMonth, "Shadowing on the ward before working alone", owner: .supervisor, due: 14,
                    signOff: true),
                .init(.firstMonth, "Communication with patients and colleagues in the UK", owner: .inductee, due: 28),
                .init(
                    .firstThreeMonths, "Three-month review with your supervisor", owner: .supervisor, due: 90,
                    signOff: true),
            ]
        case .returningDoctor:
            return common + [
                .init(
                    .firstWeek, "Agree a supervised return to practice plan", owner: .supervisor, due: 5, signOff: true),
                .init(.firstMonth, "Update on changes in practice since you were away", owner: .inductee, due: 28),
                .init(
                    .firstThreeMonths, "Review: ready to work without close supervision", owner: .supervisor, due: 90,
                    signOff: true),
            ]
        }
    }
}

/// A field of an item added to a template, by its form name and its JSON pointer.
public enum InductionItemField: String, CaseIterable, Sendable {
    case title, details, phase, owner, dueOffsetDays, needsSignOff

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// An item for a template as typed or sent, before it is checked.
public struct InductionItemDraft: Sendable, Equatable {
    public var title: String
    public var details: String
    public var phase: String
    public var owner: String
    public var dueOffsetDays: String
    public var needsSignOff: Bool

    public init(
        title: String = "", details: String = "", phase: String = "", owner: String = "", dueOffsetDays: String = "",
        needsSignOff: Bool = false
    ) {
        self.title = title
        self.details = details
        self.phase = phase
        self.owner = owner
        self.dueOffsetDays = dueOffsetDays
        self.needsSignOff = needsSignOff
    }

    public func checked() -> Result<InductionTemplateItem, DraftRefusal<InductionItemField>> {
        var problems: [DraftProblem<InductionItemField>] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let details = details.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { problems.append(.init(.title, "Enter what is to be done")) }
        if title.count > 200 { problems.append(.init(.title, "Keep it to 200 characters or fewer")) }
        if details.count > 2_000 { problems.append(.init(.details, "Keep the details to 2,000 characters or fewer")) }
        let phase = InductionPhase(rawValue: phase)
        if phase == nil { problems.append(.init(.phase, "Choose when it belongs")) }
        let owner = InductionOwner(rawValue: owner)
        if owner == nil { problems.append(.init(.owner, "Choose who does it")) }
        let offset = Int(dueOffsetDays.trimmingCharacters(in: .whitespaces))
        if let phase {
            if offset.map(phase.offsets.contains) != true {
                problems.append(
                    .init(
                        .dueOffsetDays,
                        "Enter the days from the start it is due, from \(phase.offsets.lowerBound) to "
                            + "\(phase.offsets.upperBound) for \(phase.title.lowercased())"))
            }
        } else if offset == nil {
            problems.append(.init(.dueOffsetDays, "Enter the days from the start it is due, like 7"))
        }
        guard problems.isEmpty, let phase, let owner, let offset else {
            return .failure(DraftRefusal(problems: problems))
        }
        return .success(
            InductionTemplateItem(phase, title, details: details, owner: owner, due: offset, signOff: needsSignOff))
    }
}

/// A field of a new induction, by its form name and its JSON pointer.
public enum InductionStartField: String, CaseIterable, Sendable {
    case inducteeName, inducteeEmail, supervisorName, supervisorEmail, templateID, startsOn, cohort, department

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// Starting someone's induction, as typed or sent.
public struct InductionStartDraft: Sendable, Equatable {
    public var inducteeName: String
    public var inducteeEmail: String
    public var supervisorName: String
    public var supervisorEmail: String
    public var templateID: String
    public var startsOn: String
    public var cohort: String
    public var department: String

    public init(
        inducteeName: String = "", inducteeEmail: String = "", supervisorName: String = "",
        supervisorEmail: String = "", templateID: String = "", startsOn: String = "", cohort: String = "",
        department: String = ""
    ) {
        self.inducteeName = inducteeName
        self.inducteeEmail = inducteeEmail
        self.supervisorName = supervisorName
        self.supervisorEmail = supervisorEmail
        self.templateID = templateID
        self.startsOn = startsOn
        self.cohort = cohort
        self.department = department
    }

    public static func fromForm(_ value: (String) -> String?) -> InductionStartDraft {
        InductionStartDraft(
            inducteeName: value("inducteeName") ?? "", inducteeEmail: value("inducteeEmail") ?? "",
            supervisorName: value("supervisorName") ?? "", supervisorEmail: value("supervisorEmail") ?? "",
            templateID: value("templateID") ?? "", startsOn: value("startsOn") ?? "", cohort: value("cohort") ?? "",
            department: value("department") ?? "")
    }

    public struct Checked: Sendable, Equatable {
        public var inducteeName: String
        public var inducteeEmail: String
        public var supervisorName: String
        public var supervisorEmail: String
        public var templateID: UUID
        public var startsOn: CalendarDay
        public var cohort: String
        public var department: String
    }

    /// The start may be up to a year back (an induction already under way) or a year ahead.
    public func checked(today: CalendarDay) -> Result<Checked, DraftRefusal<InductionStartField>> {
        var problems: [DraftProblem<InductionStartField>] = []
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let names = [
            (InductionStartField.inducteeName, trimmed(inducteeName)), (.supervisorName, trimmed(supervisorName)),
        ]
        for (field, name) in names {
            if name.isEmpty { problems.append(.init(field, "Enter their name")) }
            if name.count > 200 { problems.append(.init(field, "A name must be 200 characters or fewer")) }
        }
        let inducteeEmail = trimmed(inducteeEmail)
        let supervisorEmail = trimmed(supervisorEmail)
        for (field, email) in [(InductionStartField.inducteeEmail, inducteeEmail), (.supervisorEmail, supervisorEmail)]
        {
            if email.isEmpty {
                problems.append(.init(field, "Enter an email address"))
            } else if !EmailAddress.isPlausible(email) {
                problems.append(.init(field, EmailAddress.formatProblem))
            }
        }
        if !inducteeEmail.isEmpty, inducteeEmail.lowercased() == supervisorEmail.lowercased() {
            problems.append(.init(.supervisorEmail, "The supervisor must be someone other than the new starter"))
        }
        let template = UUID(uuidString: trimmed(templateID))
        if template == nil { problems.append(.init(.templateID, "Choose a template")) }
        let start = CalendarDay(iso: trimmed(startsOn))
        if let start {
            if start < today.adding(days: -366) || start > today.adding(days: 366) {
                problems.append(.conflict(.startsOn, "Enter a start date within a year of today"))
            }
        } else {
            problems.append(.init(.startsOn, "Enter the first day of work as a real date"))
        }
        let cohort = trimmed(cohort)
        if cohort.count > 80 { problems.append(.init(.cohort, "Keep the intake's name to 80 characters or fewer")) }
        let department = trimmed(department)
        if department.count > 120 {
            problems.append(.init(.department, "Keep the department to 120 characters or fewer"))
        }
        guard problems.isEmpty, let template, let start else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Checked(
                inducteeName: trimmed(inducteeName), inducteeEmail: inducteeEmail,
                supervisorName: trimmed(supervisorName), supervisorEmail: supervisorEmail, templateID: template,
                startsOn: start, cohort: cohort, department: department))
    }
}
