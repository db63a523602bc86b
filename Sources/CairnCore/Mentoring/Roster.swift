import Foundation

/// A mentor as a programme lead enters them, by form or by a CSV line: checked and normalised, ready to store.
/// Column names double as form field names, so the page and the import share one set of rules.
public struct MentorEntry: Sendable, Equatable {
    public static let columns = [
        "name", "email", "profession", "specialty", "grade", "languages", "region", "employer", "img_experience",
        "gender", "interests", "capacity", "training_course", "training_completed", "training_expires",
    ]
    public static let requiredColumns: Set<String> = ["name", "email", "profession", "capacity"]

    public var name: String
    public var email: String
    public var profession: Profession
    public var specialty: String?
    public var grade: Grade?
    public var languages: [String]
    public var region: Region?
    public var employer: String?
    public var hasInternationalGraduateExperience: Bool
    public var gender: String?
    public var interests: String?
    public var capacity: Int
    public var training: TrainingRecord?

    public init(
        name: String, email: String, profession: Profession, specialty: String? = nil, grade: Grade? = nil,
        languages: [String] = [], region: Region? = nil, employer: String? = nil,
        hasInternationalGraduateExperience: Bool = false, gender: String? = nil, interests: String? = nil,
        capacity: Int, training: TrainingRecord? = nil
    ) {
        self.name = name
        self.email = email
        self.profession = profession
        self.specialty = specialty
        self.grade = grade
        self.languages = languages
        self.region = region
        self.employer = employer
        self.hasInternationalGraduateExperience = hasInternationalGraduateExperience
        self.gender = gender
        self.interests = interests
        self.capacity = capacity
        self.training = training
    }

    /// Builds the entry from named values, or says what is wrong with each field.
    public static func read(_ value: (String) -> String?) -> Result<MentorEntry, RosterProblems> {
        var problems = RosterProblems()
        let name = problems.name(value("name"))
        let email = problems.email(value("email"), field: "email", required: true)
        let profession = problems.profession(value("profession"))
        let capacityText = value("capacity") ?? ""
        var capacity = 0
        if let number = Int(capacityText), (1...20).contains(number) {
            capacity = number
        } else {
            problems.add("capacity", "Enter how many mentees they can take, a whole number from 1 to 20")
        }
        let experience = problems.yesNo(value("img_experience"), field: "img_experience")
        let training = problems.training(
            course: value("training_course"), completed: value("training_completed"),
            expires: value("training_expires"))
        let entry = MentorEntry(
            name: name, email: email ?? "", profession: profession ?? .doctor,
            specialty: problems.shortText(value("specialty"), field: "specialty").map(RosterProblems.code),
            grade: problems.grade(value("grade"), for: profession), languages: problems.languages(value("languages")),
            region: problems.region(value("region")),
            employer: problems.shortText(value("employer"), field: "employer"),
            hasInternationalGraduateExperience: experience,
            gender: problems.shortText(value("gender"), field: "gender").map(RosterProblems.code),
            interests: problems.shortText(value("interests"), field: "interests", limit: 500), capacity: capacity,
            training: training)
        return problems.isEmpty ? .success(entry) : .failure(problems)
    }
}

/// Completed mentoring training: only a mentor with in-date training can be matched.
public struct TrainingRecord: Sendable, Equatable {
    public var course: String
    public var completed: CalendarDay
    public var expires: CalendarDay

    /// A record entered on its own (the registry's form), with the same rules as a CSV line's.
    public static func read(course: String?, completed: String?, expires: String?)
        -> Result<TrainingRecord, RosterProblems>
    {
        var problems = RosterProblems()
        func given(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        let record = problems.training(course: given(course), completed: given(completed), expires: given(expires))
        if record == nil && problems.isEmpty {
            problems.add("training_course", "Enter the mentoring course they completed")
        }
        guard let record, problems.isEmpty else { return .failure(problems) }
        return .success(record)
    }

    public init(course: String, completed: CalendarDay, expires: CalendarDay) {
        self.course = course
        self.completed = completed
        self.expires = expires
    }
}

/// A mentee as a programme lead enters them, with their wishes and their supervisor (never their mentor).
public struct MenteeEntry: Sendable, Equatable {
    public static let columns = [
        "name", "email", "profession", "specialty", "grade", "languages", "region", "employer", "img",
        "supervisor_email", "wish_language", "wish_language_required", "wish_specialty", "wish_specialty_required",
        "wish_gender", "wish_gender_required",
    ]
    public static let requiredColumns: Set<String> = ["name", "email", "profession"]

    public var name: String
    public var email: String
    public var profession: Profession
    public var specialty: String?
    public var grade: Grade?
    public var languages: [String]
    public var region: Region?
    public var employer: String?
    public var isInternationalGraduate: Bool
    public var supervisorEmail: String?
    public var wishes: MenteeWishes

    public init(
        name: String, email: String, profession: Profession, specialty: String? = nil, grade: Grade? = nil,
        languages: [String] = [], region: Region? = nil, employer: String? = nil, isInternationalGraduate: Bool = false,
        supervisorEmail: String? = nil, wishes: MenteeWishes = MenteeWishes()
    ) {
        self.name = name
        self.email = email
        self.profession = profession
        self.specialty = specialty
        self.grade = grade
        self.languages = languages
        self.region = region
        self.employer = employer
        self.isInternationalGraduate = isInternationalGraduate
        self.supervisorEmail = supervisorEmail
        self.wishes = wishes
    }

    public static func read(_ value: (String) -> String?) -> Result<MenteeEntry, RosterProblems> {
        var problems = RosterProblems()
        let name = problems.name(value("name"))
        let email = problems.email(value("email"), field: "email", required: true)
        let supervisor = problems.email(value("supervisor_email"), field: "supervisor_email", required: false)
        if let email, let supervisor, email.lowercased() == supervisor.lowercased() {
            problems.add("supervisor_email", "A mentee cannot be their own supervisor")
        }
        func wish(_ field: String, code: Bool = true) -> StatedWish? {
            let required = problems.yesNo(value(field + "_required"), field: field + "_required")
            guard let text = problems.shortText(value(field), field: field) else {
                if required { problems.add(field, "Say what is required, or answer no to \"required\"") }
                return nil
            }
            return StatedWish(code ? RosterProblems.code(text) : text, isRequired: required)
        }
        let profession = problems.profession(value("profession"))
        let entry = MenteeEntry(
            name: name, email: email ?? "", profession: profession ?? .doctor,
            specialty: problems.shortText(value("specialty"), field: "specialty").map(RosterProblems.code),
            grade: problems.grade(value("grade"), for: profession), languages: problems.languages(value("languages")),
            region: problems.region(value("region")),
            employer: problems.shortText(value("employer"), field: "employer"),
            isInternationalGraduate: problems.yesNo(value("img"), field: "img"), supervisorEmail: supervisor,
            wishes: MenteeWishes(
                language: wish("wish_language"), specialty: wish("wish_specialty"), mentorGender: wish("wish_gender")))
        return problems.isEmpty ? .success(entry) : .failure(problems)
    }
}

/// What is wrong with an entry, field by field, in the order found.
public struct RosterProblems: Error, Sendable, Equatable {
    public private(set) var entries: [(field: String, message: String)] = []

    public var isEmpty: Bool { entries.isEmpty }

    public static func == (lhs: RosterProblems, rhs: RosterProblems) -> Bool {
        lhs.entries.map(\.field) == rhs.entries.map(\.field) && lhs.entries.map(\.message) == rhs.entries.map(\.message)
    }

    mutating func add(_ field: String, _ message: String) {
        guard !entries.contains(where: { $0.field == field }) else { return }
        entries.append((field, message))
    }

    static func code(_ text: String) -> String { RosterText.code(text) }

    mutating func name(_ text: String?) -> String {
        guard let text, !text.isEmpty else {
            add("name", "Enter their name")
            return ""
        }
        if text.count > 200 { add("name", "A name must be 200 characters or fewer") }
        return text
    }

    mutating func email(_ text: String?, field: String, required: Bool) -> String? {
        guard let text, !text.isEmpty else {
            if required { add(field, "Enter an email address") }
            return nil
        }
        guard EmailAddress.isPlausible(text) else {
            add(field, EmailAddress.formatProblem)
            return nil
        }
        return text
    }

    mutating func profession(_ text: String?) -> Profession? {
        guard let text else {
            add("profession", "Enter their profession")
            return nil
        }
        guard let found = Self.lookUp(text, in: Profession.allCases, title: \.title) else {
            add("profession", "\"\(text)\" is not a profession Cairn knows (for example doctor, dentist, nurse)")
            return nil
        }
        return found
    }

    /// A grade Cairn knows, and one that belongs to the profession (DOMAIN.md §7) when the profession is known.
    mutating func grade(_ text: String?, for profession: Profession?) -> Grade? {
        guard let text else { return nil }
        guard let found = Self.lookUp(text, in: Grade.allCases, title: \.title) else {
            add("grade", "\"\(text)\" is not a grade Cairn knows (for example GPST1, ST3, consultant)")
            return nil
        }
        if let profession, !profession.grades.contains(found) {
            add("grade", "\(found.title) is not a grade of a \(profession.title.lowercased())")
            return nil
        }
        return found
    }

    mutating func region(_ text: String?) -> Region? {
        guard let text else { return nil }
        guard let found = Self.lookUp(text, in: Region.allCases, title: \.title) else {
            add("region", "\"\(text)\" is not a region Cairn knows (for example scotland, london)")
            return nil
        }
        return found
    }

    mutating func languages(_ text: String?) -> [String] {
        guard let text else { return [] }
        let names = text.split(whereSeparator: { $0 == ";" || $0 == "|" }).map { Self.code(String($0)) }
            .filter { !$0.isEmpty }
        if names.count > 10 || names.contains(where: { $0.count > 50 }) {
            add("languages", "List up to 10 languages, separated by semicolons")
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    mutating func yesNo(_ text: String?, field: String) -> Bool {
        guard let text else { return false }
        switch text.lowercased() {
        case "yes", "y", "true", "1": return true
        case "no", "n", "false", "0": return false
        default:
            add(field, "Answer yes or no")
            return false
        }
    }

    mutating func shortText(_ text: String?, field: String, limit: Int = 100) -> String? {
        guard let text else { return nil }
        if text.count > limit { add(field, "Keep this to \(limit) characters or fewer") }
        return text
    }

    mutating func training(course: String?, completed: String?, expires: String?) -> TrainingRecord? {
        guard course != nil || completed != nil || expires != nil else { return nil }
        let finished = completed.flatMap(CalendarDay.init(iso:))
        let lapses = expires.flatMap(CalendarDay.init(iso:))
        if course == nil { add("training_course", "Enter the mentoring course they completed") }
        if finished == nil { add("training_completed", "Enter the date they completed it, like 2026-03-14") }
        if lapses == nil { add("training_expires", "Enter the date their training expires, like 2029-03-14") }
        guard let course, let finished, let lapses else { return nil }
        guard lapses > finished else {
            add("training_expires", "The expiry date must be after the date they completed the course")
            return nil
        }
        return TrainingRecord(course: String(course.prefix(200)), completed: finished, expires: lapses)
    }

    static func lookUp<Value: RawRepresentable>(_ text: String, in values: [Value], title: (Value) -> String)
        -> Value? where Value.RawValue == String
    {
        let wanted = code(text).replacingOccurrences(of: "_", with: " ")
        return values.first {
            code($0.rawValue).replacingOccurrences(of: "_", with: " ") == wanted || code(title($0)) == wanted
        }
    }
}

/// Reading a whole file: every line's problems, or every entry. Nothing half-loaded: one bad line and the
/// caller stores none.
public enum RosterImport {
    public static func mentors(_ csv: String) -> Result<[MentorEntry], ImportProblems> {
        read(csv, columns: MentorEntry.columns, required: MentorEntry.requiredColumns, entry: MentorEntry.read)
    }

    public static func mentees(_ csv: String) -> Result<[MenteeEntry], ImportProblems> {
        read(csv, columns: MenteeEntry.columns, required: MenteeEntry.requiredColumns, entry: MenteeEntry.read)
    }

    /// Files longer than this are refused before any line is read (a programme's intake, not a national file).
    public static let maximumRecords = 5_000

    /// `acrossLines` sees every line in order, read or not, and may name a problem with it that only other lines
    /// show (the same reference twice).
    static func read<Entry>(
        _ csv: String, columns: [String], required: Set<String>, maximumRecords: Int = maximumRecords,
        entry: ((String) -> String?) -> Result<Entry, RosterProblems>,
        acrossLines: (CSVTable.Record) -> String? = { _ in nil }
    ) -> Result<[Entry], ImportProblems> {
        let table: CSVTable
        switch CSVTable.parse(csv) {
        case .success(let parsed): table = parsed
        case .failure(let problem): return .failure(ImportProblems([problem]))
        }
        var problems: [CSVTable.Problem] = []
        let unknown = table.columns.filter { !columns.contains($0) }
        if !unknown.isEmpty {
            problems.append(
                .init(
                    line: 1,
                    message: "unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); "
                        + "the columns are \(columns.joined(separator: ", "))"))
        }
        let missing = columns.filter { required.contains($0) && !table.columns.contains($0) }
        if !missing.isEmpty {
            problems.append(.init(line: 1, message: "missing column \(missing.joined(separator: ", "))"))
        }
        guard problems.isEmpty else { return .failure(ImportProblems(problems)) }
        guard !table.records.isEmpty else {
            return .failure(ImportProblems([.init(line: 2, message: "there are no rows to import")]))
        }
        guard table.records.count <= maximumRecords else {
            return .failure(
                ImportProblems([
                    .init(line: 1, message: "\(table.records.count) rows; import at most \(maximumRecords) at a time")
                ]))
        }
        var entries: [Entry] = []
        var emails: [String: Int] = [:]
        for record in table.records {
            switch entry({ record[$0] }) {
            case .success(let read):
                entries.append(read)
                if let email = record["email"]?.lowercased() {
                    if let first = emails[email] {
                        problems.append(.init(line: record.line, message: "email: the same person as line \(first)"))
                    } else {
                        emails[email] = record.line
                    }
                }
            case .failure(let found):
                for problem in found.entries {
                    problems.append(.init(line: record.line, message: "\(problem.field): \(problem.message)"))
                }
            }
            if let message = acrossLines(record) { problems.append(.init(line: record.line, message: message)) }
        }
        return problems.isEmpty ? .success(entries) : .failure(ImportProblems(problems))
    }
}

/// Every problem found in a file, line by line.
public struct ImportProblems: Error, Sendable, Equatable {
    public var lines: [CSVTable.Problem]

    public init(_ lines: [CSVTable.Problem]) { self.lines = lines }
}

public enum RosterText {
    /// Lower-case, single-spaced: how languages, specialties, genders and employers compare.
    public static func code(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
