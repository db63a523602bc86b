import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Mentors and mentees join a programme: by CSV, one at a time, by application or from a support plan, all
/// through one enrolment path (self-enrolment refused, one transaction, audited).
extension ProgrammeService {
    // MARK: Mentors and mentees

    /// Adds or updates every mentor in the file, or none: the answer lists each line's problems.
    package func importMentors(_ csv: String, into programme: MentoringProgramme) async throws
        -> Result<Int, ImportProblems>
    {
        switch RosterImport.mentors(csv) {
        case .failure(let problems): return .failure(problems)
        case .success(let entries):
            return try await enrol(
                entries, emails: entries.map(\.email), audit: MentoringAudit.mentorsImported, in: programme
            ) {
                try await store($0, in: programme, on: $1)
            }
        }
    }

    package func importMentees(_ csv: String, into programme: MentoringProgramme) async throws
        -> Result<Int, ImportProblems>
    {
        switch RosterImport.mentees(csv) {
        case .failure(let problems): return .failure(problems)
        case .success(let entries):
            return try await enrol(
                entries, emails: entries.map(\.email), audit: MentoringAudit.menteesImported, in: programme
            ) {
                try await store($0, in: programme, source: .csv, on: $1)
            }
        }
    }

    /// One mentor, checked as a CSV line is (`MentorEntry.read`).
    package func addMentor(_ entry: MentorEntry, to programme: MentoringProgramme) async throws -> FormErrors {
        let result = try await enrol([entry], emails: [entry.email], audit: MentoringAudit.mentorAdded, in: programme) {
            try await store($0, in: programme, on: $1)
        }
        return result.failureErrors
    }

    /// One mentee from the page's form, from their own application, or from a case's support plan.
    package func addMentee(_ entry: MenteeEntry, to programme: MentoringProgramme, source: Mentee.Source)
        async throws -> FormErrors
    {
        // Applicants add themselves; everyone else adds other people.
        let result = try await enrol(
            [entry], emails: source == .application ? [] : [entry.email], audit: MentoringAudit.menteeAdded,
            reason: source.rawValue, in: programme
        ) {
            try await store($0, in: programme, source: source, on: $1)
        }
        return result.failureErrors
    }

    package enum ApplicationOutcome {
        case applied
        case alreadyApplied
        case refused(FormErrors)
    }

    /// A clinician's own application to a programme the gate allowed (open for applications, their organisation's):
    /// their name and email are their account's, never typed; what they say about themselves and their wishes is
    /// read as a CSV line is (`MenteeEntry`), the problems under the CSV's column names.
    package func apply(to programme: MentoringProgramme, answers: [String: String]) async throws
        -> ApplicationOutcome
    {
        guard
            try await Mentee.query(on: database).filter(\.$programmeID == programme.requireID())
                .filter(\.$personID == actor.personID).first() == nil
        else { return .alreadyApplied }
        guard let person = try await Person.find(actor.personID, on: database) else { return .alreadyApplied }
        var values = answers
        values["name"] = person.displayName
        values["email"] = person.email
        switch Self.mentee(from: values) {
        case .failure(let problems): return .refused(problems)
        case .success(let entry):
            let errors = try await addMentee(entry, to: programme, source: .application)
            return errors.isEmpty ? .applied : .refused(errors)
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
            let programmeID = try programme.requireID()
            try await database.transaction { database in
                // Enrolments in one programme take turns (the programme's row lock on PostgreSQL; SQLite's write
                // transaction holds the database): a double click or a second tab finds the first one's rows and
                // updates them, instead of both inserting and one failing.
                try await (database as! any SQLDatabase).update(MentoringProgramme.schema)
                    .set("id", to: SQLColumn("id")).where("id", .equal, SQLBind(programmeID)).run()
                for entry in entries { try await store(entry, database) }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .failure(ImportProblems([.init(line: 1, message: Self.addedMeanwhile)]))
        }
        try await audit(action, .mentoringProgramme, programme.id, reason: reason ?? "\(entries.count)")
        return .success(entries.count)
    }

    package static let addedMeanwhile =
        "Someone was added at the same moment by another request: check the list, then try again"

    /// Nobody enrols themselves as a mentor or a mentee from the programme's side: a lead who did could read the
    /// records of a pair they put themselves in.
    private func refusal(for emails: [String]) async throws -> ImportProblems? {
        guard let me = try await Person.find(actor.personID, on: database) else { return nil }
        guard emails.contains(where: { Person.normalise(email: $0) == me.emailNormalised }) else { return nil }
        return ImportProblems([.init(line: 1, message: "email: you cannot add yourself to a programme you run")])
    }

    package static func formErrors(_ problems: ImportProblems) -> FormErrors {
        var errors = FormErrors()
        for problem in problems.lines {
            errors.add("email", problem.message.replacingOccurrences(of: "email: ", with: "").capitalisedFirst)
        }
        return errors
    }

    /// A form's one person, read and checked as a CSV line is; the problems under the form's field names.
    package static func mentor(from values: [String: String]) -> Result<MentorEntry, FormErrors> {
        MentorEntry.read { value(values, $0) }.mapError(formErrors)
    }

    package static func mentee(from values: [String: String]) -> Result<MenteeEntry, FormErrors> {
        MenteeEntry.read { value(values, $0) }.mapError(formErrors)
    }

    private static func value(_ values: [String: String], _ field: String) -> String? {
        guard let value = values[field]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    package static func formErrors(_ problems: RosterProblems) -> FormErrors {
        var errors = FormErrors()
        for entry in problems.entries { errors.add(entry.field, entry.message) }
        return errors
    }

    @discardableResult
    package func store(
        _ entry: MentorEntry, in programme: MentoringProgramme, on database: any Database
    )
        async throws -> Mentor
    {
        let (personID, invited) = try await PeopleDirectory.findOrInvite(
            email: entry.email, name: entry.name, role: .mentor, organisationID: programme.organisationID,
            context: context, on: database)
        let mentor =
            try await Mentor.query(on: database).filter(\.$organisationID == programme.organisationID)
            .filter(\.$personID == personID).first() ?? Mentor()
        let known = mentor.id != nil
        if !known {
            mentor.id = state.collaborators.newID()
            mentor.organisationID = programme.organisationID
            mentor.personID = personID
            mentor.paused = false
            mentor.createdAt = now
        }
        // The registry profile is the organisation's, shared by every programme: an entry adds what it says and
        // never blanks what it leaves out (an empty employer would silently switch off "never the same employer").
        mentor.givenName = entry.name
        mentor.profession = entry.profession.rawValue
        mentor.specialty = entry.specialty ?? (known ? mentor.specialty : nil)
        mentor.grade = entry.grade?.rawValue ?? (known ? mentor.grade : nil)
        if !entry.languages.isEmpty || !known { mentor.languagesText = entry.languages.joined(separator: ";") }
        mentor.region = entry.region?.rawValue ?? (known ? mentor.region : nil)
        mentor.employer = entry.employer ?? (known ? mentor.employer : nil)
        mentor.hasInternationalGraduateExperience =
            entry.hasInternationalGraduateExperience || (known && mentor.hasInternationalGraduateExperience)
        mentor.gender = entry.gender ?? (known ? mentor.gender : nil)
        mentor.interests = entry.interests ?? (known ? mentor.interests : nil)
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
                    personID, role: .mentor, programme: programme, context: context, on: database)
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
    package func store(
        _ entry: MenteeEntry, in programme: MentoringProgramme, source: Mentee.Source,
        on database: any Database
    ) async throws -> Mentee {
        let (personID, invited) = try await PeopleDirectory.findOrInvite(
            email: entry.email, name: entry.name, role: .clinician, organisationID: programme.organisationID,
            context: context, on: database)
        let mentee =
            try await Mentee.query(on: database).filter(\.$programmeID == programme.requireID())
            .filter(\.$personID == personID).first() ?? Mentee()
        if mentee.id == nil {
            if !invited && source != .application {
                try await MentoringPeople.tellAdded(
                    personID, role: .clinician, programme: programme, context: context, on: database)
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
    package func setPaused(_ mentorID: UUID?, paused: Bool, in programme: MentoringProgramme) async throws {
        guard let mentorID, let mentor = try await Mentor.find(mentorID, on: database),
            mentor.organisationID == programme.organisationID
        else { throw Abort(.notFound) }
        mentor.paused = paused
        try await mentor.update(on: database)
        try await audit(paused ? MentoringAudit.mentorPaused : MentoringAudit.mentorResumed, .mentor, mentorID)
    }
}
