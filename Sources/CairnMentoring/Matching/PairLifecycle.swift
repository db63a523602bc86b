import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Making and ending pairs. Two rules hold in the database itself, so they hold across requests and processes:
/// a mentee has at most one active pair (`mentoring_pairs.active_mentee` is unique), and a mentor's load rises only
/// by an update whose own condition checks capacity (`active_load < capacity`).
package struct PairLifecycle {
    package let database: any Database
    package let state: CairnState

    package var now: Date { state.collaborators.now() }

    package enum Outcome: Sendable, Equatable {
        case paired(UUID)
        case refused(String)
    }

    private enum Refusal: Error {
        case mentorFull
    }

    package func pair(menteeID: UUID, mentorID: UUID, score: Int, in programme: MentoringProgramme) async throws
        -> Outcome
    {
        let programmeID = try programme.requireID()
        let names = try await names(menteeID: menteeID, mentorID: mentorID)
        do {
            return try await database.transaction { database in
                let raised = try await (database as! any SQLDatabase).update(ProgrammeMentor.schema)
                    .set("active_load", to: SQLRaw("active_load + 1"))
                    .where("programme_id", .equal, SQLBind(programmeID))
                    .where("mentor_id", .equal, SQLBind(mentorID))
                    .where(SQLIdentifier("active_load"), .lessThan, SQLIdentifier("capacity"))
                    .returning("id").all()
                guard !raised.isEmpty else { throw Refusal.mentorFull }
                let pair = MentoringPair()
                pair.id = state.collaborators.newID()
                pair.programmeID = programmeID
                pair.menteeID = menteeID
                pair.mentorID = mentorID
                pair.status = .active
                pair.activeMentee = menteeID
                pair.score = score
                pair.publishedAt = now
                try await pair.create(on: database)
                try await planSessions(for: pair, programme: programme, on: database)
                try await notifyMatched(names, programme: programme, on: database)
                try await AuditLog.append(
                    AuditEvent(
                        action: MentoringAudit.mentoringPairPublished, resourceType: .mentoringPair,
                        resourceID: pair.id?.uuidString, subjectID: names.mentee.id),
                    at: now, cipher: state.cipher, on: database)
                return .paired(try pair.requireID())
            }

        } catch Refusal.mentorFull {
            return .refused("\(names.mentee.displayName): \(names.mentor.displayName) has no places left")
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .refused("\(names.mentee.displayName) already has a mentor")
        }
    }

    /// The template becomes due dates from the cohort's start, each on a working day inside the window.
    package func planSessions(for pair: MentoringPair, programme: MentoringProgramme, on database: any Database)
        async throws
    {
        for due in programme.plan(state.workingDays).sessions {
            try await MentoringSession.planned(due, of: pair, in: programme, id: state.collaborators.newID(), at: now)
                .create(on: database)
        }
    }

    package struct Names: Sendable {
        package var mentee: Person
        package var mentor: Person
    }

    package func names(menteeID: UUID, mentorID: UUID) async throws -> Names {
        guard let mentee = try await Mentee.find(menteeID, on: database),
            let mentor = try await Mentor.find(mentorID, on: database),
            let menteePerson = try await Person.find(mentee.personID, on: database),
            let mentorPerson = try await Person.find(mentor.personID, on: database)
        else { throw Abort(.notFound) }
        return Names(mentee: menteePerson, mentor: mentorPerson)
    }

    private func notifyMatched(_ names: Names, programme: MentoringProgramme, on database: any Database) async throws {
        let link = state.link(.myMentoring)
        let template = programme.template
        let sessions = "\(template.count) sessions of \(template.minutes) minutes (\(template.mode.title.lowercased()))"
        try await Outbox.enqueue(
            to: names.mentee.email, subject: "You have a mentor: \(programme.name)",
            body: """
                Hello \(names.mentee.displayName),

                \(names.mentor.displayName) will be your mentor in \(programme.name): \(sessions) within \
                \(template.windowMonths) months. Your mentor is never your supervisor, and what you talk about stays \
                between the two of you.

                See your sessions and agree times at \(link)
                """, now: now, on: database)
        try await Outbox.enqueue(
            to: names.mentor.email, subject: "You have a new mentee: \(programme.name)",
            body: """
                Hello \(names.mentor.displayName),

                You have been matched with \(names.mentee.displayName) in \(programme.name): \(sessions) within \
                \(template.windowMonths) months.

                See the plan and agree times at \(link)
                """, now: now, on: database)
    }

    /// A mentor or mentee ends the pair with a reason: the mentor's place frees, sessions not yet held are
    /// cancelled (calendars hear of it), and the mentee is open to the next matching run. Other pairs are untouched.
    package func decline(_ view: MentoringAccess.PairView, reason: String) async throws -> FormErrors {
        var errors = FormErrors()
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.add("reason", "Say why, so the programme can find a better match") }
        if reason.count > 1_000 { errors.add("reason", "Keep the reason to 1,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        let pairID = try view.pair.requireID()
        let names = try await names(menteeID: view.pair.menteeID, mentorID: view.pair.mentorID)
        let sealedReason = try view.pair.sealed(reason, for: \.$declineReason, with: state.cipher)
        let ended: Bool = try await database.transaction { database in
            let sql = database as! any SQLDatabase
            let closed = try await sql.update(MentoringPair.schema)
                .set("status", to: SQLBind(MentoringPair.Status.declined.rawValue))
                .set("active_mentee", to: SQLLiteral.null)
                .set("ended_at", to: SQLBind(now))
                .set("declined_by", to: SQLBind(view.side.rawValue))
                .set("decline_reason", to: SQLBind(sealedReason))
                .where("id", .equal, SQLBind(pairID)).where("status", .equal, SQLBind("active"))
                .returning("id").all()
            guard !closed.isEmpty else { return false }
            try await sql.update(ProgrammeMentor.schema)
                .set("active_load", to: SQLRaw("active_load - 1"))
                .where("programme_id", .equal, SQLBind(view.pair.programmeID))
                .where("mentor_id", .equal, SQLBind(view.pair.mentorID))
                .where("active_load", .greaterThan, SQLBind(0)).run()
            for session in try await MentoringSession.query(on: database).filter(\.$pairID == pairID)
                .filter(\.$status == .planned).all()
            {
                session.status = .cancelled
                session.sequence += 1
                session.updatedAt = now
                try await session.update(on: database)
            }
            let other = view.side == .mentor ? names.mentee : names.mentor
            try await Outbox.enqueue(
                to: other.email, subject: "Your mentoring pair has ended: \(view.programme.name)",
                body: """
                    Hello \(other.displayName),

                    Your mentoring pair in \(view.programme.name) has ended, and the sessions still planned are \
                    cancelled. \(view.side == .mentor ? "The programme will find you another mentor." : "")
                    """, now: now, on: database)
            try await AuditLog.append(
                AuditEvent(
                    action: MentoringAudit.mentoringPairDeclined, resourceType: .mentoringPair,
                    resourceID: pairID.uuidString, subjectID: names.mentee.id, reason: view.side.rawValue),
                at: now, cipher: state.cipher, on: database)
            return true
        }

        if !ended { errors.add("reason", "This pair has already ended") }
        return errors
    }
}

extension SessionTemplate.Mode {
    package var title: String {
        switch self {
        case .video: "Video"
        case .inPerson: "In person"
        case .phone: "Phone"
        }
    }
}
