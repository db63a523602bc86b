import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// What the referring educator may hear, at introduction, midpoint and closure: written by the case manager,
/// shown to the educator only after the clinician agrees to those words (DOMAIN.md §1).
package final class EducatorUpdate: Model, @unchecked Sendable {
    package static let schema = "educator_updates"

    package enum Stage: String, Codable, Sendable, CaseIterable {
        case introduction, midpoint, closure

        package var title: String {
            switch self {
            case .introduction: "Introduction"
            case .midpoint: "Midpoint"
            case .closure: "Closure"
            }
        }
    }

    package enum Status: String, Codable, Sendable {
        case awaitingClinician = "awaiting_clinician"
        case approved
        case withheld
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Enum(key: "stage") package var stage: Stage
    /// Sealed.
    @Field(key: "body") package var body: String
    @Field(key: "written_by") package var writtenBy: UUID
    @Field(key: "written_at") package var writtenAt: Date
    @Enum(key: "status") package var status: Status
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}

    package func text(_ cipher: EnvelopeCipher) throws -> String {
        try cipher.open(body, for: .init(table: Self.schema, recordID: try requireID(), field: "body"))
    }
}

package struct EducatorUpdates {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    /// The educator's suggestion behind a case, when the clinician agreed that the educator may hear from us.
    package func sharingReferral(for record: SupportCase) async throws -> EducatorReferral? {
        guard record.shareWithEducator else { return nil }
        return try await EducatorReferral.query(on: context.database).filter(\.$caseID == record.requireID()).first()
    }

    package func all(for record: SupportCase) async throws -> [EducatorUpdate] {
        try await EducatorUpdate.query(on: context.database).filter(\.$caseID == record.requireID()).sort(\.$writtenAt)
            .all()
    }

    package struct Form: Content {
        package var stage: String?
        package var update: String?
    }

    package func draft(_ form: Form, for record: SupportCase) async throws -> FormErrors {
        var errors = FormErrors()
        guard try await sharingReferral(for: record) != nil else {
            errors.add("update", "The clinician has not agreed that the educator may hear from us")
            return errors
        }
        let stage = EducatorUpdate.Stage(rawValue: form.stage ?? "")
        let text = (form.update ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if stage == nil { errors.add("stage", "Select the stage this update is for") }
        if text.isEmpty { errors.add("update", "Enter the words you propose to share") }
        if text.count > 2_000 { errors.add("update", "An update must be 2,000 characters or fewer") }
        guard errors.isEmpty, let stage, let clinician = try await Person.find(record.clinicianID, on: context.database)
        else {
            return errors
        }
        let update = EducatorUpdate()
        update.id = state.collaborators.newID()
        update.caseID = try record.requireID()
        update.stage = stage
        update.body = try state.cipher.seal(
            text, for: .init(table: EducatorUpdate.schema, recordID: update.id!, field: "body"))
        update.writtenBy = try context.requireActor().personID
        update.writtenAt = now
        update.status = .awaitingClinician
        try await context.database.transaction { database in
            try await update.create(on: database)
            try await Outbox.enqueue(
                to: clinician.email, subject: "Please check an update for your educator",
                body: """
                    Hello \(clinician.displayName),

                    Your case manager has written an update for the educator who suggested you ask for support.
                    Nothing is shared unless you agree. Read it and decide at:

                    \(context.link(.myCase(try record.requireID())))
                    """, now: now, on: database)
            try await context.audit(
                SupportAudit.educatorUpdateDrafted, resourceType: .educatorUpdate, resourceID: update.id?.uuidString,
                subject: record.clinicianID, on: database)
        }
        return errors
    }

    /// The clinician agrees to, or withholds, an update waiting on their case.
    package func decide(updateID: UUID?, on record: SupportCase, approve: Bool) async throws {
        guard let updateID, let update = try await EducatorUpdate.find(updateID, on: context.database),
            update.caseID == (try record.requireID()), update.status == .awaitingClinician
        else { throw Abort(.notFound) }
        // Once only: a second decision at the same moment (page and API, two tabs) finds it decided: a 409.
        let decided = try await (context.database as! any SQLDatabase).update(EducatorUpdate.schema)
            .set("status", to: SQLBind((approve ? EducatorUpdate.Status.approved : .withheld).rawValue))
            .set("decided_at", to: SQLBind(now)).where("id", .equal, SQLBind(updateID))
            .where("status", .equal, SQLBind(EducatorUpdate.Status.awaitingClinician.rawValue)).returning("id").all()
        guard !decided.isEmpty else { throw Abort(.conflict, reason: "This update has already been decided.") }
        try await context.audit(
            approve ? SupportAudit.educatorUpdateApproved : SupportAudit.educatorUpdateWithheld,
            resourceType: .educatorUpdate,
            resourceID: updateID.uuidString, subject: record.clinicianID)
    }

    /// What an educator sees of the cases they suggested: approved words only.
    package func approved(forCase caseID: UUID) async throws -> [(stage: String, text: String)] {
        try await EducatorUpdate.query(on: context.database).filter(\.$caseID == caseID).filter(\.$status == .approved)
            .sort(\.$writtenAt).all().map { ($0.stage.title, try $0.text(state.cipher)) }
    }
}
