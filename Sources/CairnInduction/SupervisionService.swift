import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The supervision log of an induction (issue #17 item 4): meetings planned from the schedule, the supervisor's
/// record (topics and what was said, sealed, read by both sides), actions with owners and due days, and each
/// side's private notes, read by their author alone.
package struct SupervisionService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    /// Plans the schedule's meetings for an induction (weekly in the first month, then monthly to six months),
    /// skipping days already planned. In the caller's transaction.
    package func plan(
        for induction: Induction, weekly: Int = SupervisionSchedule.standardWeekly,
        monthly: Int = SupervisionSchedule.standardMonthly
    ) async throws {
        guard let start = induction.startDay else { return }
        let inductionID = try induction.requireID()
        let zone = context.configuration.timeZone
        let planned = Set(
            try await SupervisionMeeting.query(on: context.database).filter(\.$inductionID == inductionID)
                .all(\.$day))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        for day in SupervisionSchedule.days(from: start, weekly: weekly, monthly: monthly)
        where !planned.contains(day.description) {
            guard
                let startsAt = calendar.date(
                    from: DateComponents(
                        year: day.year, month: day.month, day: day.day, hour: SupervisionSchedule.startMinute / 60,
                        minute: SupervisionSchedule.startMinute % 60))
            else { continue }
            let meeting = SupervisionMeeting()
            meeting.id = context.newID()
            meeting.inductionID = inductionID
            meeting.day = day.description
            meeting.startsAt = startsAt
            meeting.minutes = SupervisionSchedule.minutes
            meeting.status = .planned
            meeting.version = 1
            try await meeting.create(on: context.database)
        }
    }

    /// An induction's meetings by day (at most the schedule's nine and a few more).
    package func meetings(of induction: Induction) async throws -> [SupervisionMeeting] {
        try await SupervisionMeeting.query(on: context.database).filter(\.$inductionID == induction.requireID())
            .sort(\.$startsAt).limit(60).all()
    }

    /// How many meetings of each induction were held and planned, counted in one grouped query (the lead's view:
    /// that supervision happens, never what was said).
    package func heldCounts(of ids: [UUID]) async throws -> [UUID: (held: Int, all: Int)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await (context.database as! any SQLDatabase).select().column("induction_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(
                SQLQueryString(
                    "SUM(CASE WHEN status = \(bind: SupervisionMeeting.Status.held.rawValue) THEN 1 ELSE 0 END)"),
                as: "held"
            )
            .from(SupervisionMeeting.schema).where(SQLColumn("induction_id"), .in, SQLBind.group(ids))
            .groupBy("induction_id").all()
        var counts: [UUID: (held: Int, all: Int)] = [:]
        for row in rows {
            counts[try row.decode(column: "induction_id", as: UUID.self)] = (
                try row.decode(column: "held", as: Int?.self) ?? 0, try row.decode(column: "n", as: Int.self)
            )
        }
        return counts
    }

    /// The meeting's topics and record, opened.
    package func opened(_ meeting: SupervisionMeeting) throws -> (topics: String?, record: String?) {
        (try meeting.opened(\.$topics, with: context.cipher), try meeting.opened(\.$record, with: context.cipher))
    }

    /// The meeting's actions, oldest first, their words opened.
    package func actions(of meeting: SupervisionMeeting) async throws -> [(action: SupervisionAction, text: String)] {
        try await SupervisionAction.query(on: context.database).filter(\.$meetingID == meeting.requireID())
            .sort(\.$createdAt).limit(100).all().map { ($0, try $0.opened(\.$text, with: context.cipher)) }
    }

    /// The actor's own private note on the meeting: only ever the actor's, whoever asks.
    package func myPrivateNote(on meeting: SupervisionMeeting) async throws -> String? {
        let actor = try context.requireActor()
        return try await SupervisionPrivateNote.query(on: context.database)
            .filter(\.$meetingID == meeting.requireID()).filter(\.$authorID == actor.personID).first()
            .map { try $0.opened(\.$text, with: context.cipher) }
    }

    static let meetingMoved = "The meeting was changed since you opened the page: check it and try again"

    /// The supervisor records the meeting as held today (or on its day, when that is past), from the version read.
    package func record(_ draft: SupervisionRecordDraft, on meeting: SupervisionMeeting, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        let checked: SupervisionRecordDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        var errors = FormErrors()
        let today = context.state.today
        guard let day = CalendarDay(iso: meeting.day), day <= today else {
            errors.addConflict("topics", "The meeting is still to come: record it on or after its day")
            return .failure(errors)
        }
        guard meeting.status != .cancelled else {
            errors.addConflict("topics", "The meeting was cancelled")
            return .failure(errors)
        }
        guard let version, version == meeting.version else {
            errors.addConflict("topics", Self.meetingMoved)
            return .failure(errors)
        }
        let meetingID = try meeting.requireID()
        let topics = try meeting.sealed(checked.topics, for: \.$topics, with: context.cipher)
        let record =
            checked.record.isEmpty ? nil : try meeting.sealed(checked.record, for: \.$record, with: context.cipher)
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(SupervisionMeeting.schema)
                .set("topics", to: SQLBind(topics)).set("record", to: SQLBind(record))
                .set("status", to: SQLBind(SupervisionMeeting.Status.held.rawValue))
                .set("held_on", to: SQLBind(meeting.heldOn ?? day.description)).set("version", to: SQLBind(version + 1))
                .where("id", .equal, SQLBind(meetingID)).where("version", .equal, SQLBind(version)).returning("id")
                .all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                InductionAudit.supervisionRecorded, resourceType: .supervisionMeeting, resourceID: meetingID.uuidString)
            return true
        }
        if !changed { errors.addConflict("topics", Self.meetingMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// The supervisor moves a planned meeting to another day and time (from the version read). A day the induction
    /// already meets on, a day past, or a time that is not a clock time is refused.
    package func move(_ meeting: SupervisionMeeting, day text: String, time: String, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        let today = context.state.today
        let day = CalendarDay(iso: text.trimmingCharacters(in: .whitespaces))
        let minute = MeetingRule.minute(ofClock: time)
        if day == nil { errors.add("moveDay", "Enter the new day as a real date") }
        if minute == nil { errors.add("moveTime", "Enter a time like 16:00") }
        if let day, day < today || day > today.adding(days: 366) {
            errors.addConflict("moveDay", "Choose a day from today to a year ahead")
        }
        if meeting.status != .planned { errors.addConflict("moveDay", "Only a planned meeting can be moved") }
        guard errors.isEmpty, let day, let minute else { return .failure(errors) }
        guard let version, version == meeting.version else {
            errors.addConflict("moveDay", Self.meetingMoved)
            return .failure(errors)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.configuration.timeZone
        guard
            let startsAt = calendar.date(
                from: DateComponents(
                    year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60))
        else {
            errors.add("moveTime", "Enter a time like 16:00")
            return .failure(errors)
        }
        let meetingID = try meeting.requireID()
        do {
            let changed = try await context.transaction { context in
                let rows = try await (context.database as! any SQLDatabase).update(SupervisionMeeting.schema)
                    .set("day", to: SQLBind(day.description)).set("starts_at", to: SQLBind(startsAt))
                    .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(meetingID))
                    .where("version", .equal, SQLBind(version))
                    .where("status", .equal, SQLBind(SupervisionMeeting.Status.planned.rawValue)).returning("id").all()
                guard !rows.isEmpty else { return false }
                try await context.audit(
                    InductionAudit.supervisionMoved, resourceType: .supervisionMeeting, resourceID: meetingID.uuidString
                )
                return true
            }
            if !changed { errors.addConflict("moveDay", Self.meetingMoved) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("moveDay", "There is already a supervision meeting that day: choose another")
        }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// The supervisor calls off a planned meeting (from the version read); calendars receive the cancellation.
    package func cancel(_ meeting: SupervisionMeeting, version: Int?) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        guard meeting.status == .planned else {
            errors.addConflict("cancel", "Only a planned meeting can be called off")
            return .failure(errors)
        }
        guard let version, version == meeting.version else {
            errors.addConflict("cancel", Self.meetingMoved)
            return .failure(errors)
        }
        let meetingID = try meeting.requireID()
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(SupervisionMeeting.schema)
                .set("status", to: SQLBind(SupervisionMeeting.Status.cancelled.rawValue))
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(meetingID))
                .where("version", .equal, SQLBind(version))
                .where("status", .equal, SQLBind(SupervisionMeeting.Status.planned.rawValue)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                InductionAudit.supervisionCancelled, resourceType: .supervisionMeeting, resourceID: meetingID.uuidString
            )
            return true
        }
        if !changed { errors.addConflict("cancel", Self.meetingMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// Adds an action agreed at the meeting (either side).
    package func addAction(_ draft: SupervisionActionDraft, to meeting: SupervisionMeeting) async throws
        -> Result<Void, FormErrors>
    {
        let actor = try context.requireActor()
        guard let day = CalendarDay(iso: meeting.day) else { throw Abort(.notFound) }
        let checked: SupervisionActionDraft.Checked
        switch draft.checked(meetingDay: day, today: context.state.today) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let count = try await SupervisionAction.query(on: context.database).filter(\.$meetingID == meeting.requireID())
            .count()
        if count >= 100 {
            var errors = FormErrors()
            errors.addConflict("actionText", "A meeting holds up to 100 actions")
            return .failure(errors)
        }
        let action = SupervisionAction()
        action.id = context.newID()
        action.meetingID = try meeting.requireID()
        try action.seal(checked.text, into: \.$text, with: context.cipher)
        action.owner = checked.owner
        action.dueOn = checked.dueOn.description
        action.createdBy = actor.personID
        action.createdAt = context.now
        try await context.transaction { context in
            try await action.create(on: context.database)
            try await context.audit(
                InductionAudit.supervisionActionAdded, resourceType: .supervisionMeeting,
                resourceID: meeting.id?.uuidString)
        }
        return .success(())
    }

    /// Marks an action of the meeting done today (either side); a second time changes nothing.
    package func markDone(_ actionID: UUID, on meeting: SupervisionMeeting) async throws -> Bool {
        try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(SupervisionAction.schema)
                .set("done_on", to: SQLBind(context.state.today.description)).where("id", .equal, SQLBind(actionID))
                .where("meeting_id", .equal, SQLBind(try meeting.requireID())).where("done_on", .is, SQLLiteral.null)
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                InductionAudit.supervisionActionDone, resourceType: .supervisionMeeting,
                resourceID: meeting.id?.uuidString)
            return true
        }
    }

    /// Saves the actor's own private note on the meeting (an empty note removes it).
    package func savePrivateNote(_ text: String, on meeting: SupervisionMeeting) async throws -> Result<
        Void, FormErrors
    > {
        let actor = try context.requireActor()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 4_000 {
            var errors = FormErrors()
            errors.add("privateNote", "Keep the note to 4,000 characters or fewer")
            return .failure(errors)
        }
        let meetingID = try meeting.requireID()
        do {
            try await savePrivateNote(text, meetingID: meetingID, author: actor.personID)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            var errors = FormErrors()
            errors.addConflict("privateNote", "Your note was saved from another window at the same time: try again")
            return .failure(errors)
        }
        return .success(())
    }

    private func savePrivateNote(_ text: String, meetingID: UUID, author: UUID) async throws {
        try await context.transaction { context in
            let existing = try await SupervisionPrivateNote.query(on: context.database)
                .filter(\.$meetingID == meetingID).filter(\.$authorID == author).first()
            if text.isEmpty {
                try await existing?.delete(on: context.database)
            } else {
                let note = existing ?? SupervisionPrivateNote()
                if existing == nil {
                    note.id = context.newID()
                    note.meetingID = meetingID
                    note.authorID = author
                }
                try note.seal(text, into: \.$text, with: context.cipher)
                note.updatedAt = context.now
                try await note.save(on: context.database)
            }
            try await context.audit(
                InductionAudit.supervisionPrivateNoteSaved, resourceType: .supervisionMeeting,
                resourceID: meetingID.uuidString)
        }
    }
}
