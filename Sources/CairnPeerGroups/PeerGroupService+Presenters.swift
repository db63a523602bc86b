import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Who brings a case (issue #16 item 3): the facilitators name the presenter of a planned meeting from those coming
/// (the rota suggests the fairest), and the presenter may ask someone else coming to take their turn. The rota stays
/// fair by itself: it counts who actually presented, so a member who handed a turn on comes up sooner next time.
extension PeerGroupService {
    static let notPresenter = "You are not down to bring a case at this meeting"
    static let turnMoved = "The turn has moved on since this was asked: nothing changed"

    /// Those coming to a meeting, with names: the choices for a presenter.
    package func coming(to meeting: PeerMeeting) async throws -> [(id: UUID, name: String)] {
        let ids = try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meeting.requireID())
            .filter(\.$status == .coming).all(\.$personID)
        let names = try await Accounts.displayNames(of: ids, on: context.database)
        return ids.map { ($0, names[$0] ?? "A member") }.sorted { $0.name < $1.name }
    }

    /// The facilitators name who brings a case (nil: nobody yet). Only someone coming to the planned meeting; the
    /// person named is emailed, and any swap the previous presenter asked for ends.
    package func namePresenter(_ personID: UUID?, at meeting: PeerMeeting, in group: PeerGroup, version: Int?)
        async throws -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        guard let version else {
            errors.add("presenter", "Open the meeting's page and choose there")
            return .failure(errors)
        }
        guard meeting.status == .planned, meeting.startsAt > context.now else {
            errors.addConflict("presenter", "Only a meeting still to come takes a presenter")
            return .failure(errors)
        }
        if let personID, try await !coming(to: meeting).contains(where: { $0.id == personID }) {
            errors.add("presenter", "Choose someone who is coming to this meeting")
            return .failure(errors)
        }
        if personID == meeting.presenterID { return .success(()) }
        let meetingID = try meeting.requireID()
        do {
            return try await versioned("presenter", Self.meetingMoved) { context in
                let sql = context.database as! any SQLDatabase
                let rows = try await sql.update(PeerMeeting.schema)
                    .set("presenter_id", to: personID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                    .set("version", to: SQLRaw("version + 1")).where("id", .equal, SQLBind(meetingID))
                    .where("version", .equal, SQLBind(version)).returning("id").all()
                guard !rows.isEmpty else { return false }
                // Decided again under the meeting's lock: a place given up meanwhile does not leave a presenter who
                // is not coming.
                if let personID,
                    try await MeetingPlace.query(on: context.database).filter(\.$meetingID == meetingID)
                        .filter(\.$personID == personID).filter(\.$status == .coming).first() == nil
                {
                    throw NotComing()
                }
                try await Self.endOpenSwaps(at: meetingID, context: context)
                if let personID, let person = try await Person.find(personID, on: context.database) {
                    try await Outbox.enqueue(
                        to: person.email, subject: "You are down to bring a case to your peer group",
                        body: """
                            You are down to bring a situation from practice to \(group.name) on \
                            \(DisplayTime.format(meeting.startsAt, in: context.configuration.timeZone)). Leave out anything \
                            that could identify a patient. If you cannot, ask someone coming to take your turn:
                            \(context.state.link(.meeting(meetingID)))
                            """, now: context.now, on: context.database)
                }
                try await context.audit(
                    PeerGroupsAudit.meetingPresenterNamed, resourceType: .peerMeeting,
                    resourceID: meetingID.uuidString)
                return true
            }
        } catch is NotComing {
            errors.add("presenter", "Choose someone who is coming to this meeting")
            return .failure(errors)
        }
    }

    private struct NotComing: Error {}

    /// The presenter asks someone else coming to take their turn; they are emailed and answer on the meeting page.
    /// Asking again replaces the earlier request.
    package func askToSwap(at meeting: PeerMeeting, in group: PeerGroup, with personID: UUID) async throws
        -> Result<PresenterSwap, FormErrors>
    {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let meetingID = try meeting.requireID()
        guard meeting.status == .planned, meeting.startsAt > context.now else {
            errors.addConflict(
                "swap", "This meeting no longer takes changes: it has been held, cancelled or has passed")
            return .failure(errors)
        }
        guard meeting.presenterID == actor.personID else {
            errors.addConflict("swap", Self.notPresenter)
            return .failure(errors)
        }
        guard personID != actor.personID,
            try await coming(to: meeting).contains(where: { $0.id == personID })
        else {
            errors.add("swap", "Choose someone else who is coming to this meeting")
            return .failure(errors)
        }
        let swap = PresenterSwap()
        swap.id = context.newID()
        swap.meetingID = meetingID
        swap.fromPerson = actor.personID
        swap.toPerson = personID
        swap.status = .open
        swap.createdAt = context.now
        try await context.transaction { context in
            try await Self.endOpenSwaps(at: meetingID, context: context)
            try await swap.create(on: context.database)
            if let person = try await Person.find(personID, on: context.database) {
                let names = try await Accounts.displayNames(of: [actor.personID], on: context.database)
                try await Outbox.enqueue(
                    to: person.email, subject: "Could you bring a case to your peer group?",
                    body: """
                        \(names[actor.personID] ?? "A member") is down to bring a case to \(group.name) on \
                        \(DisplayTime.format(meeting.startsAt, in: context.configuration.timeZone)) and asks whether \
                        you would take their turn. Say yes or no on the meeting's page:
                        \(context.state.link(.meeting(meetingID)))
                        """, now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.presenterSwapAsked, resourceType: .peerMeeting, resourceID: meetingID.uuidString,
                subject: personID)
        }
        return .success(swap)
    }

    /// The answer of the person asked: yes moves the turn to them (only while the asker still holds it and they are
    /// still coming), no leaves it. Answered once.
    package func answerSwap(_ swapID: UUID, at meeting: PeerMeeting, accept: Bool) async throws
        -> Result<PresenterSwap, FormErrors>
    {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let meetingID = try meeting.requireID()
        guard
            let swap = try await PresenterSwap.query(on: context.database).filter(\.$id == swapID)
                .filter(\.$meetingID == meetingID).filter(\.$toPerson == actor.personID).first()
        else {
            errors.add("swap", "That request is not one made to you")
            return .failure(errors)
        }
        let stillComing = try await coming(to: meeting).contains { $0.id == actor.personID }
        let answered: Result<Void, FormErrors>
        do {
            answered = try await answerClaim(swap, accept: accept, stillComing: stillComing, meetingID: meetingID)
        } catch is SwapRefused {
            errors.addConflict("swap", Self.turnMoved)
            return .failure(errors)
        }
        if case .failure(let errors) = answered { return .failure(errors) }
        guard let saved = try await PresenterSwap.find(swapID, on: context.database) else { return .failure(errors) }
        return .success(saved)
    }

    private func answerClaim(_ swap: PresenterSwap, accept: Bool, stillComing: Bool, meetingID: UUID) async throws
        -> Result<Void, FormErrors>
    {
        let actor = try context.requireActor()
        let swapID = try swap.requireID()
        return try await versioned("swap", Self.turnMoved) { context in
            let sql = context.database as! any SQLDatabase
            // The meeting's row first, as naming a presenter and giving up a place take it before the swaps: one
            // order of locks, so these never deadlock.
            try await sql.update(PeerMeeting.schema).set("version", to: SQLColumn("version"))
                .where("id", .equal, SQLBind(meetingID)).run()
            let status: PresenterSwap.Status = accept ? .accepted : .declined
            let claimed = try await sql.update(PresenterSwap.schema).set("status", to: SQLBind(status.rawValue))
                .set("decided_at", to: SQLBind(context.now)).where("id", .equal, SQLBind(swapID))
                .where("status", .equal, SQLBind(PresenterSwap.Status.open.rawValue)).returning("id").all()
            guard !claimed.isEmpty else { return false }
            if accept {
                guard stillComing else { throw SwapRefused() }
                // The turn moves only from the asker, at a meeting still to come: else nothing changes at all.
                let moved = try await sql.update(PeerMeeting.schema).set("presenter_id", to: SQLBind(actor.personID))
                    .set("version", to: SQLRaw("version + 1")).where("id", .equal, SQLBind(meetingID))
                    .where("presenter_id", .equal, SQLBind(swap.fromPerson))
                    .where("status", .equal, SQLBind(PeerMeeting.Status.planned.rawValue))
                    .where("starts_at", .greaterThan, SQLBind(context.now)).returning("id").all()
                guard !moved.isEmpty else { throw SwapRefused() }
            }
            if let asker = try await Person.find(swap.fromPerson, on: context.database) {
                let names = try await Accounts.displayNames(of: [actor.personID], on: context.database)
                let name = names[actor.personID] ?? "The member you asked"
                try await Outbox.enqueue(
                    to: asker.email,
                    subject: accept ? "Your turn to bring a case is taken" : "About your request to swap turns",
                    body: accept
                        ? "\(name) will bring a case in your place. Thank you for asking in good time."
                        : "\(name) cannot take your turn this time. You may ask someone else coming:\n"
                            + context.state.link(.meeting(meetingID)),
                    now: context.now, on: context.database)
            }
            try await context.audit(
                PeerGroupsAudit.presenterSwapAnswered, resourceType: .peerMeeting, resourceID: meetingID.uuidString,
                subject: swap.fromPerson)
            return true
        }
    }

    /// A swap's "yes" that can no longer move the turn: the transaction rolls back, the request stays open.
    private struct SwapRefused: Error {}

    /// The open swap requests that concern the actor at a meeting: one they asked, and ones asked of them.
    package func swaps(at meetingID: UUID) async throws -> (asked: PresenterSwap?, askedOfMe: [PresenterSwap]) {
        let actor = try context.requireActor()
        let open = try await PresenterSwap.query(on: context.database).filter(\.$meetingID == meetingID)
            .filter(\.$status == .open).group(.or) {
                $0.filter(\.$fromPerson == actor.personID).filter(\.$toPerson == actor.personID)
            }.sort(\.$createdAt).all()
        return (open.first { $0.fromPerson == actor.personID }, open.filter { $0.toPerson == actor.personID })
    }

    /// Someone gave up their place: they no longer present, and swaps asked by or of them end.
    func releaseTurn(of personID: UUID, at meetingID: UUID) async throws {
        let sql = context.database as! any SQLDatabase
        try await sql.update(PeerMeeting.schema).set("presenter_id", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(meetingID)).where("presenter_id", .equal, SQLBind(personID)).run()
        try await sql.update(PresenterSwap.schema).set("status", to: SQLBind(PresenterSwap.Status.withdrawn.rawValue))
            .set("decided_at", to: SQLBind(context.now)).where("meeting_id", .equal, SQLBind(meetingID))
            .where("status", .equal, SQLBind(PresenterSwap.Status.open.rawValue))
            .where {
                $0.where("from_person", .equal, SQLBind(personID)).orWhere("to_person", .equal, SQLBind(personID))
            }
            .run()
    }

    static func endOpenSwaps(at meetingID: UUID, context: ServiceContext) async throws {
        try await (context.database as! any SQLDatabase).update(PresenterSwap.schema)
            .set("status", to: SQLBind(PresenterSwap.Status.withdrawn.rawValue))
            .set("decided_at", to: SQLBind(context.now)).where("meeting_id", .equal, SQLBind(meetingID))
            .where("status", .equal, SQLBind(PresenterSwap.Status.open.rawValue)).run()
    }
}
