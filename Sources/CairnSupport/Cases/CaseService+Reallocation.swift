import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The unit lead moves a case from one case manager to another (issue #13 item 2): a case manager leaving, away or
/// carrying too much. The one it leaves no longer reaches it; the one it goes to holds it from then on.
extension CaseService {
    package enum ReallocationRefusal: Error, Equatable {
        /// No such open case in the lead's organisation.
        case notFound
        /// The person chosen is not one of the organisation's active case managers, or is the lead.
        case notAnAssignee
        /// The case manager it was to be taken from no longer holds it (someone moved it first, or never did).
        case notHeldByThem
        /// The person chosen already holds it.
        case alreadyHeld
    }

    /// Moves an open case from `previous` (one of its holders) to `personID`. Decided by the same rule as
    /// allocating (`reallocateCase`), inside the case's row lock, so two leads moving one case at once make one move
    /// and a 409. Audited (`case_reallocated`) and on the case's timeline; nobody reads the case's content here.
    package func reallocate(caseID: UUID, from previous: UUID, to personID: UUID) async throws
        -> Result<Void, ReallocationRefusal>
    {
        guard let record = try await SupportCase.find(caseID, on: context.database), record.state.isOpen else {
            return .failure(.notFound)
        }
        switch try await decideAllocation(.reallocateCase, of: record, to: personID) {
        case nil: break
        case .notFound?: return .failure(.notFound)
        case .some: return .failure(.notAnAssignee)
        }
        return try await context.database.transaction { database in
            guard try await Self.lockOpenCase(caseID, on: database) else { return .failure(.notFound) }
            let holders = try await CaseAssignment.query(on: database).filter(\.$caseID == caseID).all()
            guard let leaving = holders.first(where: { $0.personID == previous }) else {
                return .failure(.notHeldByThem)
            }
            guard !holders.contains(where: { $0.personID == personID }) else { return .failure(.alreadyHeld) }
            try await leaving.delete(on: database)
            // The audit says whom it left and whom it went to (ids only; the event seals the one it went to).
            try await recordAssignment(
                record, to: personID, on: database, kind: .reallocated, audit: .caseReallocated,
                auditReason: "from \(previous.uuidString.lowercased()) to \(personID.uuidString.lowercased())")
            return .success(())
        }
    }

    /// Someone whose cases the lead may look at and move: an active case manager of the organisation, or anyone who
    /// still holds an open case here (a case manager who has left or lost the role: their cases must not be lost).
    package func holder(_ personID: UUID) async throws -> (id: UUID, name: String, active: Bool)? {
        if let manager = try await caseManagers().first(where: { $0.id == personID }) {
            return (manager.id, manager.name, true)
        }
        guard let organisation = state.organisation,
            let person = try await Person.find(personID, on: context.database)
        else { return nil }
        let holds = try await (context.database as! any SQLDatabase).select().column(SQLLiteral.numeric("1"))
            .from("case_assignments")
            .join(
                SupportCase.schema, on: SQLColumn("id", table: "cases"), .equal,
                SQLColumn("case_id", table: "case_assignments")
            )
            .where(SQLColumn("person_id", table: "case_assignments"), .equal, SQLBind(personID))
            .where(SQLColumn("organisation_id", table: "cases"), .equal, SQLBind(organisation.id))
            .where(SQLColumn("state", table: "cases"), .in, SQLBind.group(Self.openStates.map(\.rawValue)))
            .limit(1).first()
        return holds == nil ? nil : (personID, person.displayName, false)
    }

    /// The open cases one case manager holds, for the unit lead deciding what to move (the same query as their
    /// caseload; the page and the API show only its structured columns).
    package func holdings(of personID: UUID, page: Int, pageSize: Int) async throws -> Caseload {
        try await caseload(of: personID, state: nil, search: nil, page: page, pageSize: pageSize)
    }
}
