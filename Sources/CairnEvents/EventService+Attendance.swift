import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// After an event: who attended (marked or imported), certificates of attendance, and anonymous feedback.
extension EventService {
    /// One person on the attendance list.
    package struct AttendanceRow: Sendable {
        package var booking: EventBooking
        package var name: String
        package var email: String
    }

    /// The people with a place (and anyone marked attended), by name: bounded by the event's capacity plus
    /// walk-ins, so it is one list (at most 2,000 rows).
    package func attendance(of event: LearningEvent) async throws -> [AttendanceRow] {
        let bookings = try await EventBooking.query(on: context.database).filter(\.$eventID == event.requireID())
            .group(.or) { $0.filter(\.$status == .booked).filter(\.$attended == true) }
            .join(Person.self, on: \EventBooking.$personID == \Person.$id).sort(Person.self, \.$displayName)
            .limit(2_000).all()
        return try bookings.map { booking in
            let person = try booking.joined(Person.self)
            return AttendanceRow(booking: booking, name: person.displayName, email: person.email)
        }
    }

    /// Attendance may be recorded from an hour before the first session.
    func attendanceRefusal(_ event: LearningEvent) -> String? {
        if event.status != .published { return "Attendance is recorded for a published event that went ahead" }
        if event.startsAt > context.now.addingTimeInterval(3_600) {
            return "Attendance can be recorded from the event's start"
        }
        return nil
    }

    /// Marks who attended among the people with a place: those in `attended` did, the others did not.
    package func recordAttendance(_ event: LearningEvent, attended: Set<UUID>, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        if let refusal = attendanceRefusal(event) { errors.addConflict("attended", refusal) }
        if version != event.version { errors.addConflict("attended", Self.moved) }
        guard errors.isEmpty else { return .failure(errors) }
        let eventID = try event.requireID()
        let known = Set(try await attendance(of: event).map(\.booking.personID))
        guard attended.isSubset(of: known) else {
            errors.add("attended", "Choose attendees from the list of people with a place")
            return .failure(errors)
        }
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            let bumped = try await sql.update(LearningEvent.schema).set("version", to: SQLRaw("version + 1"))
                .where("id", .equal, SQLBind(eventID)).where("version", .equal, SQLBind(event.version))
                .returning("id").all()
            guard !bumped.isEmpty else {
                var errors = FormErrors()
                errors.addConflict("attended", Self.moved)
                return .failure(errors)
            }
            // Read again under the version just claimed: a place given up meanwhile is not marked attended.
            let rows = try await EventService(context: context).attendance(of: event)
            for row in rows where row.booking.attended != attended.contains(row.booking.personID) {
                row.booking.attended = attended.contains(row.booking.personID)
                try await row.booking.update(on: context.database)
            }
            try await context.audit(
                EventsAudit.attendanceRecorded, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return .success(())
        }
    }

    /// What an attendance import did, line by line.
    package struct ImportReport: Sendable, Equatable {
        package var marked: Int = 0
        package var unmarked: Int = 0
        package var walkIns: Int = 0
        package var problems: [CSVTable.Problem] = []
    }

    /// Reads attendance from CSV (`email`, and `attended` yes/no, yes when left out): every line is checked first,
    /// and nothing changes unless all are right. A person who attended without a place is added as a walk-in.
    package func importAttendance(_ event: LearningEvent, csv: String) async throws -> ImportReport {
        var report = ImportReport()
        if let refusal = attendanceRefusal(event) {
            report.problems = [CSVTable.Problem(line: 1, message: refusal)]
            return report
        }
        let table: CSVTable
        switch CSVTable.parse(csv) {
        case .failure(let problem):
            report.problems = [problem]
            return report
        case .success(let parsed): table = parsed
        }
        guard table.columns.contains("email") else {
            report.problems = [CSVTable.Problem(line: 1, message: "The first line names the columns: email, attended")]
            return report
        }
        if table.records.count > 2_000 {
            report.problems = [CSVTable.Problem(line: 1, message: "Import at most 2,000 lines at a time")]
            return report
        }
        let eventID = try event.requireID()
        var decisions: [(personID: UUID, attended: Bool)] = []
        var seen: [String: Int] = [:]
        let emails = table.records.compactMap { $0["email"]?.lowercased() }
        let people = try await Person.query(on: context.database).filter(\.$emailNormalised ~~ emails).all()
        let byEmail = Dictionary(people.map { ($0.emailNormalised, $0) }, uniquingKeysWith: { first, _ in first })
        for record in table.records {
            guard let email = record["email"]?.lowercased() else {
                report.problems.append(.init(line: record.line, message: "Give the person's email address"))
                continue
            }
            if let earlier = seen[email] {
                report.problems.append(.init(line: record.line, message: "\(email) is also on line \(earlier)"))
                continue
            }
            seen[email] = record.line
            guard let person = byEmail[email], let personID = person.id else {
                report.problems.append(
                    .init(line: record.line, message: "No one with the address \(email) has an account here"))
                continue
            }
            let answer = (record["attended"] ?? "yes").lowercased()
            let attended: Bool
            switch answer {
            case "yes", "y", "true", "1", "attended": attended = true
            case "no", "n", "false", "0", "absent": attended = false
            default:
                report.problems.append(.init(line: record.line, message: "Write attended as yes or no"))
                continue
            }
            decisions.append((personID, attended))
        }
        guard report.problems.isEmpty else { return report }
        let decided = decisions
        let finished: ImportReport = try await context.transaction { context in
            // Two imports (or an import and a booking) of one event at once: the event's row lock orders them on
            // PostgreSQL; SQLite's single writer already does.
            if case .postgres = context.configuration.database {
                try await (context.database as! any SQLDatabase).raw(
                    "SELECT id FROM learning_events WHERE id = \(bind: eventID) FOR UPDATE"
                ).run()
            }
            var report = ImportReport()
            let bookings = try await EventBooking.query(on: context.database).filter(\.$eventID == eventID)
                .filter(\.$personID ~~ decided.map(\.personID)).all()
            let byPerson = Dictionary(bookings.map { ($0.personID, $0) }, uniquingKeysWith: { first, _ in first })
            for decision in decided {
                if let booking = byPerson[decision.personID] {
                    if booking.attended != decision.attended {
                        booking.attended = decision.attended
                        if decision.attended, booking.status != .booked { booking.status = .booked }
                        try await booking.update(on: context.database)
                    }
                    if decision.attended { report.marked += 1 } else { report.unmarked += 1 }
                } else if decision.attended {
                    let booking = EventBooking()
                    booking.id = context.newID()
                    booking.eventID = eventID
                    booking.personID = decision.personID
                    booking.status = .booked
                    booking.askedAt = context.now
                    booking.attended = true
                    booking.feedbackGiven = false
                    try await booking.create(on: context.database)
                    report.walkIns += 1
                    report.marked += 1
                }
            }
            let sql = context.database as! any SQLDatabase
            // Walk-ins and people marked from the waiting list now hold places: `taken` counts them, so a place
            // given up later frees exactly one (it may pass capacity: they came).
            try await sql.raw(
                """
                UPDATE learning_events SET version = version + 1, taken = (SELECT COUNT(*) FROM learning_event_bookings
                  WHERE event_id = \(bind: eventID) AND status = \(bind: BookingStatus.booked.rawValue))
                WHERE id = \(bind: eventID)
                """
            ).run()
            try await context.audit(
                EventsAudit.attendanceImported, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return report
        }
        return finished
    }

    // MARK: Certificates

    /// What a certificate of attendance says.
    package struct Certificate: Sendable, Equatable {
        package var name: String
        package var title: String
        package var organisation: String
        package var days: [CalendarDay]
        package var cpdMinutes: Int
        package var format: EventFormat
        package var issuedOn: CalendarDay
    }

    package func certificate(for event: LearningEvent) async throws -> Certificate {
        let actor = try context.requireActor()
        let days = try await sessions(of: event).map { context.state.workingDays.day(of: $0.startsAt) }
        let organisation = try await Organisation.find(event.organisationID, on: context.database)
        try await context.audit(
            EventsAudit.certificateViewed, resourceType: .learningEvent, resourceID: event.id?.uuidString,
            subject: actor.personID)
        return Certificate(
            name: actor.displayName, title: event.title, organisation: organisation?.name ?? "",
            days: Array(Set(days)).sorted(), cpdMinutes: event.cpdMinutes, format: event.format,
            issuedOn: context.state.today)
    }

    // MARK: Feedback

    /// Feedback, once, from someone who attended: the booking records that they gave it; the feedback row has no name.
    package func giveFeedback(_ event: LearningEvent, _ draft: EventFeedbackDraft) async throws
        -> Result<Void, FormErrors>
    {
        let actor = try context.requireActor()
        let checked: EventFeedbackDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let eventID = try event.requireID()
        let feedback = EventFeedback()
        feedback.id = context.newID()
        feedback.eventID = eventID
        feedback.rating = checked.rating
        feedback.usefulness = checked.usefulness
        try feedback.seal(checked.comment, into: \.$comment, with: context.cipher)
        let given: Bool = try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(EventBooking.schema).set("feedback_given", to: SQLBind(true))
                .where("event_id", .equal, SQLBind(eventID)).where("person_id", .equal, SQLBind(actor.personID))
                .where("attended", .equal, SQLBind(true)).where("feedback_given", .equal, SQLBind(false))
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            // Answers of one event are numbered in the event's row lock (SQLite's single writer already orders them).
            if case .postgres = context.configuration.database {
                try await sql.raw("SELECT id FROM learning_events WHERE id = \(bind: eventID) FOR UPDATE").run()
            }
            let before = try await EventFeedback.query(on: context.database).filter(\.$eventID == eventID).count()
            feedback.batch = before / EventFeedbackSummary.threshold
            try await feedback.create(on: context.database)
            try await context.audit(
                EventsAudit.feedbackGiven, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return true
        }
        guard given else {
            var errors = FormErrors()
            errors.addConflict("rating", "You have already given feedback on this event: thank you")
            return .failure(errors)
        }
        return .success(())
    }

    /// Whether the actor may still give feedback (attended, not yet given).
    package func mayGiveFeedback(_ event: LearningEvent) async throws -> Bool {
        guard let actor = context.actor else { return false }
        return try await EventBooking.query(on: context.database).filter(\.$eventID == event.requireID())
            .filter(\.$personID == actor.personID).filter(\.$attended == true).filter(\.$feedbackGiven == false)
            .first() != nil
    }

    /// The event's feedback summed in SQL.
    package func feedbackSums(of eventIDs: [UUID]) async throws -> [UUID: EventFeedbackSummary.Sums] {
        guard !eventIDs.isEmpty else { return [:] }
        let sql = context.database as! any SQLDatabase
        // Only answers in complete groups of five count: a sixth answer moves no figure until the tenth.
        var list: SQLQueryString = ""
        for (index, id) in eventIDs.enumerated() { list = index == 0 ? "\(bind: id)" : list + ", \(bind: id)" }
        let rows = try await sql.raw(
            """
            SELECT f.event_id AS event_id, COUNT(*) AS n, CAST(SUM(f.rating) AS BIGINT) AS ratings,
              CAST(SUM(f.usefulness) AS BIGINT) AS usefulness,
              CAST(SUM(CASE WHEN f.usefulness >= 4 THEN 1 ELSE 0 END) AS BIGINT) AS useful,
              CAST(SUM(CASE WHEN f.comment IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS comments
            FROM learning_event_feedback f
            WHERE f.event_id IN (
            """ + list
                + """
                ) AND f.batch < (SELECT COUNT(*) FROM learning_event_feedback g WHERE g.event_id = f.event_id) / \(unsafeRaw: String(EventFeedbackSummary.threshold))
                GROUP BY f.event_id
                """
        ).all()
        var sums: [UUID: EventFeedbackSummary.Sums] = [:]
        for row in rows {
            sums[try row.decode(column: "event_id", as: UUID.self)] = EventFeedbackSummary.Sums(
                responses: try row.decode(column: "n", as: Int.self),
                ratingTotal: try row.decode(column: "ratings", as: Int.self),
                usefulnessTotal: try row.decode(column: "usefulness", as: Int.self),
                foundUseful: try row.decode(column: "useful", as: Int.self),
                comments: try row.decode(column: "comments", as: Int.self))
        }
        return sums
    }

    /// Feedback pooled across the events the actor organised that started in the last `days` days: counted in SQL
    /// over each event's complete groups of five, and only over events whose own figures are shown (five or more),
    /// so no event's hidden figures can be had by taking the shown ones away from the pool.
    package struct Pooled: Sendable, Equatable {
        /// The events organised in the window that have started, and how many of them have figures shown.
        package var events: Int
        package var eventsShown: Int
        package var summary: EventFeedbackSummary
    }

    package func pooledFeedback(days: Int = 365) async throws -> Pooled {
        guard let actor = context.actor else {
            return Pooled(events: 0, eventsShown: 0, summary: EventFeedbackSummary(.none))
        }
        let sql = context.database as! any SQLDatabase
        let since = context.now.addingTimeInterval(-Double(days) * 86_400)
        let organised: SQLQueryString =
            "SELECT o.event_id FROM learning_event_organisers o JOIN learning_events e ON e.id = o.event_id WHERE o.person_id = \(bind: actor.personID) AND e.status = 'published' AND e.starts_at >= \(bind: since) AND e.starts_at <= \(bind: context.now)"
        let events =
            try await sql.raw("SELECT COUNT(*) AS n FROM (" + organised + ") x").first()?.decode(
                column: "n", as: Int.self) ?? 0
        let threshold = String(EventFeedbackSummary.threshold)
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS shown, CAST(COALESCE(SUM(t.n), 0) AS BIGINT) AS n,
              CAST(COALESCE(SUM(t.ratings), 0) AS BIGINT) AS ratings,
              CAST(COALESCE(SUM(t.usefulness), 0) AS BIGINT) AS usefulness,
              CAST(COALESCE(SUM(t.useful), 0) AS BIGINT) AS useful
            FROM (
              SELECT f.event_id, COUNT(*) AS n, SUM(f.rating) AS ratings, SUM(f.usefulness) AS usefulness,
                SUM(CASE WHEN f.usefulness >= 4 THEN 1 ELSE 0 END) AS useful
              FROM learning_event_feedback f
              WHERE f.event_id IN (
            """ + organised
                + """
                ) AND f.batch < (SELECT COUNT(*) FROM learning_event_feedback g WHERE g.event_id = f.event_id) / \(unsafeRaw: threshold)
                  GROUP BY f.event_id HAVING COUNT(*) >= \(unsafeRaw: threshold)
                ) t
                """
        ).first()
        let shown = try row?.decode(column: "shown", as: Int.self) ?? 0
        let sums = EventFeedbackSummary.Sums(
            responses: try row?.decode(column: "n", as: Int.self) ?? 0,
            ratingTotal: try row?.decode(column: "ratings", as: Int.self) ?? 0,
            usefulnessTotal: try row?.decode(column: "usefulness", as: Int.self) ?? 0,
            foundUseful: try row?.decode(column: "useful", as: Int.self) ?? 0, comments: 0)
        return Pooled(events: events, eventsShown: shown, summary: EventFeedbackSummary(sums))
    }

    /// What an organiser sees: the summary, and the comments (in alphabetical order, so not in the order given)
    /// only when five or more were written.
    package func feedbackSummary(of event: LearningEvent) async throws
        -> (summary: EventFeedbackSummary, comments: [String])
    {
        let eventID = try event.requireID()
        let sums = try await feedbackSums(of: [eventID])[eventID] ?? .none
        let summary = EventFeedbackSummary(sums)
        var comments: [String] = []
        if summary.commentsShown {
            let complete =
                try await EventFeedback.query(on: context.database).filter(\.$eventID == eventID).count()
                / EventFeedbackSummary.threshold
            let rows = try await EventFeedback.query(on: context.database).filter(\.$eventID == eventID)
                .filter(\.$comment != nil).filter(\.$batch < complete).limit(2_000).all()
            comments = try rows.compactMap { try $0.opened(\.$comment, with: context.cipher) }.sorted()
        }
        try await context.audit(
            EventsAudit.feedbackViewed, resourceType: .learningEvent, resourceID: eventID.uuidString)
        return (summary, comments)
    }
}
