import CairnCore
import Fluent
import Foundation
import Vapor

/// Who stands in what relation to a case; the policy decides with this, never with roles alone.
enum CaseAccess {
    static func relationship(of actor: Actor, to record: SupportCase, now: Date, on database: any Database) async throws
        -> Policy.CaseRelationship
    {
        let caseID = try record.requireID()
        let holders = try await CaseAssignment.query(on: database).filter(\.$caseID == caseID).all().map(\.personID)
        return Policy.CaseRelationship(
            isAssignedCaseManager: holders.contains(actor.personID),
            isTheClinician: record.clinicianID == actor.personID,
            isSameOrganisation: record.organisationID == actor.organisationID,
            hasOpenBreakGlass: try await hasOpenBreakGlass(actor: actor, caseID: caseID, now: now, on: database),
            isAssignedToSomeone: !holders.isEmpty)
    }

    /// How long a break-glass opening lasts before the reason must be given again.
    static let breakGlassWindow: TimeInterval = 3600

    static func hasOpenBreakGlass(actor: Actor, caseID: UUID, now: Date, on database: any Database) async throws -> Bool
    {
        guard actor.roles.contains(.unitLead) || actor.roles.contains(.caseManager) else { return false }
        guard
            let latest = try await CaseEvent.query(on: database)
                .filter(\.$caseID == caseID).filter(\.$kind == .breakGlass).filter(\.$actorID == actor.personID)
                .sort(\.$occurredAt, .descending).first()
        else { return false }
        return now.timeIntervalSince(latest.occurredAt) < breakGlassWindow
    }

    static func assignedNames(caseID: UUID, on database: any Database) async throws -> [String] {
        let ids = try await CaseAssignment.query(on: database).filter(\.$caseID == caseID).all().map(\.personID)
        return try await Accounts.displayNames(of: ids, on: database).values.sorted()
    }

    /// Loads a case the actor may work on, or answers 404: a case someone may not see does not exist for them.
    static func requireWorkable(_ caseID: UUID?, request: Request, action: Action = .workOnCase) async throws
        -> SupportCase
    {
        let actor = try request.requireActor()
        guard let caseID, let record = try await SupportCase.find(caseID, on: request.db) else {
            throw Abort(.notFound)
        }
        let relationship = try await relationship(
            of: actor, to: record, now: request.application.cairn.collaborators.now(), on: request.db)
        guard Policy.decide(actor, action, on: .supportCase(relationship)) == .allow else {
            try await request.audit(
                action.rawValue, resourceType: "case", resourceID: caseID.uuidString, subject: record.clinicianID,
                outcome: .denied)
            throw Abort(.notFound)
        }
        return record
    }
}
