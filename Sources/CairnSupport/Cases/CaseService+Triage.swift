import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The triage queue, paged in SQL, and the unit's case managers.
extension CaseService {
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
}
