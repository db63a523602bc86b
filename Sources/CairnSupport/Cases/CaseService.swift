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

    package struct QueueRow {
        package var id: UUID
        package var reference: String
        package var received: Date
        package var due: CalendarDay
        package var standing: FirstContactClock.Standing
        package var state: CaseState
        package var profession: String
        package var grade: String
        package var reasons: [ReferralReason]
        package var saidAtRisk: Bool
        package var assignedTo: [String]
        /// The person looking holds this case.
        package var heldByViewer = false
    }

    /// One page of the triage queue and how many there are in all.
    package struct QueuePage {
        package var rows: [QueueRow]
        package var total: Int
    }

    /// Requests waiting for triage (`taken == false`: nobody holds them) or taken but not yet under way, safety
    /// first: those who said they are at risk, then those not yet contacted (so the ones past the five-working-day
    /// clock, being oldest, come next), then the rest, oldest first. Paged in SQL; assignments and names are read
    /// in one query each, whatever the page size. Structured answers only: a request's own words open to its case
    /// managers, or for triage to the unit's case managers while nobody holds it (`readRequestForTriage`).
    package func queue(taken: Bool, reference: String? = nil, page: Int = 1, pageSize: Int = 50) async throws
        -> QueuePage
    {
        guard let organisation = state.organisation else { return QueuePage(rows: [], total: 0) }
        let sql = context.database as! any SQLDatabase
        let states = [CaseState.referred.rawValue, CaseState.triaged.rawValue]
        let held = SQLRaw(
            "\(taken ? "" : "NOT ")EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = cases.id)")
        func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            let query = select.from(SupportCase.schema).where("organisation_id", .equal, SQLBind(organisation.id))
                .where("state", .in, SQLBind.group(states)).where(held)
            guard let reference else { return query }
            return query.where("reference", .equal, SQLBind(reference))
        }
        let counted = SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("total"))
        let total = try await filtered(sql.select().column(counted)).first()?.decode(column: "total", as: Int.self) ?? 0
        let ids = try await filtered(sql.select().column("id"))
            .orderBy("said_at_risk", .descending)
            .orderBy(SQLRaw("CASE WHEN first_contact_at IS NULL THEN 0 ELSE 1 END"), SQLDirection.ascending)
            .orderBy("received_at", .ascending).orderBy("id", .ascending)
            .limit(pageSize).offset(max(0, page - 1) * pageSize).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        var cases: [UUID: SupportCase] = [:]
        for record in try await SupportCase.query(on: context.database).filter(\.$id ~~ ids).all() {
            cases[try record.requireID()] = record
        }
        let assignments: [CaseAssignment] = try await CaseAssignment.query(on: context.database)
            .filter(\CaseAssignment.$caseID ~~ ids).all()
        let names = try await Accounts.displayNames(of: assignments.map(\.personID), on: context.database)
        var holders: [UUID: [String]] = [:]
        for assignment in assignments {
            if let name = names[assignment.personID] { holders[assignment.caseID, default: []].append(name) }
        }
        let rows = ids.compactMap { id -> QueueRow? in
            guard let record = cases[id] else { return nil }
            return QueueRow(
                id: id, reference: record.reference, received: record.receivedAt,
                due: clock.due(receivedAt: record.receivedAt),
                standing: clock.standing(receivedAt: record.receivedAt, contactedAt: record.firstContactAt, now: now),
                state: record.state, profession: Profession(rawValue: record.profession)?.title ?? record.profession,
                grade: Grade(rawValue: record.grade)?.title ?? record.grade, reasons: record.reasons,
                saidAtRisk: record.saidAtRisk, assignedTo: (holders[id] ?? []).sorted(),
                heldByViewer: assignments.contains { $0.caseID == id && $0.personID == context.actor?.personID })
        }
        return QueuePage(rows: rows, total: total)
    }

    /// The organisation's case managers, for the unit lead's allocation list.
    package func caseManagers() async throws -> [(id: UUID, name: String)] {
        guard let organisation = state.organisation else { return [] }
        let ids = try await RoleGrant.query(on: context.database).filter(\.$organisationID == organisation.id)
            .filter(\.$roleName == Role.caseManager.rawValue).all().map(\.$person.id)
        return try await Person.query(on: context.database).filter(\.$id ~~ ids).filter(\.$status == .active)
            .sort(\.$displayName).all().map { (try $0.requireID(), $0.displayName) }
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
        return try await state.serialisedWrite {
            try await context.database.transaction { database in
                // On PostgreSQL this update takes the case's row lock, so a second Take waits and then sees a holder.
                try await (database as! any SQLDatabase).update(SupportCase.schema)
                    .set("version", to: SQLColumn("version")).where("id", .equal, SQLBind(caseID)).run()
                let holders = try await CaseAssignment.query(on: database).filter(\.$caseID == caseID).all()
                if holders.contains(where: { $0.personID == actor.personID }) { return .success(()) }
                guard holders.isEmpty else { return .failure(.alreadyTaken) }
                try await recordAssignment(record, to: actor.personID, on: database)
                return .success(())
            }
        }
    }

    /// The unit lead gives an open case to one of the organisation's case managers (never to themself).
    package func allocate(caseID: UUID, to personID: UUID) async throws -> Result<Void, AssignmentRefusal> {
        let actor = try context.requireActor()
        guard let record = try await SupportCase.find(caseID, on: context.database), record.state.isOpen else {
            return .failure(.notFound)
        }
        let relation = try await CaseAccess.relationship(of: actor, to: record, now: now, on: context.database)
        let roles = try await Accounts.roles(of: personID, in: record.organisationID, on: context.database)
        let active = try await Person.find(personID, on: context.database)?.status == .active
        let assignee = Policy.Assignee(
            isCaseManagerHere: roles.contains(.caseManager) && active, isTheActor: personID == actor.personID)
        guard Policy.decide(actor, .allocateReferral, on: .caseAllocation(relation, assignee)) == .allow else {
            try await context.audit(
                Action.allocateReferral, resourceType: .supportCase, resourceID: caseID.uuidString,
                subject: record.clinicianID, outcome: .denied)
            return .failure(relation.isSameOrganisation ? .notAnAssignee : .notFound)
        }
        let exists = try await CaseAssignment.query(on: context.database).filter(\.$caseID == caseID)
            .filter(\.$personID == personID).first()
        guard exists == nil else { return .success(()) }
        try await context.database.transaction { database in
            try await recordAssignment(record, to: personID, on: database)
        }
        return .success(())
    }

    private func recordAssignment(_ record: SupportCase, to personID: UUID, on database: any Database) async throws {
        let caseID = try record.requireID()
        try await CaseAssignment(caseID: caseID, personID: personID, at: now).create(on: database)
        let event = CaseEvent(caseID: caseID, at: now, actorID: context.actor?.personID, kind: .assigned)
        event.id = state.collaborators.newID()
        try event.seal(personID.uuidString, into: \.$detail, with: state.cipher)
        try await event.create(on: database)
        try await context.audit(
            SupportAudit.caseAssigned, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID,
            on: database)
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
            if firstContact { update = update.set("first_contact_at", to: SQLBind(now)) }
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
            errors.add(
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

    package func goals(of record: SupportCase) throws -> String? {
        try record.goals.map { try state.cipher.open($0, for: SupportCase.binding(try record.requireID(), "goals")) }
    }

    package struct NoteView {
        package var author: String
        package var written: Date
        package var body: String
        package var shared: Bool
    }

    /// The case's notes, opened for an assigned case manager; the read is audited.
    package func notes(of record: SupportCase) async throws -> [NoteView] {
        let caseID = try record.requireID()
        let notes = try await CaseNote.query(on: context.database).filter(\.$caseID == caseID).sort(\.$createdAt).all()
        let authors = try await Accounts.displayNames(of: notes.map(\.authorID), on: context.database)
        let views = try notes.map { note in
            NoteView(
                author: authors[note.authorID] ?? "Former colleague", written: note.createdAt,
                body: try state.cipher.open(
                    note.body, for: .init(table: CaseNote.schema, recordID: try note.requireID(), field: "body")),
                shared: note.sharedWithClinician)
        }
        try await context.audit(
            SupportAudit.caseNotesRead, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return views
    }

    package func addNote(to record: SupportCase, body: String, shared: Bool) async throws -> FormErrors {
        var errors = FormErrors()
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.add("body", "Enter the note") }
        if text.count > 20_000 { errors.add("body", "A note must be 20,000 characters or fewer") }
        guard errors.isEmpty else { return errors }
        let caseID = try record.requireID()
        let note = CaseNote()
        note.id = state.collaborators.newID()
        note.caseID = caseID
        note.authorID = try context.requireActor().personID
        note.body = try state.cipher.seal(text, for: .init(table: CaseNote.schema, recordID: note.id!, field: "body"))
        note.sharedWithClinician = shared
        note.createdAt = now
        try await context.database.transaction { database in
            try await note.create(on: database)
            try await context.audit(
                SupportAudit.caseNoteWritten, resourceType: .caseNote, resourceID: note.id?.uuidString,
                subject: record.clinicianID, on: database)
        }
        return errors
    }

    /// The referral's free text, opened for an assigned case manager; audited.
    package func referralText(of record: SupportCase) async throws -> (
        ownWords: String, whatWouldHelp: String?, contact: String
    ) {
        let caseID = try record.requireID()
        let cipher = state.cipher
        let words = try cipher.open(record.ownWords, for: SupportCase.binding(caseID, "own_words"))
        let help = try record.whatWouldHelp.map {
            try cipher.open($0, for: SupportCase.binding(caseID, "what_would_help"))
        }
        let contact = try cipher.open(record.contact, for: SupportCase.binding(caseID, "contact"))
        try await context.audit(
            SupportAudit.caseReferralRead, resourceType: .supportCase, resourceID: caseID.uuidString,
            subject: record.clinicianID)
        return (words, help, contact)
    }
}
