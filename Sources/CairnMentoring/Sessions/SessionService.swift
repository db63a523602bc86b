import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// A pair's sessions: agreeing a time and a video link, saying what happened, the private record and the
/// dual-blind feedback. Only the pair reaches any of it (`MentoringAccess.requireSession`).
package struct SessionService {
    package let context: ServiceContext
    package let actor: Actor
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) throws {
        self.context = context
        self.actor = try context.requireActor()
    }

    package init(request: Request) throws {
        try self.init(context: ServiceContext(request))
    }

    package func audit(_ action: MentoringAudit, _ type: AuditResource, _ id: UUID?) async throws {
        try await context.audit(action, resourceType: type, resourceID: id?.uuidString)
    }

    package var now: Date { state.collaborators.now() }
    package var zone: TimeZone { state.configuration.timeZone }

    // MARK: What a mentor or mentee has

    package struct PairSummary: Sendable {
        package var pairID: UUID
        package var programme: MentoringProgramme
        package var programmeName: String { programme.name }
        package var side: DualBlindFeedback.Side
        package var otherName: String
        package var status: MentoringPair.Status
        package var sessions: [MentoringSession]
        /// For the mentee's side: whether they let their supervisor know they have a mentor.
        package var sharesWithSupervisor = false
        /// The supervisor the programme has on record for the mentee, so they know who sharing would tell.
        package var supervisorEmail: String? = nil
    }

    /// Every pair the actor is in, as mentor or mentee, newest first.
    package func myPairs() async throws -> [PairSummary] {
        let (pairs, mentorIDs) = try await MentoringAccess.pairs(
            of: actor.personID, asMentor: actor.roles.contains(.mentor), asMentee: actor.roles.contains(.clinician),
            mentorsOf: actor.organisationID, on: database)
        var summaries: [PairSummary] = []
        for pair in pairs.sorted(by: { $0.publishedAt > $1.publishedAt }) {
            let pairID = try pair.requireID()
            let isMentor = mentorIDs.contains(pair.mentorID) && actor.roles.contains(.mentor)
            let names = try await PairLifecycle(database: database, state: state)
                .names(menteeID: pair.menteeID, mentorID: pair.mentorID)
            guard let programme = try await MentoringProgramme.find(pair.programmeID, on: database) else { continue }
            let mentee = try await Mentee.find(pair.menteeID, on: database)
            summaries.append(
                PairSummary(
                    pairID: pairID, programme: programme, side: isMentor ? .mentor : .mentee,
                    otherName: isMentor ? names.mentee.displayName : names.mentor.displayName, status: pair.status,
                    sessions: try await MentoringSession.query(on: database).filter(\.$pairID == pairID)
                        .sort(\.$number).all(),
                    sharesWithSupervisor: mentee?.sharesWithSupervisor ?? false,
                    supervisorEmail: isMentor ? nil : mentee?.supervisorEmail))
        }
        return summaries
    }

    // MARK: Agreeing times and saying what happened

    /// Agrees the session's time and link, or records what happened; the dual-blind clock starts when it is held.
    package func schedule(
        _ session: MentoringSession, of programme: MentoringProgramme, _ draft: SessionScheduleDraft
    ) async throws -> Result<Void, Refusal<SessionScheduleField>> {
        let settings: SessionScheduleDraft.Settings
        switch draft.validate(
            startsAt: session.startsAt, videoLink: session.videoLink, status: session.status.rawValue, in: zone,
            isKnownStatus: { MentoringSession.Status(rawValue: $0) != nil })
        {
        case .failure(let refusal): return .failure(.invalid(refusal.problems))
        case .success(let checked): settings = checked
        }
        let (startsAt, link) = (settings.startsAt, settings.videoLink ?? "")
        guard let status = MentoringSession.Status(rawValue: settings.status) else {
            return .failure(.invalid([.init(.status, "Choose what happened to the session")]))
        }
        if status == .held {
            if startsAt == nil { return .failure(.conflict(.date, Self.heldNeedsTime)) }
            if let startsAt, startsAt > now { return .failure(.conflict(.date, Self.notYetHeld)) }
            // Nothing of a programme happens before its cohort starts (issue #13 item 7).
            if let startsAt, let cohort = CalendarDay(iso: programme.cohortStartsOn),
                state.workingDays.day(of: startsAt) < cohort
            {
                // A conflict with the programme's own dates (409), not a bad value: the same instant is fine for
                // a programme that started earlier.
                return .failure(
                    .conflict(.date, "A session cannot have been held before the cohort started on \(cohort)"))
            }
        }
        // Once either side has given feedback, the time and what happened are settled: moving them would move the
        // dual-blind clock.
        if startsAt != session.startsAt || status != session.status,
            try await SessionFeedback.query(on: database).filter(\.$sessionID == session.requireID()).first() != nil
        {
            return .failure(.conflict(.status, Self.settled))
        }
        let changed =
            startsAt != session.startsAt || (link.isEmpty ? nil : link) != session.videoLink || status != session.status
        guard changed else { return .success(()) }
        if startsAt != session.startsAt || status != session.status {
            session.remindedAt = nil
            session.nudgedAt = nil
        }
        session.startsAt = startsAt
        session.videoLink = link.isEmpty ? nil : link
        session.status = status
        // When it was logged as held, by the server's clock: the dual-blind week runs from here.
        session.heldAt = status == .held ? (session.heldAt ?? now) : nil
        session.sequence += 1
        session.updatedAt = now
        try await session.update(on: database)
        try await audit(MentoringAudit.mentoringSessionUpdated, .mentoringSession, session.id)
        return .success(())
    }

    /// Rules about the session's state rather than the form's values: the API answers these with 409.
    package static let notYetHeld = "A session is held only once its time has come"
    package static let feedbackClosed = "Feedback opens once the session is held, and you can give it once"
    package static let settled = "Feedback has been given on this session, so its time and status can no longer change"
    package static let heldNeedsTime = "Enter when the session was held"

    // MARK: The private record

    package func record(of session: MentoringSession) async throws -> String? {
        guard let sealed = session.record else { return nil }
        let text = try state.cipher.open(sealed, for: MentoringSession.recordBinding(try session.requireID()))
        try await audit(MentoringAudit.mentoringRecordRead, .mentoringSession, session.id)
        return text
    }

    package func writeRecord(_ text: String, on session: MentoringSession) async throws -> FormErrors {
        var errors = FormErrors()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 10_000 { errors.add("record", "Keep the record to 10,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        session.record =
            text.isEmpty
            ? nil : try state.cipher.seal(text, for: MentoringSession.recordBinding(try session.requireID()))
        session.recordUpdatedAt = now
        try await session.update(on: database)
        try await audit(MentoringAudit.mentoringRecordWritten, .mentoringSession, session.id)
        return errors
    }
}

extension SessionService {
    /// The mentee's choice to let their supervisor know they have a mentor (nothing more: never the sessions, the
    /// record or the feedback). Only the mentee decides; for anyone else it is refused.
    package func shareWithSupervisor(_ share: Bool, _ view: MentoringAccess.PairView) async throws -> Bool {
        guard view.side == .mentee else { return false }
        view.mentee.sharesWithSupervisor = share
        try await view.mentee.update(on: database)
        try await context.audit(
            share ? MentoringAudit.mentoringSharedWithSupervisor : MentoringAudit.mentoringUnsharedWithSupervisor,
            resourceType: .mentee, resourceID: view.mentee.id?.uuidString, subject: view.mentee.personID)
        return true
    }
}
