import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// An educator's suggestion that a clinician ask for support (issue #6, item 2). The clinician is told and decides;
/// the educator learns only that it was sent, and that the unit received it if the clinician went ahead.
package final class EducatorReferral: Model, @unchecked Sendable {
    package static let schema = "educator_referrals"

    package enum Status: String, Codable, Sendable {
        case waiting
        case confirmed
        case declined
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "educator_id") package var educatorID: UUID
    /// Normalised, to match the clinician's account.
    @Field(key: "clinician_email") package var clinicianEmail: String
    @Field(key: "clinician_name") package var clinicianName: String
    @Field(key: "reasons") package var reasonNames: String
    /// Sealed: the educator's words to the unit, seen by the clinician and, once a case opens, its case managers.
    @OptionalField(key: "note") package var note: String?
    @Enum(key: "status") package var status: Status
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}

    package var reasons: [ReferralReason] {
        reasonNames.split(separator: ",").compactMap { ReferralReason(rawValue: String($0)) }
    }

    /// What the educator may know: never whether the clinician declined, only whether the unit received it.
    package var educatorsView: String { caseID == nil ? "Sent to them" : "Received by the unit" }
}

package struct EducatorReferralService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    package struct Form: Content {
        package var clinicianName: String?
        package var clinicianEmail: String?
        package var reasons: [String]?
        package var note: String?
        package var theyKnow: [String]?
    }

    package func suggest(_ form: Form) async throws -> FormErrors {
        switch try await send(form) {
        case .success: FormErrors()
        case .failure(let errors): errors
        }
    }

    /// The suggestion, sent to the clinician (by email, matched to their account by address), or what is wrong.
    package func send(_ form: Form) async throws -> Result<EducatorReferral, FormErrors> {
        let actor = try context.requireActor()
        var errors = FormErrors()
        let name = (form.clinicianName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form.clinicianEmail ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let reasons = (form.reasons ?? []).compactMap(ReferralReason.init(rawValue:))
        if name.isEmpty || name.count > 120 { errors.add("clinicianName", "Enter the clinician's name") }
        if !Accounts.isPlausibleEmail(email) {
            errors.add("clinicianEmail", "Enter the clinician's email address, like name@example.org")
        }
        if reasons.isEmpty { errors.add("reasons", "Select at least one reason") }
        if (form.note ?? "").count > 2_000 { errors.add("note", "The note must be 2,000 characters or fewer") }
        if form.theyKnow?.contains("yes") != true {
            errors.add("theyKnow", "Confirm the clinician knows and agrees that you are suggesting this")
        }
        guard errors.isEmpty, let organisation = state.organisation else { return .failure(errors) }
        let suggestion = EducatorReferral()
        suggestion.id = state.collaborators.newID()
        suggestion.organisationID = organisation.id
        suggestion.educatorID = actor.personID
        suggestion.clinicianEmail = Person.normalise(email: email)
        suggestion.clinicianName = name
        suggestion.reasonNames = reasons.map(\.rawValue).joined(separator: ",")
        suggestion.note = try form.note?.nonBlank.map {
            try state.cipher.seal(
                $0, for: .init(table: EducatorReferral.schema, recordID: suggestion.id!, field: "note"))
        }
        suggestion.status = .waiting
        suggestion.createdAt = now
        try await context.database.transaction { database in
            try await suggestion.create(on: database)
            try await Outbox.enqueue(
                to: email, subject: "A colleague suggested you ask for support",
                body: """
                    Hello \(name),

                    \(actor.displayName) has suggested that the professional support unit could help you. Nothing
                    has been opened and nothing is shared unless you choose. If you would like support, sign in
                    (or create an account with this email address) and confirm at:

                    \(context.link(.mySupport))
                    """, now: now, on: database)
            try await context.audit(
                SupportAudit.educatorReferralSent, resourceType: .educatorReferral,
                resourceID: suggestion.id?.uuidString,
                on: database)
        }
        return .success(suggestion)
    }

    /// Suggestions waiting for the signed-in person, matched by their email address.
    package func waiting(for personID: UUID) async throws -> [EducatorReferral] {
        guard let person = try await Person.find(personID, on: context.database) else { return [] }
        return try await EducatorReferral.query(on: context.database)
            .filter(\.$clinicianEmail == person.emailNormalised).filter(\.$status == .waiting).sort(\.$createdAt)
            .limit(50).all()
    }

    /// The suggestion, only if it was made to the signed-in person.
    /// How a suggestion's route finds it: one still waiting, belonging to the person it was addressed to (the gate
    /// decides with `.ownedBy`).
    package static func loader(parameter: String = "suggestionID") -> RecordLoader {
        .of(
            EducatorReferral.self, parameter: parameter,
            load: { id, request in
                guard let suggestion = try await EducatorReferral.find(id, on: request.db),
                    suggestion.status == .waiting
                else { return nil }
                return suggestion
            },
            standing: { suggestion, _, request in
                let addressee = try await Person.query(on: request.db)
                    .filter(\.$emailNormalised == suggestion.clinicianEmail).first()?.id
                return .ownedBy(addressee ?? UUID())
            },
            describe: { .init(type: .educatorReferral, id: $0.id?.uuidString ?? "", subject: nil) })
    }

    /// Confirming starts the clinician's own referral with the suggested reasons; the case opens when they send it.
    package func confirm(_ suggestion: EducatorReferral) async throws {
        let actor = try context.requireActor()
        let referrals = ReferralService(context: context)
        try await claim(suggestion, as: .confirmed)
        var (_, answers) = try await referrals.draft(for: actor.personID)
        answers.reasons = Array(Set((answers.reasons ?? []) + suggestion.reasons.map(\.rawValue))).sorted()
        answers.suggestionID = try suggestion.requireID().uuidString
        try await referrals.save(answers, for: actor.personID)
        try await context.audit(
            SupportAudit.educatorReferralConfirmed, resourceType: .educatorReferral,
            resourceID: suggestion.id?.uuidString,
            subject: actor.personID)
    }

    /// Saying yes through the API: the request for support it suggested, sent at once, with the suggestion's
    /// reasons joined to those given. The suggestion is claimed first (only one answer wins: a second is a
    /// conflict), and the case opens linked to it, so the educator learns only that the unit received it.
    package func confirm(_ suggestion: EducatorReferral, sending answers: SelfReferral) async throws
        -> Result<SupportCase, FormErrors>
    {
        let actor = try context.requireActor()
        var answers = answers
        answers.reasons = Array(Set((answers.reasons ?? []) + suggestion.reasons.map(\.rawValue))).sorted()
        answers.suggestionID = try suggestion.requireID().uuidString
        let errors = ReferralService.problems(in: answers)
        guard errors.isEmpty else { return .failure(errors) }
        let id = try suggestion.requireID()
        let context = self.context
        let complete = answers
        let now = self.now
        return try await context.database.transaction { database in
            // Answers to one suggestion take turns (its row lock on PostgreSQL; SQLite's write transaction holds
            // the database): the second finds it answered.
            try await (database as! any SQLDatabase).update(EducatorReferral.schema)
                .set("id", to: SQLColumn("id")).where("id", .equal, SQLBind(id)).run()
            guard let fresh = try await EducatorReferral.find(id, on: database), fresh.status == .waiting else {
                var conflict = FormErrors()
                conflict.addConflict("suggestion", "This suggestion has already been answered.")
                return .failure(conflict)
            }
            fresh.status = .confirmed
            fresh.decidedAt = now
            try await fresh.update(on: database)
            let record = try await ReferralService(context: context.on(database)).open(complete, for: actor.personID)
            try await context.audit(
                SupportAudit.educatorReferralConfirmed, resourceType: .educatorReferral,
                resourceID: id.uuidString, subject: actor.personID, on: database)
            return .success(record)
        }
    }

    /// One answer wins: the suggestion moves from waiting only if it is still waiting (a second answer, from any
    /// page, the API or another tab, is a 409 and changes nothing).
    private func claim(_ suggestion: EducatorReferral, as status: EducatorReferral.Status) async throws {
        let claimed = try await (context.database as! any SQLDatabase).update(EducatorReferral.schema)
            .set("status", to: SQLBind(status.rawValue)).set("decided_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try suggestion.requireID()))
            .where("status", .equal, SQLBind(EducatorReferral.Status.waiting.rawValue)).returning("id").all()
        guard !claimed.isEmpty else { throw Abort(.conflict, reason: "This suggestion has already been answered.") }
        suggestion.status = status
        suggestion.decidedAt = now
    }

    package func decline(_ suggestion: EducatorReferral) async throws {
        try await claim(suggestion, as: .declined)
        try await context.audit(
            SupportAudit.educatorReferralDeclined, resourceType: .educatorReferral,
            resourceID: suggestion.id?.uuidString)
    }

    /// One page of an educator's suggestions, newest first, 100 to a page.
    package func made(by educatorID: UUID, page: Int) async throws -> [EducatorReferral] {
        try await EducatorReferral.query(on: context.database).filter(\.$educatorID == educatorID)
            .sort(\.$createdAt, .descending).sort(\.$id).range(((page - 1) * 100)..<(page * 100)).all()
    }

    package func made(by educatorID: UUID) async throws -> [EducatorReferral] {
        try await EducatorReferral.query(on: context.database).filter(\.$educatorID == educatorID).sort(
            \.$createdAt, .descending
        ).all()
    }
}
