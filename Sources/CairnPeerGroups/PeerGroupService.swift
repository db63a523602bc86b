import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Groups, membership, meetings and places at them. Every write that decides (a place when the room is nearly
/// full, a move up the waiting list) happens in one transaction that holds the meeting: a row lock on PostgreSQL,
/// the single writer on SQLite.
package struct PeerGroupService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    private var now: Date { context.now }
    /// Meetings are planned this far ahead; housekeeping keeps the horizon moving.
    package static let horizonMonths = 12

    // MARK: Groups

    package func create(_ draft: PeerGroupDraft) async throws -> Result<PeerGroup, DraftRefusal<PeerGroupField>> {
        let actor = try context.requireActor()
        let checked: PeerGroupDraft.Checked
        switch draft.checked(today: context.state.today) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let value): checked = value
        }
        let group = PeerGroup()
        group.id = context.newID()
        group.organisationID = actor.organisationID
        group.name = checked.name
        group.audience = checked.audience
        group.capacity = checked.capacity
        group.place = checked.place
        group.agreement = checked.agreement
        group.agreementVersion = 1
        group.ruleOrdinal = checked.rule.ordinal
        group.ruleWeekday = checked.rule.weekday
        group.ruleStartMinute = checked.rule.startMinute
        group.ruleMinutes = checked.rule.minutes
        group.createdBy = actor.personID
        group.createdAt = now
        group.joining = checked.byInvitation ? .invitation : .open
        let firstDay = checked.firstDay
        try await context.transaction { context in
            try await group.create(on: context.database)
            let facilitator = PeerGroupMember()
            facilitator.id = context.newID()
            facilitator.groupID = try group.requireID()
            facilitator.personID = actor.personID
            facilitator.kind = .facilitator
            facilitator.agreementVersion = 1
            facilitator.acceptedAt = context.now
            facilitator.joinedAt = context.now
            try await facilitator.create(on: context.database)
            try await PeerGroupService(context: context).planMeetings(for: group, from: firstDay)
            try await context.audit(
                PeerGroupsAudit.peerGroupCreated, resourceType: .peerGroup, resourceID: group.id?.uuidString)
        }
        return .success(group)
    }

    /// Plans the meetings the rule gives from `first` to the horizon, skipping bank holidays and days already planned.
    package func planMeetings(for group: PeerGroup, from first: CalendarDay) async throws {
        guard group.endedAt == nil else { return }
        let working = context.state.workingDays
        let today = context.state.today
        let start = max(first, today.adding(days: -PeerGroupDraft.earliestPastDays))
        var endMonth = today.month + Self.horizonMonths
        var endYear = today.year
        while endMonth > 12 {
            endMonth -= 12
            endYear += 1
        }
        let last = CalendarDay(endYear, endMonth, 28)
        guard start <= last else { return }
        let holidays = BankHolidays.days(for: working.nation)
        let groupID = try group.requireID()
        // Days already planned, and the days moved meetings were planned on (a one-off move keeps its rule day).
        let existing = try await PeerMeeting.query(on: context.database).filter(\.$groupID == groupID)
            .group(.or) { $0.filter(\.$day >= start.description).filter(\.$ruleDay >= start.description) }
            .all()
        let planned = Set(existing.map(\.day) + existing.compactMap(\.ruleDay))
        for day in group.rule.days(from: start, through: last, skipping: holidays)
        where !planned.contains(day.description) {
            guard let startsAt = group.rule.start(on: day, in: working.timeZone) else { continue }
            let meeting = PeerMeeting()
            meeting.id = context.newID()
            meeting.groupID = groupID
            meeting.day = day.description
            meeting.startsAt = startsAt
            meeting.minutes = group.rule.minutes
            meeting.status = .planned
            meeting.taken = 0
            meeting.themes = ""
            meeting.version = 1
            try await meeting.create(on: context.database)
        }
    }

    /// The groups of the actor's organisation, a page at a time, with the actor's membership of each.
    package struct GroupRow: Sendable {
        package var group: PeerGroup
        package var membership: PeerGroupMember?
        package var nextMeeting: Date?
        package var invitation: PeerGroupInvitation?
    }

    package func groups(page: Int, size: Int = 25) async throws -> (rows: [GroupRow], paging: Paging) {
        let actor = try context.requireActor()
        let query = PeerGroup.query(on: context.database).filter(\.$organisationID == actor.organisationID)
        let total = try await query.copy().count()
        let paging = Paging(total: total, pageSize: size, requested: page)
        let groups = try await query.sort(\.$name).range(paging.offset..<(paging.offset + size)).all()
        let ids = groups.compactMap(\.id)
        let memberships = try await PeerGroupMember.query(on: context.database).filter(\.$groupID ~~ ids)
            .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).all()
        let sql = context.database as! any SQLDatabase
        var next: [UUID: Date] = [:]
        if !ids.isEmpty {
            let rows = try await sql.select().column("group_id").column(
                SQLFunction("MIN", args: SQLColumn("starts_at")), as: "next"
            )
            .from(PeerMeeting.schema).where(SQLColumn("group_id"), .in, SQLBind.group(ids))
            .where("status", .equal, SQLBind(PeerMeeting.Status.planned.rawValue))
            .where("starts_at", .greaterThanOrEqual, SQLBind(now)).groupBy("group_id").all()
            for row in rows {
                next[try row.decode(column: "group_id", as: UUID.self)] = try row.decode(column: "next", as: Date?.self)
            }
        }
        let invitations = try await PeerGroupInvitation.query(on: context.database).filter(\.$groupID ~~ ids)
            .filter(\.$personID == actor.personID).all()
        let rows = groups.map { group in
            GroupRow(
                group: group, membership: memberships.first { $0.groupID == group.id },
                nextMeeting: group.id.flatMap { next[$0] }, invitation: invitations.first { $0.groupID == group.id })
        }
        return (rows, paging)
    }

    /// Joins (or rejoins) a group by accepting its current agreement.
    package func join(_ group: PeerGroup, acceptedVersion: Int) async throws -> Result<Void, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        guard acceptedVersion == group.agreementVersion else {
            errors.add("accept", "Read the agreement and tick the box to accept it")
            return .failure(errors)
        }
        let groupID = try group.requireID()
        // A group by invitation lets in a current member accepting a new agreement, and those invited or let in.
        let isCurrent =
            try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).first() != nil
        let invitation = try await self.invitation(to: group)
        if group.joining == .invitation, !isCurrent, invitation?.admits != true {
            errors.addConflict("accept", Self.byInvitationOnly)
            return .failure(errors)
        }
        try await context.transaction { context in
            if let invitation, invitation.status != .joined, invitation.admits || group.joining == .open {
                invitation.status = .joined
                invitation.decidedAt = invitation.decidedAt ?? context.now
                try await invitation.update(on: context.database)
            }
            // Joins of one group take turns (its row lock on PostgreSQL), so a second click finds the first's row.
            try await (context.database as! any SQLDatabase).update(PeerGroup.schema)
                .set("id", to: SQLColumn("id")).where("id", .equal, SQLBind(groupID)).run()
            if let existing = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
                .filter(\.$personID == actor.personID).first()
            {
                existing.agreementVersion = acceptedVersion
                existing.acceptedAt = context.now
                if existing.leftAt != nil {
                    existing.leftAt = nil
                    existing.joinedAt = context.now
                }
                try await existing.update(on: context.database)
            } else {
                let member = PeerGroupMember()
                member.id = context.newID()
                member.groupID = groupID
                member.personID = actor.personID
                member.kind = .member
                member.agreementVersion = acceptedVersion
                member.acceptedAt = context.now
                member.joinedAt = context.now
                try await member.create(on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.peerGroupJoined, resourceType: .peerGroup, resourceID: groupID.uuidString)
        }
        return .success(())
    }

    /// A new wording of the agreement: a new version, which every member accepts again before they next sign up
    /// (the facilitator who changed it accepts it by changing it). Members are told by email.
    package func changeAgreement(_ group: PeerGroup, to text: String, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 40 { errors.add("agreement", "Write the agreement members accept (40 characters or more)") }
        if text.count > 4_000 { errors.add("agreement", "Keep the agreement to 4,000 characters or fewer") }
        guard let version else {
            errors.add("agreement", "Open the group's page and change the agreement there")
            return .failure(errors)
        }
        if version != group.agreementVersion {
            errors.addConflict("agreement", Self.agreementMoved)
        }
        guard errors.isEmpty else { return .failure(errors) }
        if text == group.agreement { return .success(()) }
        let groupID = try group.requireID()
        return try await versioned("agreement", Self.agreementMoved) { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(PeerGroup.schema).set("agreement", to: SQLBind(text))
                .set("agreement_version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(groupID))
                .where("agreement_version", .equal, SQLBind(version)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await sql.update(PeerGroupMember.schema).set("agreement_version", to: SQLBind(version + 1))
                .set("accepted_at", to: SQLBind(context.now)).where("group_id", .equal, SQLBind(groupID))
                .where("person_id", .equal, SQLBind(actor.personID)).run()
            let members = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
                .filter(\.$leftAt == nil).filter(\.$personID != actor.personID).all(\.$personID)
            for person in try await Person.query(on: context.database).filter(\.$id ~~ members).all() {
                try await Outbox.enqueue(
                    to: person.email, subject: "Your peer group's agreement has changed",
                    body: """
                        The confidentiality agreement of \(group.name) has changed. Please read it and accept it again
                        before you next sign up for a meeting:
                        \(context.state.link(.group(groupID)))
                        """, now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.peerGroupAgreementChanged, resourceType: .peerGroup, resourceID: groupID.uuidString)
            return true
        }
    }

    static let agreementMoved = "The agreement was changed since you opened the page: check it and try again"

    /// A write that holds only if nothing moved on since the page was opened: `write` (in a transaction) answers
    /// false when its conditional update found the version changed, and the field is then refused as a conflict.
    package func versioned(
        _ field: String, _ message: String, _ write: @escaping @Sendable (ServiceContext) async throws -> Bool
    ) async throws -> Result<Void, FormErrors> {
        guard try await context.transaction(write) else {
            var errors = FormErrors()
            errors.addConflict(field, message)
            return .failure(errors)
        }
        return .success(())
    }

    /// Leaves a group: their places at meetings still to come are given up (the waiting list moves up).
    package func leave(_ group: PeerGroup) async throws {
        let actor = try context.requireActor()
        let groupID = try group.requireID()
        let upcoming = try await PeerMeeting.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$startsAt >= now).filter(\.$status == .planned).all()
        for meeting in upcoming { _ = try await withdraw(from: meeting, in: group) }
        try await context.transaction { context in
            guard
                let member = try await PeerGroupMember.query(on: context.database).filter(\.$groupID == groupID)
                    .filter(\.$personID == actor.personID).filter(\.$leftAt == nil).first()
            else { return }
            // A facilitator may step down while another facilitator stays: a group is never left without one.
            if member.kind == .facilitator {
                let facilitators = try await PeerGroupMember.query(on: context.database)
                    .filter(\.$groupID == groupID).filter(\.$kind == .facilitator).filter(\.$leftAt == nil).count()
                guard facilitators > 1 else { return }
            }
            member.leftAt = context.now
            try await member.update(on: context.database)
            try await context.audit(
                PeerGroupsAudit.peerGroupLeft, resourceType: .peerGroup, resourceID: groupID.uuidString)
        }
    }

    // MARK: Places

    package enum PlaceOutcome: Sendable, Equatable {
        case coming
        case waiting(position: Int)
        case withdrawn
        case unchanged
        /// The meeting is over, cancelled or held: places no longer change.
        case closed
    }

    /// Asks for a place: one if the room has one, otherwise the end of the waiting list.
    package func askForPlace(at meeting: PeerMeeting, in group: PeerGroup) async throws -> PlaceOutcome {
        let actor = try context.requireActor()
        let meetingID = try meeting.requireID()
        let capacity = group.capacity
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            try await lock(meetingID, sql: sql, context: context)
            guard let current = try await PeerMeeting.find(meetingID, on: context.database),
                current.status == .planned, current.startsAt > context.now
            else { return .closed }
            let existing = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                .filter(\.$personID == actor.personID).first()
            if let existing, existing.status == .coming || existing.status == .attended { return .unchanged }
            if let existing, existing.status == .waiting {
                return .waiting(position: try await position(of: existing, on: context.database))
            }
            let place = existing ?? MeetingPlace()
            if existing == nil {
                place.id = context.newID()
                place.meetingID = meetingID
                place.personID = actor.personID
                place.presenter = false
            }
            place.askedAt = context.now
            let hasRoom = current.taken < capacity
            place.status = hasRoom ? .coming : .waiting
            if hasRoom {
                try await sql.update(PeerMeeting.schema).set("taken", to: SQLRaw("taken + 1"))
                    .set("version", to: SQLRaw("version + 1")).where("id", .equal, SQLBind(meetingID)).run()
            }
            try await place.save(on: context.database)
            try await context.audit(
                PeerGroupsAudit.meetingPlaceChanged, resourceType: .peerMeeting, resourceID: meetingID.uuidString)
            return hasRoom ? .coming : .waiting(position: try await position(of: place, on: context.database))
        }
    }

    /// Gives up a place (or leaves the waiting list); the first on the waiting list moves up and is told.
    package func withdraw(from meeting: PeerMeeting, in group: PeerGroup) async throws -> PlaceOutcome {
        let actor = try context.requireActor()
        let meetingID = try meeting.requireID()
        let groupName = group.name
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            try await lock(meetingID, sql: sql, context: context)
            guard let current = try await PeerMeeting.find(meetingID, on: context.database),
                current.status == .planned, current.startsAt > context.now
            else { return .closed }
            guard
                let place = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                    .filter(\.$personID == actor.personID).first(),
                place.status == .coming || place.status == .waiting
            else { return .unchanged }
            let hadPlace = place.status == .coming
            place.status = .withdrawn
            try await place.update(on: context.database)
            // Someone no longer coming brings no case: their turn is given back to the facilitators, and swaps that
            // named them end.
            try await PeerGroupService(context: context).releaseTurn(of: actor.personID, at: meetingID)
            if hadPlace {
                if let next = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                    .filter(\.$status == .waiting).sort(\.$askedAt).sort(\.$id).first()
                {
                    next.status = .coming
                    try await next.update(on: context.database)
                    try await tellMovedUp(next.personID, meeting: current, groupName: groupName, context: context)
                } else {
                    try await sql.update(PeerMeeting.schema).set("taken", to: SQLRaw("taken - 1"))
                        .set("version", to: SQLRaw("version + 1")).where("id", .equal, SQLBind(meetingID)).run()
                }
            }
            try await context.audit(
                PeerGroupsAudit.meetingPlaceChanged, resourceType: .peerMeeting, resourceID: meetingID.uuidString)
            return .withdrawn
        }
    }

    /// On PostgreSQL the meeting's row lock orders places at one meeting; SQLite's single writer already does.
    private func lock(_ meetingID: UUID, sql: any SQLDatabase, context: ServiceContext) async throws {
        if case .postgres = context.configuration.database {
            try await sql.raw("SELECT id FROM peer_meetings WHERE id = \(bind: meetingID) FOR UPDATE").run()
        }
    }

    /// A group's last three meetings and its next six, oldest first.
    package func recentAndNext(of group: PeerGroup) async throws -> [PeerMeeting] {
        let groupID = try group.requireID()
        let past = try await PeerMeeting.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$startsAt < context.now).sort(\.$startsAt, .descending).limit(3).all()
        let upcoming = try await PeerMeeting.query(on: context.database).filter(\.$groupID == groupID)
            .filter(\.$startsAt >= context.now).sort(\.$startsAt).limit(6).all()
        return past.reversed() + upcoming
    }

    /// The actor's place at a meeting, and their number on the waiting list when they are on it.
    package func myPlace(at meetingID: UUID) async throws -> (place: MeetingPlace?, position: Int?) {
        let actor = try context.requireActor()
        let place = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
            .filter(\.$personID == actor.personID).first()
        guard let place, place.status == .waiting else { return (place, nil) }
        return (place, try await position(of: place, on: context.database))
    }

    /// A place's number on the waiting list: those who asked before (never the place itself, whose stored time may
    /// differ from this copy's by the database's precision).
    package func position(of place: MeetingPlace, on database: any Database) async throws -> Int {
        let ahead = try await MeetingPlace.query(on: database).filter(\.$meetingID == place.meetingID)
            .filter(\.$status == .waiting).filter(\.$id != place.requireID())
            .filter(\.$askedAt <= place.askedAt).count()
        return ahead + 1
    }

    private func tellMovedUp(_ personID: UUID, meeting: PeerMeeting, groupName: String, context: ServiceContext)
        async throws
    {
        guard let person = try await Person.find(personID, on: context.database) else { return }
        let day = DisplayTime.format(meeting.startsAt, in: context.configuration.timeZone)
        try await Outbox.enqueue(
            to: person.email, subject: "A place at your peer group is yours",
            body: """
                A place has come free at \(groupName) on \(day), and it is yours.

                If you can no longer come, please give it up so the next person can:
                \(context.state.link(.meeting(meeting.id)))
                """, now: context.now, on: context.database)
    }
}
