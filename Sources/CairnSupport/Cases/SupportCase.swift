import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// One support episode, from self-referral to closure. Free text is sealed; structured answers stay plain.
package final class SupportCase: Model, @unchecked Sendable {
    package static let schema = "cases"

    // managed
    @ID(key: .id) package var id: UUID?
    /// Bumped on every change: a save from a stale page is refused, never silently applied.
    @Field(key: "version") package var version: Int

    // references
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "clinician_id") package var clinicianID: UUID

    // data: the referral
    @Field(key: "reference") package var reference: String
    /// The unit's earlier system's reference, for a case imported from it (`PastRecordsService`); nil otherwise.
    @OptionalField(key: "external_reference") package var externalReference: String?
    @Field(key: "state") package var stateName: String
    @Field(key: "profession") package var profession: String
    @Field(key: "grade") package var grade: String
    @OptionalField(key: "specialty") package var specialty: String?
    @OptionalField(key: "employer") package var employer: String?
    @OptionalField(key: "region") package var region: String?
    @OptionalField(key: "registration_number") package var registrationNumber: String?
    @OptionalField(key: "qualification_country") package var qualificationCountry: String?
    @Field(key: "is_international_graduate") package var isInternationalGraduate: Bool
    /// Comma-separated `ReferralReason` raw values.
    @Field(key: "reasons") package var reasonNames: String
    /// Sealed (issue #11): the transition the clinician described, in their words.
    @OptionalField(key: "transition") package var transition: String?
    /// Sealed: the clinician's own words.
    @Field(key: "own_words") package var ownWords: String
    /// Sealed.
    @OptionalField(key: "what_would_help") package var whatWouldHelp: String?
    /// Sealed: how and when to contact them.
    @Field(key: "contact") package var contact: String
    @Field(key: "consent_to_hold") package var consentToHold: Bool
    @Field(key: "consent_wording") package var consentWording: String
    @Field(key: "consented_at") package var consentedAt: Date
    @Field(key: "share_with_educator") package var shareWithEducator: Bool
    @Field(key: "said_at_risk") package var saidAtRisk: Bool

    // data: the episode
    @Field(key: "received_at") package var receivedAt: Date
    @OptionalField(key: "first_contact_at") package var firstContactAt: Date?
    /// Working days from receipt to first contact, set with `firstContactAt` (the figures count it in SQL).
    @OptionalField(key: "first_contact_working_days") package var firstContactWorkingDays: Int?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    /// Sealed (issue #11): told to the clinician in plain words when the unit declines or redirects.
    @OptionalField(key: "decline_reason") package var declineReason: String?
    @OptionalField(key: "outcomes") package var outcomes: String?

    // data: the needs assessment
    /// Comma-separated `ReferralReason` raw values, as confirmed with the clinician.
    @OptionalField(key: "confirmed_reasons") package var confirmedReasonNames: String?
    /// Sealed: the goals agreed with the clinician.
    @OptionalField(key: "goals") package var goals: String?

    package init() {}

    package var state: CaseState { CaseState(rawValue: stateName) ?? .referred }
    package var reasons: [ReferralReason] {
        reasonNames.split(separator: ",").compactMap { ReferralReason(rawValue: String($0)) }
    }

    package static func binding(_ id: UUID, _ field: String) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: field)
    }
}

package final class CaseAssignment: Model, @unchecked Sendable {
    package static let schema = "case_assignments"

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "assigned_at") package var assignedAt: Date

    package init() {}

    package init(caseID: UUID, personID: UUID, at date: Date) {
        self.caseID = caseID
        self.personID = personID
        self.assignedAt = date
    }
}

/// What happened to a case and who did it: every state move, first contact, assignment and break-glass opening.
package final class CaseEvent: Model, @unchecked Sendable {
    package static let schema = "case_events"

    package enum Kind: String, Codable, Sendable {
        case submitted
        case transition
        case assigned
        case firstContact = "first_contact"
        case breakGlass = "break_glass"
        /// The unit lead moved the case from one case manager to another (the detail: the one it went to).
        case reallocated
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "occurred_at") package var occurredAt: Date
    @OptionalField(key: "actor_id") package var actorID: UUID?
    @Enum(key: "kind") package var kind: Kind
    @OptionalField(key: "from_state") package var fromState: String?
    @OptionalField(key: "to_state") package var toState: String?
    /// Sealed (issue #11): a decline or break-glass reason, or the person an assignment named. Written only through
    /// `seal(_:into:with:)` once the event has its id.
    @OptionalField(key: "detail") package var detail: String?

    package init() {}

    package init(caseID: UUID, at date: Date, actorID: UUID?, kind: Kind, from: CaseState? = nil, to: CaseState? = nil)
    {
        self.caseID = caseID
        self.occurredAt = date
        self.actorID = actorID
        self.kind = kind
        self.fromState = from?.rawValue
        self.toState = to?.rawValue
    }
}

/// A case note: sealed at rest, read only by the case's case managers (and the clinician when shared).
package final class CaseNote: Model, @unchecked Sendable {
    package static let schema = "case_notes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "author_id") package var authorID: UUID
    @Field(key: "body") package var body: String
    @Field(key: "shared_with_clinician") package var sharedWithClinician: Bool
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A self-referral in progress: the answers so far, sealed, one per person, so nothing is lost if they stop.
package final class ReferralDraft: Model, @unchecked Sendable {
    package static let schema = "referral_drafts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "answers") package var answers: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}
