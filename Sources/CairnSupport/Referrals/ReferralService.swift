import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Drafts, saves and submits self-referrals. The draft is sealed (it holds the clinician's own words) and kept
/// after every page, so nothing is lost if they stop half way or press back.
package struct ReferralService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    package func draft(for personID: UUID) async throws -> (ReferralDraft?, SelfReferral) {
        guard let draft = try await ReferralDraft.query(on: context.database).filter(\.$personID == personID).first()
        else {
            return (nil, SelfReferral())
        }
        let text = try state.cipher.open(draft.answers, for: Self.binding(personID))
        let answers = (try? JSONDecoder().decode(SelfReferral.self, from: Data(text.utf8))) ?? SelfReferral()
        return (draft, answers)
    }

    package func save(_ answers: SelfReferral, for personID: UUID) async throws {
        let (existing, _) = try await draft(for: personID)
        let sealed = try state.cipher.seal(
            String(decoding: try JSONEncoder().encode(answers), as: UTF8.self), for: Self.binding(personID))
        let draft = existing ?? ReferralDraft()
        draft.personID = personID
        draft.answers = sealed
        draft.updatedAt = now
        try await draft.save(on: context.database)
    }

    /// Deletes the person's unfinished request, leaving nothing of it (audited without its content).
    package func discard(for personID: UUID) async throws {
        try await context.database.transaction { database in
            let deleted = try await ReferralDraft.query(on: database).filter(\.$personID == personID).count()
            try await ReferralDraft.query(on: database).filter(\.$personID == personID).delete()
            if deleted > 0 {
                try await context.audit(
                    SupportAudit.referralDraftDiscarded, resourceType: .referralDraft, subject: personID, on: database)
            }
        }
    }

    package static func binding(_ personID: UUID) -> EnvelopeCipher.Binding {
        .init(table: ReferralDraft.schema, recordID: personID, field: "answers")
    }

    package enum SubmitOutcome {
        case incomplete(SelfReferral.Step)
        case submitted(reference: String)
    }

    /// Opens the case from a complete draft and removes the draft, in one transaction.
    package func submit(personID: UUID) async throws -> SubmitOutcome {
        let (draft, answers) = try await draft(for: personID)
        guard let draft else {
            // No draft: a second Send that arrived after the first had finished (a double click, another tab, or
            // another process) is told so, like one that raced it, not taken back to the first question.
            let recent = try await SupportCase.query(on: context.database).filter(\.$clinicianID == personID)
                .filter(\.$receivedAt > now.addingTimeInterval(-120)).count()
            if recent > 0 { throw Self.alreadySent }
            return .incomplete(.aboutYou)
        }
        if let step = answers.firstIncompleteStep { return .incomplete(step) }
        let draftID = try draft.requireID()
        let opened = try await open(answers, for: personID) { database in
            // The draft goes in the same transaction, and only once: a second Send (a double click, another tab,
            // another process) finds it gone and keeps nothing, so one request opens one case and sends one email.
            let gone = try await (database as! any SQLDatabase).delete(from: ReferralDraft.schema)
                .where("id", .equal, SQLBind(draftID)).returning("id").all()
            guard !gone.isEmpty else { throw Self.alreadySent }
        }
        return .submitted(reference: opened.reference)
    }

    package static let alreadySent = Abort(
        .conflict,
        reason:
            "Your request has already been sent (from another tab, or a second click). You can see it in My support.")

    /// Every problem in every step, for a request that brings all answers at once (the API).
    package static func problems(in answers: SelfReferral) -> FormErrors {
        var errors = FormErrors()
        for step in SelfReferral.Step.allCases {
            for problem in answers.problems(in: step) { errors.add(problem.field, problem.message) }
        }
        return errors
    }

    /// Opens a case from complete answers, tells the clinician by email (without any detail), and runs `also`
    /// in the same transaction.
    package func open(
        _ answers: SelfReferral, for personID: UUID,
        also: @escaping @Sendable (any Database) async throws -> Void = { _ in }
    ) async throws -> SupportCase {
        guard let organisation = state.organisation, let person = try await Person.find(personID, on: context.database)
        else {
            throw Abort(.serviceUnavailable)
        }
        let caseID = state.collaborators.newID()
        let reference = ReferralReference.generate()
        let cipher = state.cipher
        let now = now
        let record = SupportCase()
        record.id = caseID
        record.version = 1
        record.organisationID = organisation.id
        record.clinicianID = personID
        record.reference = reference
        record.stateName = CaseState.referred.rawValue
        record.profession = answers.profession ?? ""
        record.grade = answers.grade ?? ""
        record.specialty = answers.specialty?.nonBlank
        record.employer = answers.employer?.nonBlank
        record.region = answers.region?.nonBlank
        // Kept in the register's own form, and the country by its name on the list (an ISO code becomes its name).
        record.registrationNumber = answers.registrationNumber?.nonBlank.map { number in
            Profession(rawValue: answers.profession ?? "")?.register.normalised(number) ?? number
        }
        record.qualificationCountry = answers.qualificationCountry?.nonBlank.map { Country.exactly($0)?.name ?? $0 }
        record.isInternationalGraduate = answers.isInternationalGraduate
        record.reasonNames = answers.chosenReasons.map(\.rawValue).joined(separator: ",")
        try record.seal(answers.transition?.nonBlank, into: \.$transition, with: cipher)
        let other = answers.chosenReasons.contains(.other) ? answers.otherReason?.nonBlank : nil
        let words = [answers.ownWords ?? "", other.map { "Something else: \($0)" } ?? ""]
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        record.ownWords = try cipher.seal(words, for: SupportCase.binding(caseID, "own_words"))
        record.whatWouldHelp = try answers.whatWouldHelp?.nonBlank.map {
            try cipher.seal($0, for: SupportCase.binding(caseID, "what_would_help"))
        }
        record.contact = try cipher.seal(Self.contactText(answers), for: SupportCase.binding(caseID, "contact"))
        record.consentToHold = true
        record.consentWording = SelfReferral.consentWording
        record.consentedAt = now
        record.shareWithEducator = answers.shareWithEducator == "yes"
        record.saidAtRisk = answers.saysAtRisk
        record.receivedAt = now
        let link = context.link(.mySupport)
        try await context.database.transaction { database in
            try await record.create(on: database)
            try await CaseEvent(caseID: caseID, at: now, actorID: personID, kind: .submitted, to: .referred).create(
                on: database)
            if let suggestion = answers.suggestionID.flatMap(UUID.init(uuidString:)),
                let referral = try await EducatorReferral.find(suggestion, on: database)
            {
                referral.caseID = caseID
                try await referral.update(on: database)
            }
            try await also(database)
            try await Outbox.enqueue(
                to: person.email, subject: "We have received your request for support",
                body: """
                    Hello \(person.displayName),

                    We have received your request for support. Your reference is \(reference).
                    A case manager will contact you within 5 working days. You can see where your request is at:

                    \(link)

                    This email holds no detail of what you told us. If you are at risk right now, call 999,
                    NHS 111, or Samaritans on 116 123.
                    """, now: now, on: database)
            try await context.audit(
                SupportAudit.referralSubmitted, resourceType: .supportCase, resourceID: caseID.uuidString,
                subject: personID,
                on: database)
        }
        return record
    }

    package static func contactText(_ answers: SelfReferral) -> String {
        var parts = ["By \(answers.contactBy ?? "email")"]
        if answers.contactBy == "phone", let phone = answers.phone?.nonBlank { parts.append("on \(phone)") }
        if let times = answers.contactTimes?.nonBlank { parts.append("(\(times))") }
        if answers.shareWithEducator == "yes" {
            parts.append("— may talk to \(answers.educatorName ?? "")\(answers.educatorEmail.map { " <\($0)>" } ?? "")")
        }
        return parts.joined(separator: " ")
    }
}

extension String {
    package var nonBlank: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
