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
        // Only the columns the queue shows, decoded from the rows (no model with its sealed text is loaded).
        let columns = [
            "id", "reference", "received_at", "first_contact_at", "state", "profession", "grade", "reasons",
            "said_at_risk",
        ]
        let found = try await filtered(sql.select().columns(columns.map { SQLColumn($0, table: SupportCase.schema) }))
            .orderBy("said_at_risk", .descending)
            .orderBy(SQLRaw("CASE WHEN first_contact_at IS NULL THEN 0 ELSE 1 END"), SQLDirection.ascending)
            .orderBy("received_at", .ascending).orderBy("id", .ascending)
            .limit(pageSize).offset(max(0, page - 1) * pageSize).all()
        let ids = try found.map { try $0.decode(column: "id", as: UUID.self) }
        // Who holds each case on the page, with their names, in one query.
        var holders: [UUID: [String]] = [:]
        var heldByViewer: Set<UUID> = []
        if !ids.isEmpty {
            let held = try await sql.select()
                .column(SQLColumn("case_id", table: "case_assignments"))
                .column(SQLColumn("person_id", table: "case_assignments"))
                .column(SQLColumn("display_name", table: "people"))
                .from("case_assignments")
                .join(
                    "people", on: SQLColumn("id", table: "people"), .equal,
                    SQLColumn("person_id", table: "case_assignments")
                )
                .where(SQLColumn("case_id", table: "case_assignments"), .in, SQLBind.group(ids))
                .all()
            for row in held {
                let caseID = try row.decode(column: "case_id", as: UUID.self)
                holders[caseID, default: []].append(try row.decode(column: "display_name", as: String.self))
                if try row.decode(column: "person_id", as: UUID.self) == context.actor?.personID {
                    heldByViewer.insert(caseID)
                }
            }
        }
        let rows = try found.map { row -> QueueRow in
            let id = try row.decode(column: "id", as: UUID.self)
            let received = try row.decode(column: "received_at", as: Date.self)
            let profession = try row.decode(column: "profession", as: String.self)
            let grade = try row.decode(column: "grade", as: String.self)
            return QueueRow(
                id: id, reference: try row.decode(column: "reference", as: String.self), received: received,
                due: clock.due(receivedAt: received),
                standing: clock.standing(
                    receivedAt: received, contactedAt: try row.decode(column: "first_contact_at", as: Date?.self),
                    now: now),
                state: CaseState(rawValue: try row.decode(column: "state", as: String.self)) ?? .referred,
                profession: Profession(rawValue: profession)?.title ?? profession,
                grade: Grade(rawValue: grade)?.title ?? grade,
                reasons: try row.decode(column: "reasons", as: String.self).split(separator: ",")
                    .compactMap { ReferralReason(rawValue: String($0)) },
                saidAtRisk: try row.decode(column: "said_at_risk", as: Bool.self),
                assignedTo: (holders[id] ?? []).sorted(), heldByViewer: heldByViewer.contains(id))
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
