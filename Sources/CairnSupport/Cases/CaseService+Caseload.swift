import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// A case manager's open cases, and the unit's load per case manager: read and paged in SQL, whatever the size.
extension CaseService {
    package struct CaseloadRow: Sendable {
        package var id: UUID
        package var reference: String
        package var clinician: String
        package var state: CaseState
        package var received: Date
        package var standing: FirstContactClock.Standing
        package var due: CalendarDay
        package var saidAtRisk: Bool
        /// When the clinician last wrote, if they have.
        package var lastFromClinician: Date?
        /// How many of the clinician's messages the viewer has not been shown yet.
        package var unread: Int
        /// The earliest review date of the plan's items still in play (proposed, agreed, in progress).
        package var nextReview: CalendarDay?
    }

    package struct Caseload: Sendable {
        package var rows: [CaseloadRow]
        package var total: Int
    }

    package static let openStates: [CaseState] = CaseState.allCases.filter(\.isOpen)

    /// The open cases `personID` holds: at risk first, then not yet contacted, then those the clinician wrote in
    /// most recently, then oldest. `search` matches a reference (with or without its dash) or part of a name.
    package func caseload(of personID: UUID, state: CaseState?, search: String?, page: Int, pageSize: Int) async throws
        -> Caseload
    {
        guard let organisation = self.state.organisation else { return Caseload(rows: [], total: 0) }
        let sql = context.database as! any SQLDatabase
        let states = state.map { [$0] } ?? Self.openStates
        func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = select.from(SupportCase.schema)
                .join(
                    "case_assignments", on: SQLColumn("case_id", table: "case_assignments"), .equal,
                    SQLColumn("id", table: "cases")
                )
                .join("people", on: SQLColumn("id", table: "people"), .equal, SQLColumn("clinician_id", table: "cases"))
                .where(SQLColumn("organisation_id", table: "cases"), .equal, SQLBind(organisation.id))
                .where(SQLColumn("person_id", table: "case_assignments"), .equal, SQLBind(personID))
                .where(SQLColumn("state", table: "cases"), .in, SQLBind.group(states.map(\.rawValue)))
            if let search, !search.isEmpty {
                let letters = search.uppercased().filter { $0.isLetter || $0.isNumber }
                let reference =
                    letters.count == 8 ? String(letters.prefix(4)) + "-" + String(letters.suffix(4)) : search
                // LIKE's wildcards are taken out of what was typed rather than escaped: SQLite and PostgreSQL escape
                // differently, and names do not hold them.
                let words = search.lowercased().filter { $0 != "%" && $0 != "_" && $0 != "\\" }
                query = query.where { group in
                    group.where(SQLColumn("reference", table: "cases"), .equal, SQLBind(reference))
                        .orWhere(
                            SQLBinaryExpression(
                                SQLFunction("LOWER", args: SQLColumn("display_name", table: "people")), .like,
                                SQLBind("%" + words + "%")))
                }
            }
            return query
        }
        let counted = SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("total"))
        let total = try await filtered(sql.select().column(counted)).first()?.decode(column: "total", as: Int.self) ?? 0
        let lastFromClinician = SQLAlias(
            SQLRaw(
                "(SELECT MAX(m.created_at) FROM case_messages m WHERE m.case_id = cases.id AND m.sender_id = cases.clinician_id)"
            ), as: SQLIdentifier("last_from_clinician"))
        let nextReview = SQLAlias(
            SQLRaw(
                "(SELECT MIN(p.review_on) FROM plan_items p WHERE p.case_id = cases.id AND p.review_on IS NOT NULL"
                    + " AND p.status IN ('proposed', 'agreed', 'in_progress'))"
            ), as: SQLIdentifier("next_review"))
        // Only the columns the page shows, decoded from the rows (no model with its sealed text is loaded).
        let columns = ["id", "reference", "state", "received_at", "first_contact_at", "said_at_risk"].map {
            SQLColumn($0, table: SupportCase.schema)
        }
        let unread = SQLAlias(CaseRead.unreadCount(by: personID), as: SQLIdentifier("unread"))
        let rows = try await filtered(
            sql.select().columns(columns).column(SQLColumn("display_name", table: "people"))
                .column(lastFromClinician).column(nextReview).column(unread)
        )
        .orderBy(SQLColumn("said_at_risk", table: "cases"), SQLDirection.descending)
        .orderBy(SQLRaw("CASE WHEN cases.first_contact_at IS NULL THEN 0 ELSE 1 END"), SQLDirection.ascending)
        .orderBy(SQLRaw("last_from_clinician"), SQLDirection.descending)
        .orderBy(SQLColumn("received_at", table: "cases"), SQLDirection.ascending)
        .orderBy(SQLColumn("id", table: "cases"), SQLDirection.ascending)
        .limit(pageSize).offset(max(0, page - 1) * pageSize).all()
        return Caseload(
            rows: try rows.map { row in
                let received = try row.decode(column: "received_at", as: Date.self)
                return CaseloadRow(
                    id: try row.decode(column: "id", as: UUID.self),
                    reference: try row.decode(column: "reference", as: String.self),
                    clinician: try row.decode(column: "display_name", as: String.self),
                    state: CaseState(rawValue: try row.decode(column: "state", as: String.self)) ?? .referred,
                    received: received,
                    standing: clock.standing(
                        receivedAt: received, contactedAt: try row.decode(column: "first_contact_at", as: Date?.self),
                        now: now),
                    due: clock.due(receivedAt: received),
                    saidAtRisk: try row.decode(column: "said_at_risk", as: Bool.self),
                    lastFromClinician: try row.decode(column: "last_from_clinician", as: Date?.self),
                    unread: try row.decode(column: "unread", as: Int.self),
                    nextReview: try row.decode(column: "next_review", as: String?.self).flatMap(CalendarDay.init(iso:)))
            }, total: total)
    }

    package struct TeamLoad: Sendable {
        package var personID: UUID
        package var name: String
        package var open: Int
        package var atRisk: Int
        /// No longer an active case manager here, but still holding open cases (they need moving).
        package var departed = false
    }

    /// Each case manager of the unit with how many open cases they hold (and how many of those said at risk),
    /// counted in SQL. Case managers holding none are listed too.
    package func teamLoad() async throws -> [TeamLoad] {
        guard let organisation = self.state.organisation else { return [] }
        let sql = context.database as! any SQLDatabase
        let counts = try await sql.select()
            .column(SQLColumn("person_id", table: "case_assignments"))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("open")))
            .column(
                SQLAlias(
                    SQLRaw("SUM(CASE WHEN cases.said_at_risk THEN 1 ELSE 0 END)"), as: SQLIdentifier("at_risk"))
            )
            .from("case_assignments")
            .join(
                SupportCase.schema, on: SQLColumn("id", table: "cases"), .equal,
                SQLColumn("case_id", table: "case_assignments")
            )
            .where(SQLColumn("organisation_id", table: "cases"), .equal, SQLBind(organisation.id))
            .where(SQLColumn("state", table: "cases"), .in, SQLBind.group(Self.openStates.map(\.rawValue)))
            .groupBy(SQLColumn("person_id", table: "case_assignments")).all()
        var byPerson: [UUID: (Int, Int)] = [:]
        for row in counts {
            byPerson[try row.decode(column: "person_id", as: UUID.self)] = (
                try row.decode(column: "open", as: Int.self), try row.decode(column: "at_risk", as: Int?.self) ?? 0
            )
        }
        let managers = try await caseManagers()
        let active = Set(managers.map(\.id))
        let departedIDs = byPerson.keys.filter { !active.contains($0) }
        let departed = try await Accounts.displayNames(of: Set(departedIDs), on: context.database)
        return managers.map { manager in
            TeamLoad(
                personID: manager.id, name: manager.name, open: byPerson[manager.id]?.0 ?? 0,
                atRisk: byPerson[manager.id]?.1 ?? 0)
        }
            + departedIDs.map { id in
                TeamLoad(
                    personID: id, name: departed[id] ?? "Former colleague", open: byPerson[id]?.0 ?? 0,
                    atRisk: byPerson[id]?.1 ?? 0, departed: true)
            }.sorted { $0.name < $1.name }
    }
}
