import CairnCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Programmes, their mentors and their mentees, for the organisation's programme leads. The rules for a valid
/// entry live in `CairnCore` (`MentorEntry`, `MenteeEntry`, `RosterImport`); this stores them, all or nothing.
struct ProgrammeService {
    let database: any Database
    let state: CairnState
    let actor: Actor

    init(request: Request) throws {
        database = request.db
        state = request.application.cairn
        actor = try request.requireActor()
    }

    init(database: any Database, state: CairnState, actor: Actor) {
        self.database = database
        self.state = state
        self.actor = actor
    }

    var now: Date { state.collaborators.now() }

    func programmes() async throws -> [MentoringProgramme] {
        try await MentoringProgramme.query(on: database).filter(\.$organisationID == actor.organisationID)
            .sort(\.$createdAt, .descending).all()
    }

    // MARK: Creating a programme

    static let fields = [
        "name", "audience", "cohort_starts_on", "session_count", "session_minutes", "session_mode", "window_months",
        "matching_mode", "exclude_same_employer", "exclude_same_specialty", "open_for_applications",
    ]

    static func weightField(_ factor: ScoreFactor) -> String { "weight_" + factor.rawValue }

    /// The form's values by field name (the API sends the same names).
    func create(_ values: [String: String]) async throws -> Result<MentoringProgramme, FormErrors> {
        var errors = FormErrors()
        func text(_ field: String) -> String { values[field]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        let name = text("name")
        if name.isEmpty { errors.add("name", "Enter the programme's name") }
        if name.count > 160 { errors.add("name", "The name must be 160 characters or fewer") }
        let audience = text("audience")
        if audience.isEmpty { errors.add("audience", "Say who the programme is for") }
        if audience.count > 500 { errors.add("audience", "Keep this to 500 characters or fewer") }
        let start = CalendarDay(iso: text("cohort_starts_on"))
        if start == nil { errors.add("cohort_starts_on", "Enter the date the cohort starts, like 2027-02-01") }
        let template = SessionTemplate(
            count: Int(text("session_count")) ?? 0, minutes: Int(text("session_minutes")) ?? 0,
            mode: SessionTemplate.Mode(rawValue: text("session_mode")) ?? .video,
            windowMonths: Int(text("window_months")) ?? 0)
        for problem in template.problems {
            switch problem {
            case .count: errors.add("session_count", problem.message)
            case .minutes: errors.add("session_minutes", problem.message)
            case .window: errors.add("window_months", problem.message)
            }
        }
        if SessionTemplate.Mode(rawValue: text("session_mode")) == nil {
            errors.add("session_mode", "Choose how sessions happen")
        }
        let mode = MentoringProgramme.MatchingMode(rawValue: text("matching_mode"))
        if mode == nil { errors.add("matching_mode", "Choose how mentors and mentees are matched") }
        var points: [ScoreFactor: Int] = [:]
        for factor in ScoreFactor.allCases {
            let raw = text(Self.weightField(factor))
            guard !raw.isEmpty else {
                points[factor] = ProgrammeWeights.standard[factor]
                continue
            }
            guard let value = Int(raw), (0...1000).contains(value) else {
                errors.add(Self.weightField(factor), "A weight is a whole number from 0 to 1000")
                continue
            }
            points[factor] = value
        }
        var weights = ProgrammeWeights.standard
        if errors[ScoreFactor.allCases.map(Self.weightField).first { errors[$0] != nil } ?? ""] == nil {
            do { weights = try ProgrammeWeights(points) } catch {
                errors.add(Self.weightField(.sameProfession), "The weights \(error.message)")
            }
        }
        guard errors.isEmpty, let start, let mode else { return .failure(errors) }
        let programme = MentoringProgramme()
        programme.id = state.collaborators.newID()
        programme.organisationID = actor.organisationID
        programme.name = name
        programme.audience = audience
        programme.cohortStartsOn = start.description
        programme.sessionCount = template.count
        programme.sessionMinutes = template.minutes
        programme.sessionMode = template.mode.rawValue
        programme.windowMonths = template.windowMonths
        programme.matchingMode = mode
        programme.weightsText = MentoringProgramme.weightsText(weights)
        programme.excludeSameEmployer = Self.isYes(values["exclude_same_employer"])
        programme.excludeSameSpecialty = Self.isYes(values["exclude_same_specialty"])
        programme.openForApplications = Self.isYes(values["open_for_applications"])
        programme.createdBy = actor.personID
        programme.createdAt = now
        try await programme.create(on: database)
        try await audit(MentoringAudit.mentoringProgrammeCreated, .mentoringProgramme, programme.id)
        return .success(programme)
    }

    /// A copy of the programme's settings, questions and mentors (their places empty) for the next intake.
    func nextCohort(of programme: MentoringProgramme, name: String, startsOn: String) async throws
        -> Result<MentoringProgramme, FormErrors>
    {
        var values: [String: String] = [
            "name": name, "audience": programme.audience, "cohort_starts_on": startsOn,
            "session_count": String(programme.sessionCount), "session_minutes": String(programme.sessionMinutes),
            "session_mode": programme.sessionMode, "window_months": String(programme.windowMonths),
            "matching_mode": programme.matchingMode.rawValue,
            "exclude_same_employer": programme.excludeSameEmployer ? "yes" : "no",
            "exclude_same_specialty": programme.excludeSameSpecialty ? "yes" : "no",
            "open_for_applications": programme.openForApplications ? "yes" : "no",
        ]
        for factor in ScoreFactor.allCases { values[Self.weightField(factor)] = String(programme.weights[factor]) }
        let source = try programme.requireID()
        let (state, actor, now) = (self.state, self.actor, self.now)
        // The new programme and its copies are written together, or not at all.
        let fields = values
        let created = try await database.transaction { database -> Result<MentoringProgramme, FormErrors> in
            let scoped = ProgrammeService(database: database, state: state, actor: actor)
            let result = try await scoped.create(fields)
            guard case .success(let next) = result else { return result }
            let nextID = try next.requireID()
            for place in try await ProgrammeMentor.query(on: database).filter(\.$programmeID == source).all() {
                let copy = ProgrammeMentor()
                copy.id = state.collaborators.newID()
                copy.programmeID = nextID
                copy.mentorID = place.mentorID
                copy.capacity = place.capacity
                copy.activeLoad = 0
                try await copy.create(on: database)
            }
            for questions in try await EvaluationQuestionnaire.query(on: database)
                .filter(\.$programmeID == source).all()
            {
                let copy = EvaluationQuestionnaire()
                copy.id = state.collaborators.newID()
                copy.programmeID = nextID
                copy.side = questions.side
                copy.questions = questions.questions
                copy.updatedAt = now
                try await copy.create(on: database)
            }
            return .success(next)
        }
        guard case .failure(let errors) = created else { return created }
        var renamed = FormErrors()
        for entry in errors.entries {
            renamed.add(entry.field == "cohort_starts_on" ? "cohortStartsOn" : entry.field, entry.message)
        }
        return .failure(renamed)
    }

    static func isYes(_ value: String?) -> Bool { ["yes", "true", "on", "1"].contains(value?.lowercased() ?? "") }

    // MARK: Mentors and mentees

    /// Adds or updates every mentor in the file, or none: the answer lists each line's problems.
    func importMentors(_ csv: String, into programme: MentoringProgramme, baseURL: String) async throws
        -> Result<Int, ImportProblems>
    {
        switch RosterImport.mentors(csv) {
        case .failure(let problems): return .failure(problems)
        case .success(let entries):
            return try await enrol(
                entries, emails: entries.map(\.email), audit: MentoringAudit.mentorsImported, in: programme
            ) {
                try await store($0, in: programme, baseURL: baseURL, on: $1)
            }
        }
    }

    func importMentees(_ csv: String, into programme: MentoringProgramme, baseURL: String) async throws
        -> Result<Int, ImportProblems>
    {
        switch RosterImport.mentees(csv) {
        case .failure(let problems): return .failure(problems)
        case .success(let entries):
            return try await enrol(
                entries, emails: entries.map(\.email), audit: MentoringAudit.menteesImported, in: programme
            ) {
                try await store($0, in: programme, source: .csv, baseURL: baseURL, on: $1)
            }
        }
    }

    /// One mentor from the page's form (the same fields and rules as a CSV line).
    func addMentor(_ values: [String: String], to programme: MentoringProgramme, baseURL: String) async throws
        -> FormErrors
    {
        switch MentorEntry.read({ Self.value(values, $0) }) {
        case .failure(let problems): return Self.formErrors(problems)
        case .success(let entry):
            let result = try await enrol(
                [entry], emails: [entry.email], audit: MentoringAudit.mentorAdded, in: programme
            ) {
                try await store($0, in: programme, baseURL: baseURL, on: $1)
            }
            return result.failureErrors
        }
    }

    /// One mentee from the page's form, from their own application, or from a case's support plan.
    func addMentee(
        _ values: [String: String], to programme: MentoringProgramme, source: Mentee.Source, baseURL: String
    ) async throws -> FormErrors {
        switch MenteeEntry.read({ Self.value(values, $0) }) {
        case .failure(let problems): return Self.formErrors(problems)
        case .success(let entry):
            // Applicants add themselves; everyone else adds other people.
            let result = try await enrol(
                [entry], emails: source == .application ? [] : [entry.email], audit: MentoringAudit.menteeAdded,
                reason: source.rawValue, in: programme
            ) {
                try await store($0, in: programme, source: source, baseURL: baseURL, on: $1)
            }
            return result.failureErrors
        }
    }

    /// Every way in ends here: nobody adds themselves, all entries are stored in one transaction or none, and a
    /// clash with a simultaneous request is a message, not a 500.
    private func enrol<Entry: Sendable>(
        _ entries: [Entry], emails: [String], audit action: MentoringAudit, reason: String? = nil,
        in programme: MentoringProgramme, store: @escaping @Sendable (Entry, any Database) async throws -> Void
    ) async throws -> Result<Int, ImportProblems> {
        if let refusal = try await refusal(for: emails) { return .failure(refusal) }
        do {
            try await database.transaction { database in
                for entry in entries { try await store(entry, database) }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .failure(ImportProblems([.init(line: 1, message: Self.addedMeanwhile)]))
        }
        try await audit(action, .mentoringProgramme, programme.id, reason: reason ?? "\(entries.count)")
        return .success(entries.count)
    }

    static let addedMeanwhile =
        "Someone was added at the same moment by another request: check the list, then try again"

    /// Nobody enrols themselves as a mentor or a mentee from the programme's side: a lead who did could read the
    /// records of a pair they put themselves in.
    private func refusal(for emails: [String]) async throws -> ImportProblems? {
        guard let me = try await Person.find(actor.personID, on: database) else { return nil }
        guard emails.contains(where: { Person.normalise(email: $0) == me.emailNormalised }) else { return nil }
        return ImportProblems([.init(line: 1, message: "email: you cannot add yourself to a programme you run")])
    }

    static func formErrors(_ problems: ImportProblems) -> FormErrors {
        var errors = FormErrors()
        for problem in problems.lines {
            errors.add("email", problem.message.replacingOccurrences(of: "email: ", with: "").capitalisedFirst)
        }
        return errors
    }

    static func value(_ values: [String: String], _ field: String) -> String? {
        guard let value = values[field]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    static func formErrors(_ problems: RosterProblems) -> FormErrors {
        var errors = FormErrors()
        for entry in problems.entries { errors.add(entry.field, entry.message) }
        return errors
    }

    @discardableResult
    func store(_ entry: MentorEntry, in programme: MentoringProgramme, baseURL: String, on database: any Database)
        async throws -> Mentor
    {
        let (personID, invited) = try await MentoringPeople.findOrInvite(
            email: entry.email, name: entry.name, role: .mentor, organisationID: programme.organisationID,
            invitedBy: actor.personID, state: state, baseURL: baseURL, on: database)
        let mentor =
            try await Mentor.query(on: database).filter(\.$organisationID == programme.organisationID)
            .filter(\.$personID == personID).first() ?? Mentor()
        if mentor.id == nil {
            mentor.id = state.collaborators.newID()
            mentor.organisationID = programme.organisationID
            mentor.personID = personID
            mentor.paused = false
            mentor.createdAt = now
        }
        mentor.givenName = entry.name
        mentor.profession = entry.profession.rawValue
        mentor.specialty = entry.specialty
        mentor.grade = entry.grade?.rawValue
        mentor.languagesText = entry.languages.joined(separator: ";")
        mentor.region = entry.region?.rawValue
        mentor.employer = entry.employer
        mentor.hasInternationalGraduateExperience = entry.hasInternationalGraduateExperience
        mentor.gender = entry.gender
        mentor.interests = entry.interests
        try await mentor.save(on: database)
        let mentorID = try mentor.requireID()
        if let training = entry.training {
            let known = try await MentorTraining.query(on: database).filter(\.$mentorID == mentorID)
                .filter(\.$course == training.course).filter(\.$completedOn == training.completed.description).first()
            if known == nil {
                let record = MentorTraining()
                record.id = state.collaborators.newID()
                record.mentorID = mentorID
                record.course = training.course
                record.completedOn = training.completed.description
                record.expiresOn = training.expires.description
                record.recordedAt = now
                try await record.create(on: database)
            }
        }
        let place =
            try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programme.requireID())
            .filter(\.$mentorID == mentorID).first() ?? ProgrammeMentor()
        if place.id == nil {
            if !invited {
                try await MentoringPeople.tellAdded(
                    personID, role: .mentor, programme: programme, state: state, baseURL: baseURL, on: database)
            }
            place.id = state.collaborators.newID()
            place.programmeID = try programme.requireID()
            place.mentorID = mentorID
            place.activeLoad = 0
        }
        place.capacity = entry.capacity
        try await place.save(on: database)
        return mentor
    }

    @discardableResult
    func store(
        _ entry: MenteeEntry, in programme: MentoringProgramme, source: Mentee.Source, baseURL: String,
        on database: any Database
    ) async throws -> Mentee {
        let (personID, invited) = try await MentoringPeople.findOrInvite(
            email: entry.email, name: entry.name, role: .clinician, organisationID: programme.organisationID,
            invitedBy: actor.personID, state: state, baseURL: baseURL, on: database)
        let mentee =
            try await Mentee.query(on: database).filter(\.$programmeID == programme.requireID())
            .filter(\.$personID == personID).first() ?? Mentee()
        if mentee.id == nil {
            if !invited && source != .application {
                try await MentoringPeople.tellAdded(
                    personID, role: .clinician, programme: programme, state: state, baseURL: baseURL, on: database)
            }
            mentee.id = state.collaborators.newID()
            mentee.programmeID = try programme.requireID()
            mentee.personID = personID
            mentee.createdAt = now
            mentee.source = source
            mentee.sharesWithSupervisor = false
        }
        mentee.givenName = entry.name
        mentee.profession = entry.profession.rawValue
        mentee.specialty = entry.specialty
        mentee.grade = entry.grade?.rawValue
        mentee.languagesText = entry.languages.joined(separator: ";")
        mentee.region = entry.region?.rawValue
        mentee.employer = entry.employer
        mentee.isInternationalGraduate = entry.isInternationalGraduate
        let supervisor = entry.supervisorEmail.map(Person.normalise(email:))
        // Consent to tell a supervisor is consent about that person: a new supervisor starts untold.
        if mentee.supervisorEmail != supervisor { mentee.sharesWithSupervisor = false }
        mentee.supervisorEmail = supervisor
        mentee.wishLanguage = entry.wishes.language?.value
        mentee.wishLanguageRequired = entry.wishes.language?.isRequired ?? false
        mentee.wishSpecialty = entry.wishes.specialty?.value
        mentee.wishSpecialtyRequired = entry.wishes.specialty?.isRequired ?? false
        mentee.wishGender = entry.wishes.mentorGender?.value
        mentee.wishGenderRequired = entry.wishes.mentorGender?.isRequired ?? false
        try await mentee.save(on: database)
        return mentee
    }

    /// A paused mentor keeps their pairs but is left out of new matching runs.
    func setPaused(_ mentorID: UUID?, paused: Bool, in programme: MentoringProgramme) async throws {
        guard let mentorID, let mentor = try await Mentor.find(mentorID, on: database),
            mentor.organisationID == programme.organisationID
        else { throw Abort(.notFound) }
        mentor.paused = paused
        try await mentor.update(on: database)
        try await audit(paused ? MentoringAudit.mentorPaused : MentoringAudit.mentorResumed, .mentor, mentorID)
    }

    // MARK: What the programme page shows

    struct MentorRow: Sendable {
        var id: UUID
        var name: String
        var profession: String
        var languages: [String]
        var employer: String?
        var capacity: Int
        var load: Int
        var trainedUntil: CalendarDay?
        var paused: Bool
    }

    struct MenteeRow: Sendable {
        var id: UUID
        var name: String
        var profession: String
        var languages: [String]
        var employer: String?
        var mentorName: String?
        /// The latest pairing that ended early, with who ended it and why (written for the programme lead).
        var ended: String?
    }

    func mentorRows(of programme: MentoringProgramme) async throws -> [MentorRow] {
        let places = try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programme.requireID())
            .all()
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ places.map(\.mentorID)).all()
        let byID = Dictionary(uniqueKeysWithValues: try mentors.map { (try $0.requireID(), $0) })
        let names = try await Accounts.displayNames(of: mentors.map(\.personID), on: database)
        let training = try await MentoringPeople.trainingValidUntil(of: mentors.compactMap(\.id), on: database)
        return places.compactMap { place -> MentorRow? in
            guard let mentor = byID[place.mentorID] else { return nil }
            return MentorRow(
                id: place.mentorID, name: mentor.givenName ?? names[mentor.personID] ?? "Unknown",
                profession: mentor.profession,
                languages: mentor.languages, employer: mentor.employer, capacity: place.capacity,
                load: place.activeLoad, trainedUntil: training[place.mentorID], paused: mentor.paused)
        }.sorted { $0.name < $1.name }
    }

    func menteeRows(of programme: MentoringProgramme) async throws -> [MenteeRow] {
        let mentees = try await Mentee.query(on: database).filter(\.$programmeID == programme.requireID()).all()
        let allPairs = try await MentoringPair.query(on: database).filter(\.$programmeID == programme.requireID())
            .sort(\.$publishedAt).all()
        let pairs = allPairs.filter { $0.status == .active }
        var endedText: [UUID: String] = [:]
        for pair in allPairs where pair.status == .declined {
            endedText[pair.menteeID] =
                "Ended by the \(pair.declinedBy ?? "pair"): \(try pair.opened(\.$declineReason, with: state.cipher) ?? "no reason given")"
        }
        let mentorOf = Dictionary(pairs.map { ($0.menteeID, $0.mentorID) }, uniquingKeysWith: { first, _ in first })
        let mentors = try await Mentor.query(on: database).filter(\.$id ~~ pairs.map(\.mentorID)).all()
        let names = try await Accounts.displayNames(
            of: mentees.map(\.personID) + mentors.map(\.personID), on: database)
        let mentorName = Dictionary(
            uniqueKeysWithValues: try mentors.map {
                (try $0.requireID(), $0.givenName ?? names[$0.personID] ?? "Unknown")
            })
        return try mentees.map { mentee in
            let mentorName = mentorOf[try mentee.requireID()].flatMap { mentorName[$0] }
            return MenteeRow(
                id: try mentee.requireID(), name: mentee.givenName ?? names[mentee.personID] ?? "Unknown",
                profession: mentee.profession,
                languages: mentee.languages, employer: mentee.employer, mentorName: mentorName,
                ended: mentorName == nil ? endedText[try mentee.requireID()] : nil)
        }.sorted { $0.name < $1.name }
    }

    func audit(_ action: MentoringAudit, _ type: AuditResource, _ id: UUID?, reason: String? = nil) async throws {
        try await AuditLog.append(
            AuditEvent(
                action: action, resourceType: type, resourceID: id?.uuidString, actorID: actor.personID,
                actorRoles: actor.sortedRoleNames, reason: reason),
            at: now, cipher: state.cipher, on: database)
    }
}

/// The people behind mentors and mentees: found by email, or invited with the right role.
enum MentoringPeople {
    static func findOrInvite(
        email: String, name: String, role: Role, organisationID: UUID, invitedBy: UUID, state: CairnState,
        baseURL: String, on database: any Database
    ) async throws -> (id: UUID, isNew: Bool) {
        let now = state.collaborators.now()
        if let person = try await Accounts.person(email: email, on: database) {
            let personID = try person.requireID()
            let roles = try await Accounts.roles(of: personID, in: organisationID, on: database)
            if !roles.contains(role) {
                try await RoleGrant(
                    personID: personID, organisationID: organisationID, role: role, grantedBy: invitedBy
                )
                .create(on: database)
            }
            return (personID, false)
        }
        let personID = state.collaborators.newID()
        try await Person(id: personID, email: email, displayName: name, status: .invited).create(on: database)
        try await RoleGrant(personID: personID, organisationID: organisationID, role: role, grantedBy: invitedBy)
            .create(on: database)
        let token = try await OneTimeLinks.create(.acceptInvitation, for: personID, now: now, on: database)
        let message = AccountEmails.invitation(
            name: name, organisation: state.organisation?.name ?? "",
            link: baseURL + SiteURL.acceptInvitation(token).path)
        try await Outbox.enqueue(to: email, subject: message.subject, body: message.body, now: now, on: database)
        return (personID, true)
    }

    /// Someone who already had an account hears that they were added to a programme (once, when added).
    static func tellAdded(
        _ personID: UUID, role: Role, programme: MentoringProgramme, state: CairnState, baseURL: String,
        on database: any Database
    ) async throws {
        guard let person = try await Person.find(personID, on: database) else { return }
        try await Outbox.enqueue(
            to: person.email, subject: "You have been added to a mentoring programme",
            body: """
                Hello \(person.displayName),

                You have been added to \(programme.name) as a \(role == .mentor ? "mentor" : "mentee"). \
                See it at \(baseURL + SiteURL.myMentoring.path)
                """, now: state.collaborators.now(), on: database)
    }

    /// The latest expiry of each mentor's training records.
    static func trainingValidUntil(of mentorIDs: [UUID], on database: any Database) async throws -> [UUID: CalendarDay]
    {
        guard !mentorIDs.isEmpty else { return [:] }
        var latest: [UUID: CalendarDay] = [:]
        for record in try await MentorTraining.query(on: database).filter(\.$mentorID ~~ mentorIDs).all() {
            guard let day = CalendarDay(iso: record.expiresOn) else { continue }
            if latest[record.mentorID].map({ day > $0 }) ?? true { latest[record.mentorID] = day }
        }
        return latest
    }

    static func baseURL(_ state: CairnState) -> String {
        var base = state.configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension Result where Success == Int, Failure == ImportProblems {
    /// A one-person form's errors: every problem belongs to the email field.
    var failureErrors: FormErrors {
        guard case .failure(let problems) = self else { return FormErrors() }
        return ProgrammeService.formErrors(problems)
    }
}
