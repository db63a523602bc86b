import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// What a facilitator records about a meeting: who attended (walk-ins too), and a short record with themes.
extension PeerGroupService {
    static let meetingMoved = "Someone changed this meeting since you opened it: check it and save again"

    /// The group's current members (and facilitators) with their names, for the attendance list.
    package func members(of group: PeerGroup) async throws -> [(member: PeerGroupMember, name: String)] {
        let members = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == group.requireID())
            .filter(\.$leftAt == nil).all()
        let names = try await Accounts.displayNames(of: members.map(\.personID), on: context.database)
        return members.map { ($0, names[$0.personID] ?? "A member") }.sorted { $0.1 < $1.1 }
    }

    /// Marks who attended: those listed attended (a member without a place is a walk-in); a place not listed goes
    /// back to "coming". The meeting is then held, and no longer takes sign-ups.
    package func recordAttendance(
        _ meeting: PeerMeeting, in group: PeerGroup, attended: Set<UUID>, presenters: Set<UUID>, version: Int? = nil
    ) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        if let version, version != meeting.version {
            errors.addConflict("attended", Self.meetingMoved)
            return .failure(errors)
        }
        guard meeting.startsAt <= context.now.addingTimeInterval(3600) else {
            errors.addConflict("attended", "Attendance can be recorded from the meeting's day onwards")
            return .failure(errors)
        }
        guard meeting.status != .cancelled else {
            errors.addConflict("attended", "This meeting was cancelled")
            return .failure(errors)
        }
        let memberIDs = Set(try await members(of: group).map(\.member.personID))
        guard attended.isSubset(of: memberIDs) else {
            errors.add("attended", "Choose attendees from the group's members")
            return .failure(errors)
        }
        let meetingID = try meeting.requireID()
        let refusal = try await context.transaction { context -> FormErrors? in
            // The meeting's row lock (PostgreSQL) before its places are read, as sign-ups and withdrawals take it
            // first too: they wait for this record (or it for them), never deadlock or insert a second place; the
            // version and status are decided again under it.
            let current = try await (context.database as! any SQLDatabase).update(PeerMeeting.schema)
                .set("version", to: SQLColumn("version")).where("id", .equal, SQLBind(meetingID))
                .returning("status", "version").first()
            var errors = FormErrors()
            if let version, try current?.decode(column: "version", as: Int.self) != version {
                errors.addConflict("attended", Self.meetingMoved)
                return errors
            }
            if try current?.decode(column: "status", as: String.self) == PeerMeeting.Status.cancelled.rawValue {
                errors.addConflict("attended", "This meeting was cancelled")
                return errors
            }
            let places = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID).all()
            for place in places {
                let came = attended.contains(place.personID)
                let status: MeetingPlace.Status =
                    came ? .attended : (place.status == .attended ? .coming : place.status)
                if place.status != status || place.presenter != presenters.contains(place.personID) {
                    place.status = status
                    place.presenter = came && presenters.contains(place.personID)
                    try await place.update(on: context.database)
                }
            }
            for personID in attended.subtracting(places.map(\.personID)) {
                let place = MeetingPlace()
                place.id = context.newID()
                place.meetingID = meetingID
                place.personID = personID
                place.status = .attended
                place.askedAt = context.now
                place.presenter = presenters.contains(personID)
                try await place.create(on: context.database)
            }
            let sql = context.database as! any SQLDatabase
            let taken = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                .filter(\.$status ~~ [.coming, .attended]).count()
            try await sql.update(PeerMeeting.schema).set("status", to: SQLBind(PeerMeeting.Status.held.rawValue))
                .set("taken", to: SQLBind(taken)).set("version", to: SQLRaw("version + 1"))
                .where("id", .equal, SQLBind(meetingID)).run()
            try await context.audit(
                PeerGroupsAudit.meetingAttendanceRecorded, resourceType: .peerMeeting,
                resourceID: meetingID.uuidString)
            return nil
        }
        if let refusal { return .failure(refusal) }
        return .success(())
    }

    /// The facilitator's record: short, sealed, without anything that identifies a patient; themes from the list.
    package func writeRecord(_ meeting: PeerMeeting, text: String, themes: [String], version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 4_000 { errors.add("record", "Keep the record to 4,000 characters or fewer") }
        for finding in IdentifiableDetails.findings(in: text) { errors.add("record", finding.explanation) }
        let chosen = themes.compactMap(DiscussionTheme.init(rawValue:))
        if chosen.count != themes.count { errors.add("themes", "Choose themes from the list") }
        if meeting.status != .held {
            errors.addConflict("record", "Record who attended first: the record is of a meeting that was held")
        }
        if let version, version != meeting.version {
            errors.addConflict("record", Self.meetingMoved)
        }
        guard errors.isEmpty else { return .failure(errors) }
        let meetingID = try meeting.requireID()
        let sealed = text.isEmpty ? nil : try meeting.sealed(text, for: \.$record, with: context.cipher)
        let themeCodes = DiscussionTheme.allCases.filter(chosen.contains).map(\.rawValue).joined(separator: ",")
        return try await versioned("record", Self.meetingMoved) { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(PeerMeeting.schema)
                .set("record", to: sealed.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("themes", to: SQLBind(themeCodes)).set("version", to: SQLRaw("version + 1"))
                .where("id", .equal, SQLBind(meetingID)).where("version", .equal, SQLBind(meeting.version))
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                PeerGroupsAudit.meetingRecordWritten, resourceType: .peerMeeting, resourceID: meetingID.uuidString)
            return true
        }
    }

    /// Cancels a planned meeting: everyone with a place or on the waiting list is told.
    package func cancel(_ meeting: PeerMeeting, in group: PeerGroup) async throws -> Bool {
        let meetingID = try meeting.requireID()
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(PeerMeeting.schema)
                .set("status", to: SQLBind(PeerMeeting.Status.cancelled.rawValue))
                .set("version", to: SQLRaw("version + 1")).where("id", .equal, SQLBind(meetingID))
                .where("status", .equal, SQLBind(PeerMeeting.Status.planned.rawValue)).returning("id").all()
            guard !rows.isEmpty else { return false }
            let told = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                .filter(\.$status ~~ [.coming, .waiting]).all(\.$personID)
            let people = try await Person.query(on: context.database).filter(\.$id ~~ told).all()
            let day = DisplayTime.format(meeting.startsAt, in: context.configuration.timeZone)
            for person in people {
                try await Outbox.enqueue(
                    to: person.email, subject: "A peer group meeting is cancelled",
                    body: "The meeting of \(group.name) on \(day) will not take place.", now: context.now,
                    on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.meetingCancelled, resourceType: .peerMeeting, resourceID: meetingID.uuidString)
            return true
        }
    }
}

extension PeerGroupService {
    /// Those coming to a meeting, in the order the rota suggests they bring a case (`PresenterRota`), counted in SQL
    /// over the group's past meetings.
    package func presenterRota(for meeting: PeerMeeting, in group: PeerGroup) async throws -> [PresenterRota.Candidate]
    {
        let coming = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meeting.requireID())
            .filter(\.$status == .coming).all(\.$personID)
        guard !coming.isEmpty else { return [] }
        let sql = context.database as! any SQLDatabase
        let rows = try await sql.select().column(SQLColumn("person_id", table: "p"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "times")
            .column(SQLFunction("MAX", args: SQLColumn("starts_at", table: "m")), as: "last")
            .from(SQLAlias(SQLIdentifier(MeetingPlace.schema), as: SQLIdentifier("p")))
            .join(
                SQLAlias(SQLIdentifier(PeerMeeting.schema), as: SQLIdentifier("m")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "m"), .equal, SQLColumn("meeting_id", table: "p")
            )
            .where(SQLColumn("group_id", table: "m"), .equal, SQLBind(group.requireID()))
            .where(SQLColumn("presenter", table: "p"), .equal, SQLBind(true))
            .where(SQLColumn("person_id", table: "p"), .in, SQLBind.group(coming))
            .groupBy(SQLColumn("person_id", table: "p")).all()
        var history: [UUID: (Int, Date?)] = [:]
        for row in rows {
            history[try row.decode(column: "person_id", as: UUID.self)] = (
                try row.decode(column: "times", as: Int.self), try row.decode(column: "last", as: Date?.self)
            )
        }
        let names = try await Accounts.displayNames(of: coming, on: context.database)
        return PresenterRota.order(
            coming.map { id in
                PresenterRota.Candidate(
                    id: id, name: names[id] ?? "A member", times: history[id]?.0 ?? 0, lastPresented: history[id]?.1)
            })
    }
}

extension PeerGroupService {
    static let notMovable = "Only a planned meeting that has not started can be moved"

    /// Moves one meeting, once (issue #16 item 2): another day, start, length or place for that meeting only. The
    /// rule stays; the day it gave is kept (`rule_day`) so planning ahead does not put a meeting back on it. Everyone
    /// with a place or on the waiting list is told by email; the meeting's version is its calendar SEQUENCE, so their
    /// calendars move it too. Nothing changes when the move is the meeting as it is.
    package func move(_ meeting: PeerMeeting, in group: PeerGroup, to move: MeetingMove, version: Int?) async throws
        -> Result<PeerMeeting, FormErrors>
    {
        var errors = FormErrors()
        guard let version else {
            errors.add("day", "Open the meeting's page and move it there")
            return .failure(errors)
        }
        // The meeting's state first: a move of a meeting that is over, or that changed, is a conflict whatever was
        // typed.
        if meeting.status != .planned || meeting.startsAt <= context.now {
            errors.addConflict("day", Self.notMovable)
            return .failure(errors)
        }
        if version != meeting.version {
            errors.addConflict("day", Self.meetingMoved)
            return .failure(errors)
        }
        let zone = context.state.workingDays.timeZone
        let checked: MeetingMove.Checked?
        switch move.checked(today: context.state.today) {
        case .failure(let problems):
            for (field, message) in problems.byField.sorted(by: { $0.key < $1.key }) { errors.add(field, message) }
            checked = nil
        case .success(let value): checked = value
        }
        let startsAt = checked.flatMap { MeetingMove.start(of: $0, in: zone) }
        if let checked, startsAt.map({ $0 <= context.now }) ?? true, errors["day"] == nil {
            errors.add(checked.day == context.state.today ? "startTime" : "day", "Choose a time still to come")
        }
        guard errors.isEmpty, let checked, let startsAt else { return .failure(errors) }
        let meetingID = try meeting.requireID()
        let groupID = try group.requireID()
        if checked.day.description == meeting.day, startsAt == meeting.startsAt, checked.minutes == meeting.minutes,
            checked.place == meeting.place
        {
            return .success(meeting)
        }
        if try await PeerMeeting.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$day == checked.day.description).filter(\.$id != meetingID).first() != nil
        {
            errors.add(
                "day", "The group has a meeting on that day already (planned, held or called off): choose another day")
            return .failure(errors)
        }
        // The rule's day is kept once the day changes (a change of time or place alone keeps the day).
        let ruleDay = meeting.ruleDay ?? (checked.day.description != meeting.day ? meeting.day : nil)
        let moved = try await versioned("day", Self.meetingMoved) { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(PeerMeeting.schema).set("day", to: SQLBind(checked.day.description))
                .set("starts_at", to: SQLBind(startsAt)).set("minutes", to: SQLBind(checked.minutes))
                .set("place", to: checked.place.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("rule_day", to: ruleDay.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("version", to: SQLRaw("version + 1"))
                .where("id", .equal, SQLBind(meetingID)).where("version", .equal, SQLBind(version))
                .where("status", .equal, SQLBind(PeerMeeting.Status.planned.rawValue))
                .where("starts_at", .greaterThan, SQLBind(context.now)).returning("id").all()
            guard !rows.isEmpty else { return false }
            let told = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                .filter(\.$status ~~ [.coming, .waiting]).all(\.$personID)
            let when = DisplayTime.format(startsAt, in: context.configuration.timeZone)
            let was = DisplayTime.format(meeting.startsAt, in: context.configuration.timeZone)
            for person in try await Person.query(on: context.database).filter(\.$id ~~ told).all() {
                try await Outbox.enqueue(
                    to: person.email, subject: "A peer group meeting has moved",
                    body: """
                        The meeting of \(group.name) planned for \(was) now takes place on \(when), for \
                        \(checked.minutes) minutes, at: \(checked.place ?? group.place)

                        Your place (or your number on the waiting list) stays as it was. If you can no longer come, \
                        please give your place up so the next person can:
                        \(context.state.link(.meeting(meetingID)))
                        """, now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.meetingMoved, resourceType: .peerMeeting, resourceID: meetingID.uuidString)
            return true
        }
        if case .failure(let errors) = moved { return .failure(errors) }
        guard let saved = try await PeerMeeting.find(meetingID, on: context.database) else {
            errors.addConflict("day", Self.notMovable)
            return .failure(errors)
        }
        return .success(saved)
    }
}
