import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The people behind mentors and mentees (found or invited through the accounts feature's `PeopleDirectory`).
package enum MentoringPeople {
    /// Someone who already had an account hears that they were added to a programme (once, when added).
    package static func tellAdded(
        _ personID: UUID, role: Role, programme: MentoringProgramme, context: ServiceContext,
        on database: any Database
    ) async throws {
        guard let person = try await Person.find(personID, on: database) else { return }
        try await Outbox.enqueue(
            to: person.email, subject: "You have been added to a mentoring programme",
            body: """
                Hello \(person.displayName),

                You have been added to \(programme.name) as a \(role == .mentor ? "mentor" : "mentee"). \
                See it at \(context.link(.myMentoring))
                """, now: context.now, on: database)
    }

    /// The latest expiry of each mentor's training records.
    package static func trainingValidUntil(of mentorIDs: [UUID], on database: any Database) async throws -> [UUID:
        CalendarDay]
    {
        guard !mentorIDs.isEmpty else { return [:] }
        var latest: [UUID: CalendarDay] = [:]
        for record in try await MentorTraining.query(on: database).filter(\.$mentorID ~~ mentorIDs).all() {
            guard let day = CalendarDay(iso: record.expiresOn) else { continue }
            if latest[record.mentorID].map({ day > $0 }) ?? true { latest[record.mentorID] = day }
        }
        return latest
    }
}

extension String {
    package var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension Result where Success == Int, Failure == ImportProblems {
    /// A one-person form's errors: every problem belongs to the email field.
    package var failureErrors: FormErrors {
        guard case .failure(let problems) = self else { return FormErrors() }
        return ProgrammeService.formErrors(problems)
    }
}
