import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Triage and case work: the rules live in `CaseState` and `FirstContactClock`; this applies them, with a version
/// check on every change and an audit entry for every read and write of case content.
package struct CaseService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    package var clock: FirstContactClock {
        FirstContactClock(workingDays: state.workingDays)
    }

    /// Why a change of who holds a case was not made. Each answer is the policy's, decided on the record.
    package enum AssignmentRefusal: Error, Equatable {
        /// No such open case for this person (a case they may not act on does not exist for them).
        case notFound
        /// Someone already holds it: joining is breaking the glass, with a reason.
        case alreadyTaken
        /// The person chosen is not one of the organisation's case managers, or is the one choosing.
        case notAnAssignee
    }

    /// A case manager takes an open case nobody holds (the gate has decided with the record; this decides again
    /// inside the write, so two case managers clicking Take at once cannot both hold it).
    package func take(_ record: SupportCase) async throws -> Result<Void, AssignmentRefusal> {
        let actor = try context.requireActor()
        let caseID = try record.requireID()
        guard record.state.isOpen else { return .failure(.notFound) }
        return try await context.database.transaction { database in
            // The case's row lock (on PostgreSQL), so a second Take or an allocation waits and then sees a holder;
            // the state is read again under it (the clinician may have withdrawn meanwhile).
            guard try await Self.lockOpenCase(caseID, on: database) else { return .failure(.notFound) }
            let holders = try await CaseAssignment.query(on: database).filter(\.$caseID == caseID).all()
            if holders.contains(where: { $0.personID == actor.personID }) { return .success(()) }
            guard holders.isEmpty else { return .failure(.alreadyTaken) }
            try await recordAssignment(record, to: actor.personID, on: database)
            return .success(())
        }

    }

    /// The unit lead gives an open case to one of the organisation's case managers (never to themself).
    package func allocate(caseID: UUID, to personID: UUID) async throws -> Result<Void, AssignmentRefusal> {
        guard let record = try await SupportCase.find(caseID, on: context.database), record.state.isOpen else {
            return .failure(.notFound)
        }
        if let refusal = try await decideAllocation(.allocateReferral, of: record, to: personID) {
            return .failure(refusal)
        }
        return try await context.database.transaction { database in
            // Under the case's row lock, like Take: two allocations of one person, or an allocation beside a Take,
            // happen one after the other, and the second sees the first.
            guard try await Self.lockOpenCase(caseID, on: database) else { return .failure(.notFound) }
            let exists = try await CaseAssignment.query(on: database).filter(\.$caseID == caseID)
                .filter(\.$personID == personID).first()
            if exists == nil { try await recordAssignment(record, to: personID, on: database) }
            return .success(())
        }
    }

    /// The policy's answer to giving `record` to `personID` by `action` (nil: allowed); a refusal is audited.
    func decideAllocation(_ action: Action, of record: SupportCase, to personID: UUID) async throws
        -> AssignmentRefusal?
    {
        let actor = try context.requireActor()
        let relation = try await CaseAccess.relationship(of: actor, to: record, now: now, on: context.database)
        let roles = try await Accounts.roles(of: personID, in: record.organisationID, on: context.database)
        let active = try await Person.find(personID, on: context.database)?.status == .active
        let assignee = Policy.Assignee(
            isCaseManagerHere: roles.contains(.caseManager) && active, isTheActor: personID == actor.personID)
        guard Policy.decide(actor, action, on: .caseAllocation(relation, assignee)) == .allow else {
            try await context.audit(
                action, resourceType: .supportCase, resourceID: try record.requireID().uuidString,
                subject: record.clinicianID, outcome: .denied)
            return relation.isSameOrganisation ? .notAnAssignee : .notFound
        }
        return nil
    }

    /// Takes the case's row lock for the rest of the transaction (PostgreSQL; SQLite's write transaction already
    /// holds the database) and says whether the case is still open.
    static func lockOpenCase(_ caseID: UUID, on database: any Database) async throws -> Bool {
        let row = try await (database as! any SQLDatabase).update(SupportCase.schema)
            .set("version", to: SQLColumn("version")).where("id", .equal, SQLBind(caseID))
            .returning("state").first()
        guard let state = try row?.decode(column: "state", as: String.self) else { return false }
        return CaseState(rawValue: state)?.isOpen ?? false
    }

    func recordAssignment(
        _ record: SupportCase, to personID: UUID, on database: any Database, kind: CaseEvent.Kind = .assigned,
        audit: SupportAudit = .caseAssigned, auditReason: String? = nil
    ) async throws {
        let caseID = try record.requireID()
        try await CaseAssignment(caseID: caseID, personID: personID, at: now).create(on: database)
        let event = CaseEvent(caseID: caseID, at: now, actorID: context.actor?.personID, kind: kind)
        event.id = state.collaborators.newID()
        try event.seal(personID.uuidString, into: \.$detail, with: state.cipher)
        try await event.create(on: database)
        try await context.audit(
            audit, resourceType: .supportCase, resourceID: caseID.uuidString, subject: record.clinicianID,
            reason: auditReason, on: database)
    }

    package enum ChangeOutcome: Equatable {
        case done
        /// Someone else saved first; the page must reload before this change can be made.
        case stale
        case refused(String)
    }

    /// Moves a case to a new state if the move is allowed and the page was current.
    package func move(
        _ record: SupportCase, to next: CaseState, seenVersion: Int, reason: String? = nil, firstContact: Bool = false,
        outcomes: [CaseOutcome] = []
    )
        async throws -> ChangeOutcome
    {
        let caseID = try record.requireID()
        let from = record.state
        // A page or client that saw an older version hears that first: what it wanted may no longer make sense.
        guard seenVersion == record.version else { return .stale }
        do {
            _ = try from.moving(to: next)
        } catch {
            return .refused(error.description)
        }
        if next == .declined, (reason ?? "").nonBlank == nil {
            return .refused("Enter the reason the clinician will see, in plain words")
        }
        if next == .closed, outcomes.isEmpty {
            return .refused("Select at least one outcome before closing the case")
        }
        if next == .closed, outcomes.contains(where: { !$0.isHopedFor }), (reason?.nonBlank?.count ?? 0) < 10 {
            return .refused("Say what happened, in a sentence or two, when support did not end as hoped")
        }
        return try await context.database.transaction { database -> ChangeOutcome in
            var update = (database as! any SQLDatabase).update(SupportCase.schema)
                .set("state", to: SQLBind(next.rawValue))
                .set("version", to: SQLBind(seenVersion + 1))
                .where("id", .equal, SQLBind(caseID)).where("version", .equal, SQLBind(seenVersion))
            if firstContact {
                update = update.set("first_contact_at", to: SQLBind(now)).set(
                    "first_contact_working_days",
                    to: SQLBind(clock.workingDaysTaken(receivedAt: record.receivedAt, contactedAt: now)))
            }
            if next == .declined {
                let sealed = try record.sealed(reason?.nonBlank ?? "", for: \.$declineReason, with: state.cipher)
                update = update.set("decline_reason", to: SQLBind(sealed))
            }
            if next == .closed {
                update = update.set("outcomes", to: SQLBind(outcomes.map(\.rawValue).joined(separator: ",")))
            }
            if next == .closed || next == .declined || next == .withdrawn {
                update = update.set("closed_at", to: SQLBind(now))
            }
            guard try await !update.returning("id").all().isEmpty else { return .stale }
            let event = CaseEvent(
                caseID: caseID, at: now, actorID: context.actor?.personID,
                kind: firstContact ? .firstContact : .transition, from: from, to: next)
            event.id = state.collaborators.newID()
            // The reason given when declining, or the account of a closure (sealed, for the case's case managers).
            try event.seal(
                next == .declined || next == .closed ? reason?.nonBlank : nil, into: \.$detail, with: state.cipher)
            try await event.create(on: database)
            try await context.audit(
                firstContact ? SupportAudit.caseFirstContact : SupportAudit.caseMoved(to: next),
                resourceType: .supportCase,
                resourceID: caseID.uuidString, subject: record.clinicianID, on: database)
            if next == .declined || next == .closed, context.actor?.personID != record.clinicianID,
                let clinician = try await Person.find(record.clinicianID, on: database)
            {
                // The clinician is told there is news, in plain words, and reads it signed in.
                try await Outbox.enqueue(
                    to: clinician.email, subject: "There is an update on your request for support",
                    body: """
                        Hello \(clinician.displayName),

                        There is an update on your request \(record.reference). Sign in to read it:

                        \(context.link(.myCase(caseID)))
                        """, now: now, on: database)
            }
            return .done
        }
    }

    /// Records the needs assessment with the version the page showed; a stale page changes nothing.
    package func assess(_ record: SupportCase, reasons: [ReferralReason], goals: String, seenVersion: Int) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        let text = goals.trimmingCharacters(in: .whitespacesAndNewlines)
        if reasons.isEmpty { errors.add("confirmedReasons", "Select at least one reason you confirmed together") }
        if text.isEmpty { errors.add("goals", "Enter the goals you agreed") }
        if text.count > 5_000 { errors.add("goals", "Goals must be 5,000 characters or fewer") }
        guard errors.isEmpty else { return .failure(errors) }
        let caseID = try record.requireID()
        let sealed = try state.cipher.seal(text, for: SupportCase.binding(caseID, "goals"))
        let updated = try await (context.database as! any SQLDatabase).update(SupportCase.schema)
            .set("confirmed_reasons", to: SQLBind(reasons.map(\.rawValue).joined(separator: ",")))
            .set("goals", to: SQLBind(sealed))
            .set("version", to: SQLBind(seenVersion + 1))
            .where("id", .equal, SQLBind(caseID)).where("version", .equal, SQLBind(seenVersion))
            .returning("id").all()
        guard !updated.isEmpty else {
            errors.addConflict(
                "goals",
                "Someone else changed this case while you had it open. Your text is below: check theirs, then save again"
            )
            return .failure(errors)
        }
        try await context.audit(
            SupportAudit.caseAssessed, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return .success(())
    }
}
