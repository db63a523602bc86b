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

    package struct ScheduleForm: Content {
        package var date: String?
        package var time: String?
        package var videoLink: String?
        package var status: String?
    }

    package func schedule(_ session: MentoringSession, form: ScheduleForm) async throws -> FormErrors {
        var errors = FormErrors()
        let date = (form.date ?? "").trimmingCharacters(in: .whitespaces)
        let time = (form.time ?? "").trimmingCharacters(in: .whitespaces)
        var startsAt: Date? = session.startsAt
        if !date.isEmpty || !time.isEmpty {
            startsAt = nil
            if let day = CalendarDay(iso: date) {
                if let minutes = Self.minutesPastMidnight(time) {
                    var calendar = Calendar(identifier: .gregorian)
                    calendar.timeZone = zone
                    startsAt = calendar.date(
                        from: DateComponents(
                            year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))
                } else {
                    errors.add("time", "Enter a time like 14:30")
                }
            } else {
                errors.add("date", "Enter a date like 2027-03-04")
            }
        }
        // Left out (an API client changing only the status): unchanged. Sent empty (the page's field): removed.
        let link = (form.videoLink ?? session.videoLink ?? "").trimmingCharacters(in: .whitespaces)
        if !link.isEmpty, !MeetingLink.isAcceptable(link) {
            errors.add("videoLink", "Enter the meeting's https:// address, as the video service gives it")
        }
        let status = MentoringSession.Status(rawValue: form.status ?? session.status.rawValue)
        if status == nil { errors.add("status", "Choose what happened to the session") }
        if status == .held {
            if startsAt == nil {
                errors.addConflict("date", Self.heldNeedsTime)
            } else if let startsAt, startsAt > now {
                errors.addConflict("date", Self.notYetHeld)
            }
        }
        guard errors.isEmpty, let status else { return errors }
        // Once either side has given feedback, the time and what happened are settled: moving them would move the
        // dual-blind clock.
        if startsAt != session.startsAt || status != session.status,
            try await SessionFeedback.query(on: database).filter(\.$sessionID == session.requireID()).first() != nil
        {
            errors.addConflict("status", Self.settled)
            return errors
        }
        let changed =
            startsAt != session.startsAt || (link.isEmpty ? nil : link) != session.videoLink || status != session.status
        guard changed else { return errors }
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
        return errors
    }

    /// Rules about the session's state rather than the form's values: the API answers these with 409.
    package static let notYetHeld = "A session is held only once its time has come"
    package static let feedbackClosed = "Feedback opens once the session is held, and you can give it once"
    package static let settled = "Feedback has been given on this session, so its time and status can no longer change"
    package static let heldNeedsTime = "Enter when the session was held"

    package static func minutesPastMidnight(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

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
