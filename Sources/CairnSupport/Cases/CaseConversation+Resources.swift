import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Guides and events in a support plan (issue #19 item 6): a case manager finds them through the features that own
/// them (`Feature.planResources`) and adds one as a plan item that points to it. Support imports neither feature:
/// the plan keeps a kind and an id, and asks the features what they are each time it is shown.
extension CaseConversation {
    /// How many of each feature's offers a search shows.
    package static let resourceOffers = 10

    /// What may be added to the case's plan: each feature's guides or events best matching the words, or (no words)
    /// those for the reasons the clinician gave.
    package func resourceOffers(for record: SupportCase, query: SearchQuery) async throws -> [PlanResource] {
        var offers: [PlanResource] = []
        for feature in state.features {
            offers += try await feature.planResources(
                matching: query, reasons: record.reasons, limit: Self.resourceOffers, context: context)
        }
        return offers
    }

    /// The guides and events the plan's items point to, as their features describe them now.
    package func resources(of items: [PlanItem]) async throws -> [PlanResourceReference: PlanResource] {
        try await resources(items.compactMap(\.resource))
    }

    /// These guides and events, as their features describe them now (an unknown one is left out).
    package func resources(_ references: [PlanResourceReference]) async throws
        -> [PlanResourceReference: PlanResource]
    {
        guard !references.isEmpty else { return [:] }
        var found: [PlanResourceReference: PlanResource] = [:]
        for feature in state.features {
            for resource in try await feature.planResources(references, context: context) {
                found[resource.reference] = resource
            }
        }
        return found
    }

    /// Adds the guide or event to the plan as a proposed item of its kind's intervention. Refused (each with the
    /// field `resource`): nothing chosen or nothing by that id (422); the case closed, the guide withdrawn or the
    /// event past or cancelled, or already in the plan and not cancelled (409, the record's state).
    package func addResource(_ reference: PlanResourceReference?, to record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        guard let reference else {
            errors.add("resource", "Choose a guide or an event to add")
            return errors
        }
        guard record.state.isOpen else {
            errors.addConflict("resource", "This case has closed: its plan can no longer change")
            return errors
        }
        guard let resource = try await resources([reference])[reference] else {
            errors.add("resource", "There is no such \(reference.kind.title.lowercased()) to add")
            return errors
        }
        guard resource.isOpen else {
            // Not named: a draft or another organisation's event is not the case manager's to read.
            errors.addConflict(
                "resource",
                reference.kind == .libraryItem
                    ? "That guide is not published for members, so it cannot be suggested"
                    : "That event has passed, was cancelled or is not open to members, so it cannot be suggested")
            return errors
        }
        let caseID = try record.requireID()
        return try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            // Two case managers adding the same guide at once: the case's row lock orders them on PostgreSQL;
            // SQLite's single writer already does.
            if case .postgres = context.configuration.database {
                try await sql.raw("SELECT id FROM cases WHERE id = \(bind: caseID) FOR UPDATE").run()
            }
            var errors = FormErrors()
            let already = try await PlanItem.query(on: context.database).filter(\.$caseID == caseID)
                .filter(\.$resourceID == reference.id).filter(\.$status != .cancelled).count()
            guard already == 0 else {
                errors.addConflict("resource", "\(resource.title) is already in the plan")
                return errors
            }
            let item = PlanItem()
            item.id = context.newID()
            item.caseID = caseID
            item.intervention = reference.kind.intervention.rawValue
            item.status = .proposed
            item.provider = String(resource.title.prefix(160))
            item.costPence = 0
            item.createdAt = context.now
            item.version = 1
            item.resourceKind = reference.kind.rawValue
            item.resourceID = reference.id
            try await item.create(on: context.database)
            try await context.audit(
                SupportAudit.planItemAdded, resourceType: .planItem, resourceID: item.id?.uuidString,
                subject: record.clinicianID)
            return errors
        }
    }
}
