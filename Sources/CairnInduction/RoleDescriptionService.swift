import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Role clarity (issue #17 item 3): role descriptions per role and department, versioned; a change is a new version
/// every new starter in the role acknowledges again.
package struct RoleDescriptionService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    /// The organisation's descriptions, by role and department (a handful; at most 200 shown).
    package func all() async throws -> [RoleDescription] {
        let actor = try context.requireActor()
        return try await RoleDescription.query(on: context.database).filter(\.$organisationID == actor.organisationID)
            .sort(\.$role).sort(\.$department).limit(200).all()
    }

    static let exists = "There is already a description for this role and department: change that one"

    /// A new description (a lead), or a refusal by field.
    package func create(_ draft: RoleDescriptionDraft, organisationID: UUID? = nil) async throws
        -> Result<RoleDescription, FormErrors>
    {
        let actor = try context.requireActor()
        let checked: RoleDescriptionDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let description = RoleDescription()
        description.id = context.newID()
        description.organisationID = organisationID ?? actor.organisationID
        description.role = checked.role
        description.department = checked.department
        description.duties = checked.duties
        description.limits = checked.limits
        description.whoToAsk = checked.whoToAsk
        description.version = 1
        description.updatedBy = actor.personID
        description.updatedAt = context.now
        do {
            try await context.transaction { context in
                try await description.create(on: context.database)
                try await context.audit(
                    InductionAudit.roleDescriptionWritten, resourceType: .roleDescription,
                    resourceID: description.id?.uuidString)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            var errors = FormErrors()
            errors.addConflict("department", Self.exists)
            return .failure(errors)
        }
        return .success(description)
    }

    static let moved = "The description was changed since you opened the page: check it and try again"

    /// Changes the words from the version read: a new version (role and department stay).
    package func change(_ description: RoleDescription, to draft: RoleDescriptionDraft, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        let actor = try context.requireActor()
        var draft = draft
        draft.role = description.role.rawValue
        draft.department = description.department
        let checked: RoleDescriptionDraft.Checked
        switch draft.checked() {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        var errors = FormErrors()
        guard let version, version == description.version else {
            errors.addConflict("duties", Self.moved)
            return .failure(errors)
        }
        let id = try description.requireID()
        let changed = try await context.transaction { context in
            let rows = try await (context.database as! any SQLDatabase).update(RoleDescription.schema)
                .set("duties", to: SQLBind(checked.duties)).set("limits", to: SQLBind(checked.limits))
                .set("who_to_ask", to: SQLBind(checked.whoToAsk)).set("version", to: SQLBind(version + 1))
                .set("updated_by", to: SQLBind(actor.personID)).set("updated_at", to: SQLBind(context.now))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await context.audit(
                InductionAudit.roleDescriptionWritten, resourceType: .roleDescription, resourceID: id.uuidString)
            return true
        }
        if !changed { errors.addConflict("duties", Self.moved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    /// The description that applies to an induction: its department's, else the organisation's for the role.
    package func applying(to induction: Induction) async throws -> RoleDescription? {
        let found = try await RoleDescription.query(on: context.database)
            .filter(\.$organisationID == induction.organisationID).filter(\.$role == induction.role)
            .filter(\.$department ~~ [induction.department, ""]).all()
        return found.first { $0.department == induction.department } ?? found.first { $0.department.isEmpty }
    }

    /// The latest version of the description the person acknowledged, if any.
    package func acknowledgedVersion(of description: RoleDescription, by personID: UUID) async throws -> Int? {
        try await RoleAcknowledgement.query(on: context.database).filter(\.$descriptionID == description.requireID())
            .filter(\.$personID == personID).max(\.$version)
    }

    /// The new starter acknowledges the version they read; a stale version is refused, a second time is harmless.
    package func acknowledge(_ description: RoleDescription, version: Int?) async throws -> Result<Void, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        guard let version, version == description.version else {
            errors.addConflict("acknowledge", "The description has changed since you read it: read it again")
            return .failure(errors)
        }
        if try await acknowledgedVersion(of: description, by: actor.personID) == version { return .success(()) }
        let acknowledgement = RoleAcknowledgement()
        acknowledgement.id = context.newID()
        acknowledgement.descriptionID = try description.requireID()
        acknowledgement.personID = actor.personID
        acknowledgement.version = version
        acknowledgement.acknowledgedAt = context.now
        do {
            try await context.transaction { context in
                try await acknowledgement.create(on: context.database)
                try await context.audit(
                    InductionAudit.roleDescriptionAcknowledged, resourceType: .roleDescription,
                    resourceID: description.id?.uuidString)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .success(())  // the same acknowledgement from another window
        }
        return .success(())
    }
}
