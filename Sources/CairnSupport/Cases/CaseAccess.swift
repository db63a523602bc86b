import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Who stands in what relation to a case; the policy decides with this, never with roles alone.
package enum CaseAccess {
    package static func relationship(of actor: Actor, to record: SupportCase, now: Date, on database: any Database)
        async throws
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
    package static let breakGlassWindow: TimeInterval = 3600

    package static func hasOpenBreakGlass(actor: Actor, caseID: UUID, now: Date, on database: any Database) async throws
        -> Bool
    {
        guard actor.roles.contains(.unitLead) || actor.roles.contains(.caseManager) else { return false }
        guard
            let latest = try await CaseEvent.query(on: database)
                .filter(\.$caseID == caseID).filter(\.$kind == .breakGlass).filter(\.$actorID == actor.personID)
                .sort(\.$occurredAt, .descending).first()
        else { return false }
        return now.timeIntervalSince(latest.occurredAt) < breakGlassWindow
    }

    package static func assignedNames(caseID: UUID, on database: any Database) async throws -> [String] {
        try await assignedNames(caseIDs: [caseID], on: database)[caseID] ?? []
    }

    /// The names of who holds each of `caseIDs` (sorted), in two queries whatever their number (a page of a list).
    package static func assignedNames(caseIDs: [UUID], on database: any Database) async throws -> [UUID: [String]] {
        guard !caseIDs.isEmpty else { return [:] }
        let assignments = try await CaseAssignment.query(on: database).filter(\.$caseID ~~ caseIDs).all()
        let names = try await Accounts.displayNames(of: Set(assignments.map(\.personID)), on: database)
        var holders: [UUID: [String]] = [:]
        for assignment in assignments {
            if let name = names[assignment.personID] { holders[assignment.caseID, default: []].append(name) }
        }
        return holders.mapValues { $0.sorted() }
    }

    /// What a refused actor sees at a case route, instead of the 404 that says nothing.
    package enum Refusal: Sendable {
        /// A 404.
        case nothing
        /// A unit lead or another case manager is offered to open the case with a reason (or to take an open
        /// request nobody holds); nobody else learns the case exists.
        case offerToBreakTheGlass
        /// Someone already holds the request: a 409 that says so, for the unit's case managers only.
        case takenBySomeoneElse
    }

    package static let alreadyYours = Abort(
        .conflict, reason: "You already hold this request: it is in your caseload (/cases).")

    package static let alreadyTaken = Abort(
        .conflict,
        reason: "Another case manager has already taken this request. To join it, open it and give your reason.")

    /// How a case route finds its case and how an actor stands to it; `PolicyGate` decides with it.
    /// `inStates` limits the cases the route can reach at all (a request read for triage must still be waiting).
    package static func loader(
        parameter: String = "caseID", refusal: Refusal = .nothing, inStates: Set<CaseState>? = nil
    )
        -> RecordLoader
    {
        .of(
            SupportCase.self, parameter: parameter,
            load: { id, request in
                guard let record = try await SupportCase.find(id, on: request.db) else { return nil }
                if let inStates, !inStates.contains(record.state) { return nil }
                return record
            },
            standing: { record, actor, request in
                .supportCase(
                    try await relationship(
                        of: actor, to: record, now: request.application.cairn.collaborators.now(), on: request.db))
            },
            describe: { .init(type: .supportCase, id: $0.id?.uuidString ?? "", subject: $0.clinicianID) },
            refusal: { record, actor, request in
                let now = request.application.cairn.collaborators.now()
                let relation = try await relationship(of: actor, to: record, now: now, on: request.db)
                switch refusal {
                case .nothing:
                    return nil
                case .takenBySomeoneElse:
                    guard relation.isSameOrganisation, relation.isAssignedToSomeone, actor.roles.contains(.caseManager)
                    else { return nil }
                    throw relation.isAssignedCaseManager ? alreadyYours : alreadyTaken
                case .offerToBreakTheGlass:
                    guard Policy.decide(actor, .openCaseByBreakingGlass, on: .supportCase(relation)) == .allow else {
                        return nil
                    }
                    let mayTake =
                        record.state.isOpen
                        && Policy.decide(actor, .takeReferral, on: .supportCase(relation)) == .allow
                    let page = BreakGlassPage.render(
                        caseID: try record.requireID(), reference: record.reference, csrf: request.csrfToken,
                        mayTake: mayTake)
                    return try await request.page("This case is not assigned to you", page).encodeResponse(
                        for: request)
                }
            })
    }
}
