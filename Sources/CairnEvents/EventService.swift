import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Learning events: organisers create, change, publish and cancel them; people book a place or join the waiting
/// list; organisers record attendance; attendees get a certificate and give feedback (issue #19 items 1–4).
package struct EventService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    static let moved = "Someone changed this event since you opened it: check it and save again"
    package static let pageSize = 25

    // MARK: Lists

    package enum Period: String, Sendable {
        case upcoming, past
    }

    /// The condition that an event is one the actor (or a visitor) may see: the gate's rule (`viewLearningEvents`)
    /// as SQL, so a list never shows what the event's own page would refuse.
    private func visibleCondition(alias: String = "e") -> SQLQueryString {
        let a = alias
        guard let actor = context.actor, actor.isFullySignedIn else {
            return
                "\(unsafeRaw: a).visibility = 'public' AND \(unsafeRaw: a).status <> 'draft' AND \(unsafeRaw: a).staff_only = \(bind: false)"
        }
        let staff = actor.roles.contains(where: \.isStaff)
        let organiserRole = actor.roles.contains(.facilitator) || actor.roles.contains(.programmeLead)
        var condition: SQLQueryString =
            "(\(unsafeRaw: a).status <> 'draft' AND (\(unsafeRaw: a).visibility = 'public' OR \(unsafeRaw: a).organisation_id = \(bind: actor.organisationID))"
        condition =
            staff
            ? condition
                + " AND (\(unsafeRaw: a).staff_only = \(bind: false) OR \(unsafeRaw: a).organisation_id = \(bind: actor.organisationID)))"
            : condition + " AND \(unsafeRaw: a).staff_only = \(bind: false))"
        if organiserRole {
            condition =
                "(" + condition
                + " OR (\(unsafeRaw: a).organisation_id = \(bind: actor.organisationID) AND \(unsafeRaw: a).id IN (SELECT event_id FROM learning_event_organisers WHERE person_id = \(bind: actor.personID))))"
        }
        return condition
    }

    /// A page of the events the actor may see, upcoming (soonest first) or past (latest first), paged in SQL.
    package func list(period: Period, page: Int, organisedOnly: Bool = false) async throws
        -> (events: [LearningEvent], paging: Paging)
    {
        let sql = context.database as! any SQLDatabase
        var condition = visibleCondition()
        condition =
            period == .upcoming
            ? condition + " AND e.ends_at >= \(bind: context.now)" : condition + " AND e.ends_at < \(bind: context.now)"
        if organisedOnly, let actor = context.actor {
            condition =
                condition
                + " AND e.id IN (SELECT event_id FROM learning_event_organisers WHERE person_id = \(bind: actor.personID))"
        }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM learning_events e WHERE " + condition).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let paging = Paging(total: total, pageSize: Self.pageSize, requested: page)
        let order = period == .upcoming ? "e.starts_at ASC, e.id ASC" : "e.starts_at DESC, e.id ASC"
        let ids = try await sql.raw(
            "SELECT e.id FROM learning_events e WHERE " + condition
                + " ORDER BY \(unsafeRaw: order) LIMIT \(unsafeRaw: String(paging.pageSize)) OFFSET \(unsafeRaw: String(paging.offset))"
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return ([], paging) }
        let events = try await LearningEvent.query(on: context.database).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: events.compactMap { event in event.id.map { ($0, event) } })
        return (ids.compactMap { byID[$0] }, paging)
    }

    /// The actor's bookings of events still to come (and waiting-list places), soonest first.
    package func myBookings(limit: Int = 50) async throws -> [(event: LearningEvent, booking: EventBooking)] {
        guard let actor = context.actor else { return [] }
        let bookings = try await EventBooking.query(on: context.database).filter(\.$personID == actor.personID)
            .filter(\.$status ~~ [.booked, .waiting]).join(
                LearningEvent.self, on: \EventBooking.$eventID == \LearningEvent.$id
            )
            .filter(LearningEvent.self, \.$endsAt >= context.now).sort(LearningEvent.self, \.$startsAt).limit(limit)
            .all()
        return try bookings.map { (try $0.joined(LearningEvent.self), $0) }
    }

    // MARK: An event

    package func sessions(of event: LearningEvent) async throws -> [LearningEventSession] {
        try await LearningEventSession.query(on: context.database).filter(\.$eventID == event.requireID())
            .sort(\.$startsAt).all()
    }

    package func organiserNames(of event: LearningEvent) async throws -> [String] {
        let ids = try await LearningEventOrganiser.query(on: context.database).filter(\.$eventID == event.requireID())
            .all(\.$personID)
        return try await Accounts.displayNames(of: ids, on: context.database).values.sorted()
    }

    /// The actor's booking, and their number on the waiting list when they are on it.
    package func myBooking(at event: LearningEvent) async throws -> (booking: EventBooking?, position: Int?) {
        guard let actor = context.actor else { return (nil, nil) }
        let booking = try await EventBooking.query(on: context.database).filter(\.$eventID == event.requireID())
            .filter(\.$personID == actor.personID).first()
        guard let booking, booking.status == .waiting else { return (booking, nil) }
        return (booking, try await position(of: booking, on: context.database))
    }

    /// Counts of an event's places: booked, waiting, attended.
    package struct Counts: Sendable, Equatable {
        package var booked = 0
        package var waiting = 0
        package var attended = 0
    }

    package func counts(of event: LearningEvent) async throws -> Counts {
        let sql = context.database as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT status, SUM(CASE WHEN attended THEN 1 ELSE 0 END) AS came, COUNT(*) AS n
            FROM learning_event_bookings WHERE event_id = \(bind: event.requireID()) GROUP BY status
            """
        ).all()
        var counts = Counts()
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            counts.attended += try row.decode(column: "came", as: Int?.self) ?? 0
            switch try row.decode(column: "status", as: String.self) {
            case BookingStatus.booked.rawValue: counts.booked = n
            case BookingStatus.waiting.rawValue: counts.waiting = n
            default: break
            }
        }
        return counts
    }

    // MARK: Creating and changing

    private func refusal(_ refusal: DraftRefusal<EventField>) -> FormErrors {
        FormErrors(refusal.problems, formName: \.formName)
    }

    package func create(_ draft: EventDraft) async throws -> Result<LearningEvent, FormErrors> {
        let actor = try context.requireActor()
        let checked: EventDraft.Checked
        switch draft.checked(now: context.now, in: context.configuration.timeZone) {
        case .failure(let problems): return .failure(refusal(problems))
        case .success(let value): checked = value
        }
        let event = LearningEvent()
        event.id = context.newID()
        event.organisationID = actor.organisationID
        event.createdBy = actor.personID
        event.createdAt = context.now
        event.status = .draft
        event.taken = 0
        event.version = 1
        apply(checked, to: event)
        try await context.transaction { context in
            try await event.create(on: context.database)
            try await replaceSessions(of: event, with: checked.sessions, context: context)
            let organiser = LearningEventOrganiser()
            organiser.id = context.newID()
            organiser.eventID = try event.requireID()
            organiser.personID = actor.personID
            try await organiser.create(on: context.database)
            try await context.audit(
                EventsAudit.eventCreated, resourceType: .learningEvent, resourceID: event.id?.uuidString)
        }
        return .success(event)
    }

    private func apply(_ checked: EventDraft.Checked, to event: LearningEvent) {
        event.title = checked.title
        event.description = checked.description
        event.professionCodes = checked.professions.map(\.rawValue).joined(separator: ",")
        event.gradeCodes = checked.grades.map(\.rawValue).joined(separator: ",")
        event.staffOnly = checked.staffOnly
        event.visibility = checked.visibility
        event.format = checked.format
        event.place = checked.place
        event.videoLink = checked.videoLink
        event.capacity = checked.capacity
        event.bookingOpensAt = checked.bookingOpensAt
        event.bookingClosesAt = checked.bookingClosesAt
        event.cpdMinutes = checked.cpdMinutes
        event.startsAt = checked.sessions.first?.start ?? context.now
        event.endsAt = checked.sessions.map(\.end).max() ?? context.now
    }

    private func replaceSessions(of event: LearningEvent, with sessions: [EventDraft.Session], context: ServiceContext)
        async throws
    {
        let eventID = try event.requireID()
        let existing = try await LearningEventSession.query(on: context.database).filter(\.$eventID == eventID).all()
        // A session whose times did not change keeps its row (and whether its reminder went).
        var kept = Set<UUID>()
        for session in sessions {
            if let same = existing.first(where: {
                $0.startsAt == session.start && $0.endsAt == session.end && !kept.contains($0.id!)
            }) {
                kept.insert(same.id!)
                continue
            }
            let row = LearningEventSession()
            row.id = context.newID()
            row.eventID = eventID
            row.startsAt = session.start
            row.endsAt = session.end
            try await row.create(on: context.database)
        }
        let gone = existing.compactMap(\.id).filter { !kept.contains($0) }
        if !gone.isEmpty {
            try await LearningEventSession.query(on: context.database).filter(\.$id ~~ gone).delete()
        }
    }

    /// Changes an event from the version read. Capacity may not fall below the places already booked; a larger
    /// capacity moves the waiting list up.
    package func change(_ event: LearningEvent, _ draft: EventDraft, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        let checked: EventDraft.Checked
        switch draft.checked(now: context.now, in: context.configuration.timeZone) {
        case .failure(let problems): return .failure(refusal(problems))
        case .success(let value): checked = value
        }
        var errors = FormErrors()
        if event.status == .cancelled { errors.addConflict("title", "This event was cancelled: it cannot change") }
        if version != event.version { errors.addConflict("title", Self.moved) }
        guard errors.isEmpty else { return .failure(errors) }
        let eventID = try event.requireID()
        let outcome: Result<Void, FormErrors> = try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            try await lock(eventID, sql: sql, context: context)
            guard let current = try await LearningEvent.find(eventID, on: context.database),
                current.version == event.version
            else {
                var errors = FormErrors()
                errors.addConflict("title", Self.moved)
                return .failure(errors)
            }
            if checked.capacity < current.taken {
                var errors = FormErrors()
                errors.addConflict(
                    "capacity", "\(current.taken) places are booked: the capacity cannot be fewer")
                return .failure(errors)
            }
            apply(checked, to: current)
            current.version += 1
            try await current.update(on: context.database)
            try await replaceSessions(of: current, with: checked.sessions, context: context)
            try await moveUp(current, context: context)
            try await context.audit(
                EventsAudit.eventChanged, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return .success(())
        }
        return outcome
    }

    /// Publishes a draft: from now it is seen by its audience and booked once its window opens.
    package func publish(_ event: LearningEvent, version: Int?) async throws -> Result<Void, FormErrors> {
        try await transition(event, version: version, from: [.draft], to: .published, audit: .eventPublished) { _, _ in
        }
    }

    /// Cancels an event: everyone booked or waiting is told by email; nobody books it again.
    package func cancel(_ event: LearningEvent, version: Int?) async throws -> Result<Void, FormErrors> {
        try await transition(
            event, version: version, from: [.draft, .published], to: .cancelled, audit: .eventCancelled
        ) { current, context in
            let bookings = try await EventBooking.query(on: context.database).filter(\.$eventID == current.requireID())
                .filter(\.$status ~~ [.booked, .waiting]).all()
            let people = try await Person.query(on: context.database).filter(\.$id ~~ bookings.map(\.personID)).all()
            let day = DisplayTime.format(current.startsAt, in: context.configuration.timeZone)
            for person in people {
                try await Outbox.enqueue(
                    to: person.email, subject: "Cancelled: \(current.title)",
                    body: """
                        \(current.title), on \(day), has been cancelled. Your place (or your place on the waiting \
                        list) has been released; there is nothing more you need to do.

                        Other events: \(context.link(.events))
                        """, now: context.now, on: context.database)
            }
        }
    }

    private func transition(
        _ event: LearningEvent, version: Int?, from: Set<EventStatus>, to status: EventStatus, audit: EventsAudit,
        then: @escaping @Sendable (LearningEvent, ServiceContext) async throws -> Void
    ) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        guard from.contains(event.status) else {
            errors.addConflict(
                "status", "This event is \(event.status.title.lowercased()): it cannot be \(status.rawValue) now")
            return .failure(errors)
        }
        guard version == event.version else {
            errors.addConflict("status", Self.moved)
            return .failure(errors)
        }
        let eventID = try event.requireID()
        let changed: Bool = try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(LearningEvent.schema).set("status", to: SQLBind(status.rawValue))
                .set("version", to: SQLRaw("version + 1")).where("id", .equal, SQLBind(eventID))
                .where("version", .equal, SQLBind(event.version)).returning("id").all()
            guard !rows.isEmpty, let current = try await LearningEvent.find(eventID, on: context.database) else {
                return false
            }
            try await then(current, context)
            try await context.audit(audit, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return true
        }
        if !changed { errors.addConflict("status", Self.moved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// Adds an organiser: a facilitator or programme lead of the event's organisation, by email.
    package func addOrganiser(to event: LearningEvent, email: String) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let person = try await Accounts.person(email: address, on: context.database) else {
            errors.add("organiserEmail", "Enter the email address of a facilitator or programme lead here")
            return .failure(errors)
        }
        let roles = try await Accounts.roles(
            of: person.requireID(), in: event.organisationID, on: context.database)
        guard roles.contains(.facilitator) || roles.contains(.programmeLead) else {
            errors.add("organiserEmail", "Organisers are facilitators or programme leads of this organisation")
            return .failure(errors)
        }
        do {
            try await context.transaction { context in
                let organiser = LearningEventOrganiser()
                organiser.id = context.newID()
                organiser.eventID = try event.requireID()
                organiser.personID = try person.requireID()
                try await organiser.create(on: context.database)
                try await context.audit(
                    EventsAudit.organiserAdded, resourceType: .learningEvent, resourceID: event.id?.uuidString,
                    subject: person.id)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("organiserEmail", "They already organise this event")
        }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    // MARK: Booking

    package enum PlaceOutcome: Sendable, Equatable {
        case booked
        case waiting(position: Int)
        case cancelled
        case unchanged
        /// Booking is not open (not yet, closed, cancelled): the sentence says why.
        case refused(String)
    }

    /// Books a place if one is free, otherwise the end of the waiting list. Under concurrent requests the event's
    /// row lock (PostgreSQL) or SQLite's single writer orders them, and `taken` never passes `capacity`.
    package func book(_ event: LearningEvent) async throws -> PlaceOutcome {
        let actor = try context.requireActor()
        let eventID = try event.requireID()
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            try await lock(eventID, sql: sql, context: context)
            guard let current = try await LearningEvent.find(eventID, on: context.database) else {
                return .refused("This event no longer exists")
            }
            if let refusal = current.window(at: context.now).refusal { return .refused(refusal) }
            let existing = try await EventBooking.query(on: context.database).filter(\.$eventID == eventID)
                .filter(\.$personID == actor.personID).first()
            if let existing, existing.status == .booked { return .unchanged }
            if let existing, existing.status == .waiting {
                return .waiting(position: try await position(of: existing, on: context.database))
            }
            let booking = existing ?? EventBooking()
            if existing == nil {
                booking.id = context.newID()
                booking.eventID = eventID
                booking.personID = actor.personID
                booking.attended = false
                booking.feedbackGiven = false
            }
            booking.askedAt = context.now
            // Nobody jumps the queue: a place goes to the waiting list's first while anyone waits.
            let waiting = try await EventBooking.query(on: context.database).filter(\.$eventID == eventID)
                .filter(\.$status == .waiting).count()
            let hasRoom = current.taken < current.capacity && waiting == 0
            booking.status = hasRoom ? .booked : .waiting
            if hasRoom {
                let rows = try await sql.update(LearningEvent.schema).set("taken", to: SQLRaw("taken + 1"))
                    .where("id", .equal, SQLBind(eventID)).where("taken", .lessThan, SQLColumn("capacity"))
                    .returning("id").all()
                if rows.isEmpty { booking.status = .waiting }
            }
            try await booking.save(on: context.database)
            try await context.audit(
                EventsAudit.bookingChanged, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return booking.status == .booked
                ? .booked : .waiting(position: try await position(of: booking, on: context.database))
        }
    }

    /// Gives up a place (or leaves the waiting list); the first on the waiting list moves up and is told.
    package func cancelBooking(_ event: LearningEvent) async throws -> PlaceOutcome {
        let actor = try context.requireActor()
        let eventID = try event.requireID()
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            try await lock(eventID, sql: sql, context: context)
            guard let current = try await LearningEvent.find(eventID, on: context.database) else {
                return .refused("This event no longer exists")
            }
            guard current.status == .published, current.startsAt > context.now else {
                return .refused("This event has started or was cancelled: places no longer change")
            }
            guard
                let booking = try await EventBooking.query(on: context.database).filter(\.$eventID == eventID)
                    .filter(\.$personID == actor.personID).first(),
                booking.status != .cancelled
            else { return .unchanged }
            let hadPlace = booking.status == .booked
            booking.status = .cancelled
            try await booking.update(on: context.database)
            if hadPlace {
                try await sql.update(LearningEvent.schema).set("taken", to: SQLRaw("taken - 1"))
                    .where("id", .equal, SQLBind(eventID)).run()
                current.taken -= 1
                try await moveUp(current, context: context)
            }
            try await context.audit(
                EventsAudit.bookingChanged, resourceType: .learningEvent, resourceID: eventID.uuidString)
            return .cancelled
        }
    }

    /// Fills free places from the waiting list, first come first served, telling each person who moves up. Runs
    /// inside the transaction that freed the places (with the event's row locked).
    private func moveUp(_ event: LearningEvent, context: ServiceContext) async throws {
        let eventID = try event.requireID()
        guard let fresh = try await LearningEvent.find(eventID, on: context.database), fresh.taken < fresh.capacity,
            fresh.status == .published, fresh.startsAt > context.now
        else { return }
        let next = try await EventBooking.query(on: context.database).filter(\.$eventID == eventID)
            .filter(\.$status == .waiting).sort(\.$askedAt).sort(\.$id).limit(fresh.capacity - fresh.taken).all()
        guard !next.isEmpty else { return }
        let sql = context.database as! any SQLDatabase
        try await sql.update(LearningEvent.schema).set("taken", to: SQLRaw("taken + \(next.count)"))
            .where("id", .equal, SQLBind(eventID)).run()
        let people = try await Person.query(on: context.database).filter(\.$id ~~ next.map(\.personID)).all()
        let day = DisplayTime.format(fresh.startsAt, in: context.configuration.timeZone)
        for booking in next {
            booking.status = .booked
            try await booking.update(on: context.database)
            guard let person = people.first(where: { $0.id == booking.personID }) else { continue }
            try await Outbox.enqueue(
                to: person.email, subject: "A place at \(fresh.title) is yours",
                body: """
                    A place has come free at \(fresh.title) on \(day), and it is yours: you were first on the \
                    waiting list.

                    If you can no longer come, please give it up so the next person can:
                    \(context.link(.event(eventID)))
                    """, now: context.now, on: context.database)
        }
    }

    /// On PostgreSQL the event's row lock orders bookings of one event; SQLite's single writer already does.
    private func lock(_ eventID: UUID, sql: any SQLDatabase, context: ServiceContext) async throws {
        if case .postgres = context.configuration.database {
            try await sql.raw("SELECT id FROM learning_events WHERE id = \(bind: eventID) FOR UPDATE").run()
        }
    }

    /// A booking's number on the waiting list: those who asked before it, plus one.
    package func position(of booking: EventBooking, on database: any Database) async throws -> Int {
        // The order the list moves up in: when they asked, then id.
        let bookingID = try booking.requireID()
        let ahead = try await EventBooking.query(on: database).filter(\.$eventID == booking.eventID)
            .filter(\.$status == .waiting).filter(\.$id != bookingID)
            .group(.or) { group in
                group.filter(\.$askedAt < booking.askedAt)
                    .group(.and) { $0.filter(\.$askedAt == booking.askedAt).filter(\.$id < bookingID) }
            }.count()
        return ahead + 1
    }
}
