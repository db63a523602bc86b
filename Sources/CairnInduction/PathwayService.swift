import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// A person's road to GMC registration: the route, what they recorded, and what the core's rules make of it on
/// a day. The person alone writes it; a supervisor reads it only when it is shared (the gate decides).
package struct PathwayService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    /// The actor's own pathway, if they started one.
    package func mine() async throws -> RegistrationPathwayRecord? {
        let actor = try context.requireActor()
        return try await RegistrationPathwayRecord.query(on: context.database).filter(\.$personID == actor.personID)
            .first()
    }

    package func entries(of pathway: RegistrationPathwayRecord) async throws -> [PathwayEntryRecord] {
        try await PathwayEntryRecord.query(on: context.database).filter(\.$pathwayID == pathway.requireID())
            .sort(\.$day).sort(\.$recordedAt).all()
    }

    /// The pathway worked out today.
    package func status(of pathway: RegistrationPathwayRecord, entries: [PathwayEntryRecord]) -> PathwayStatus {
        PathwayStatus.evaluate(
            route: pathway.route, entries: entries.compactMap(\.entry), today: context.state.today)
    }

    static let pathwayMoved =
        "Your pathway was changed since you opened the page (perhaps in another window): check it and try again"

    /// Chooses the route (starting the pathway, or changing its route from the version read).
    package func choose(route text: String, version: Int?) async throws -> Result<RegistrationPathwayRecord, FormErrors>
    {
        let actor = try context.requireActor()
        var errors = FormErrors()
        guard let route = RegistrationRoute(rawValue: text) else {
            errors.add("route", "Choose the route you are taking to registration")
            return .failure(errors)
        }
        if let existing = try await mine() {
            guard version == existing.version else {
                errors.addConflict("route", Self.pathwayMoved)
                return .failure(errors)
            }
            let moved = try await bump(existing, version: existing.version) {
                $0.set("route", to: SQLBind(route.rawValue))
            }
            if !moved { errors.addConflict("route", Self.pathwayMoved) }
            return errors.isEmpty ? .success(existing) : .failure(errors)
        }
        let pathway = RegistrationPathwayRecord()
        pathway.id = context.newID()
        pathway.personID = actor.personID
        pathway.organisationID = actor.organisationID
        pathway.route = route
        pathway.sharedWithSupervisor = false
        pathway.nextWarningOn = context.state.today.description
        pathway.blockingStep = route.steps.first?.rawValue
        pathway.createdAt = context.now
        pathway.version = 1
        do {
            try await context.transaction { context in
                try await pathway.create(on: context.database)
                try await context.audit(
                    InductionAudit.pathwayStarted, resourceType: .registrationPathway,
                    resourceID: pathway.id?.uuidString, subject: actor.personID)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.addConflict("route", Self.pathwayMoved)
            return .failure(errors)
        }
        return .success(pathway)
    }

    /// Records a step's outcome on the actor's pathway.
    package func record(_ draft: PathwayEntryDraft, version: Int?) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        guard let pathway = try await mine() else {
            errors.addConflict("step", "Choose your route first")
            return .failure(errors)
        }
        let entry: PathwayEntry
        switch draft.checked(route: pathway.route, today: context.state.today) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): entry = value
        }
        guard version == pathway.version else {
            errors.addConflict("step", Self.pathwayMoved)
            return .failure(errors)
        }
        let count = try await PathwayEntryRecord.query(on: context.database).filter(\.$pathwayID == pathway.requireID())
            .count()
        if count >= 200 {
            errors.addConflict("step", "A pathway holds up to 200 entries")
            return .failure(errors)
        }
        let moved = try await bump(pathway, version: pathway.version) { update in
            update.set("next_warning_on", to: SQLBind(context.state.today.description))
        } then: { context in
            let record = PathwayEntryRecord()
            record.id = context.newID()
            record.pathwayID = try pathway.requireID()
            record.step = entry.step
            record.outcome = entry.outcome
            record.day = entry.day.description
            record.extraLearning = entry.extraLearning
            record.recordedAt = context.now
            try await record.create(on: context.database)
            try await PathwayService(context: context).keepBlockingStep(of: pathway.requireID())
            try await context.audit(
                InductionAudit.pathwayEntryRecorded, resourceType: .registrationPathway,
                resourceID: pathway.id?.uuidString, subject: pathway.personID)
        }
        if !moved { errors.addConflict("step", Self.pathwayMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// Shares the pathway with the supervisors of one's inductions, or stops sharing it.
    package func share(_ shared: Bool, version: Int?) async throws -> Result<Void, FormErrors> {
        var errors = FormErrors()
        guard let pathway = try await mine() else {
            errors.addConflict("shared", "Choose your route first")
            return .failure(errors)
        }
        guard version == pathway.version else {
            errors.addConflict("shared", Self.pathwayMoved)
            return .failure(errors)
        }
        let moved = try await bump(pathway, version: pathway.version) {
            $0.set("shared_with_supervisor", to: SQLBind(shared))
        } then: { context in
            try await context.audit(
                InductionAudit.pathwaySharingChanged, resourceType: .registrationPathway,
                resourceID: pathway.id?.uuidString, subject: pathway.personID, reason: shared ? "shared" : "private")
        }
        if !moved { errors.addConflict("shared", Self.pathwayMoved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// One conditional update of the pathway from `version`, with `then` in the same transaction.
    private func bump(
        _ pathway: RegistrationPathwayRecord, version: Int,
        _ set: @escaping @Sendable (SQLUpdateBuilder) -> SQLUpdateBuilder,
        then: (@Sendable (ServiceContext) async throws -> Void)? = nil
    ) async throws -> Bool {
        let id = try pathway.requireID()
        return try await context.transaction { context in
            let update = (context.database as! any SQLDatabase).update(RegistrationPathwayRecord.schema)
                .set("version", to: SQLBind(version + 1))
            let rows = try await set(update).where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version))
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            try await then?(context)
            return true
        }
    }

    /// Works the pathway out again and stores the step holding it up (for the figures), in the caller's transaction.
    package func keepBlockingStep(of pathwayID: UUID) async throws {
        guard let pathway = try await RegistrationPathwayRecord.find(pathwayID, on: context.database) else { return }
        let status = status(of: pathway, entries: try await entries(of: pathway))
        try await (context.database as! any SQLDatabase).update(RegistrationPathwayRecord.schema)
            .set("blocking_step", to: SQLBind(status.blocking?.rawValue)).where("id", .equal, SQLBind(pathwayID)).run()
    }

    // MARK: Warnings

    /// Sends the deadline warnings that have fallen due (90, 30 and 7 days ahead), each once, for the pathways whose
    /// next warning day has come (an index finds them; a round costs what it sends, not the number of pathways).
    package func sendDueWarnings(limit: Int = 200) async throws {
        let today = context.state.today
        let due = try await RegistrationPathwayRecord.query(on: context.database)
            .filter(\.$nextWarningOn != nil).filter(\.$nextWarningOn <= today.description).limit(limit).all()
        for pathway in due {
            let entries = try await entries(of: pathway)
            let status = status(of: pathway, entries: entries)
            let pathwayID = try pathway.requireID()
            try await context.transaction { context in
                let sent = try await PathwayWarning.query(on: context.database).filter(\.$pathwayID == pathwayID).all()
                var next: CalendarDay?
                for deadline in status.deadlines {
                    if let warning = deadline.warning,
                        !sent.contains(where: {
                            $0.kind == deadline.kind.rawValue && $0.closesOn == deadline.closesOn.description
                                && $0.days <= warning
                        })
                    {
                        // The tightest point reached, and every looser one with it: one email, never three at once.
                        for days in PathwayDeadline.warningDays where days >= warning {
                            let record = PathwayWarning()
                            record.id = context.newID()
                            record.pathwayID = pathwayID
                            record.kind = deadline.kind.rawValue
                            record.closesOn = deadline.closesOn.description
                            record.days = days
                            record.sentAt = context.now
                            if !sent.contains(where: {
                                $0.kind == record.kind && $0.closesOn == record.closesOn && $0.days == days
                            }) {
                                try await record.create(on: context.database)
                            }
                        }
                        try await tell(pathway, about: deadline, blocking: status.blocking, context: context)
                    }
                    // The next warning point, and the day the window closes (the blocking step may change then).
                    let points =
                        PathwayDeadline.warningDays.filter { deadline.daysLeft > $0 }
                        .map { deadline.closesOn.adding(days: -$0) } + [deadline.closesOn]
                    for point in points where next.map({ point < $0 }) ?? true { next = point }
                }
                try await (context.database as! any SQLDatabase).update(RegistrationPathwayRecord.schema)
                    .set("next_warning_on", to: SQLBind(next?.description))
                    .set("blocking_step", to: SQLBind(status.blocking?.rawValue)).where(
                        "id", .equal, SQLBind(pathwayID)
                    )
                    .run()
            }
        }
    }

    private func tell(
        _ pathway: RegistrationPathwayRecord, about deadline: PathwayDeadline, blocking: PathwayStep?,
        context: ServiceContext
    ) async throws {
        guard let person = try await Person.find(pathway.personID, on: context.database) else { return }
        let last = deadline.closesOn.adding(days: -1).longText
        try await Outbox.enqueue(
            to: person.email, subject: "\(deadline.kind.title) \(deadline.whenText)",
            body: """
                \(deadline.kind.title) \(deadline.whenText): the last day is \(last).
                \(blocking.map { "The step holding you up is: \($0.title)." } ?? "")

                Your registration pathway, with every date:
                \(context.link(.registrationPathway))
                """, now: context.now, on: context.database)
    }
}
