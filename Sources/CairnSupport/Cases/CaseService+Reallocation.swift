import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
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
            try await recordAssignment(
                record, to: personID, on: database, kind: .reallocated, audit: .caseReallocated)
            return .success(())
        }
    }

    /// The open cases one case manager holds, for the unit lead deciding what to move: structured columns only
    /// (the same query as their caseload, without unread counts, which are theirs).
    package func holdings(of personID: UUID, page: Int, pageSize: Int) async throws -> Caseload {
        try await caseload(of: personID, state: nil, search: nil, page: page, pageSize: pageSize)
    }
}
