import CairnCore
import Fluent
import Foundation

/// One support episode, from self-referral to closure. Free text is sealed; structured answers stay plain.
final class SupportCase: Model, @unchecked Sendable {
    static let schema = "cases"

    // managed
    @ID(key: .id) var id: UUID?
    /// Bumped on every change: a save from a stale page is refused, never silently applied.
    @Field(key: "version") var version: Int

    // references
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "clinician_id") var clinicianID: UUID

    // data: the referral
    @Field(key: "reference") var reference: String
    @Field(key: "state") var stateName: String
    @Field(key: "profession") var profession: String
    @Field(key: "grade") var grade: String
    @OptionalField(key: "specialty") var specialty: String?
    @OptionalField(key: "employer") var employer: String?
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "registration_number") var registrationNumber: String?
    @OptionalField(key: "qualification_country") var qualificationCountry: String?
    @Field(key: "is_international_graduate") var isInternationalGraduate: Bool
    /// Comma-separated `ReferralReason` raw values.
    @Field(key: "reasons") var reasonNames: String
    /// Sealed (issue #11): the transition the clinician described, in their words.
    @OptionalField(key: "transition") var transition: String?
    /// Sealed: the clinician's own words.
    @Field(key: "own_words") var ownWords: String
    /// Sealed.
    @OptionalField(key: "what_would_help") var whatWouldHelp: String?
    /// Sealed: how and when to contact them.
    @Field(key: "contact") var contact: String
    @Field(key: "consent_to_hold") var consentToHold: Bool
    @Field(key: "consent_wording") var consentWording: String
    @Field(key: "consented_at") var consentedAt: Date
    @Field(key: "share_with_educator") var shareWithEducator: Bool
    @Field(key: "said_at_risk") var saidAtRisk: Bool

    // data: the episode
    @Field(key: "received_at") var receivedAt: Date
    @OptionalField(key: "first_contact_at") var firstContactAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// Sealed (issue #11): told to the clinician in plain words when the unit declines or redirects.
    @OptionalField(key: "decline_reason") var declineReason: String?
    @OptionalField(key: "outcomes") var outcomes: String?

    // data: the needs assessment
    /// Comma-separated `ReferralReason` raw values, as confirmed with the clinician.
    @OptionalField(key: "confirmed_reasons") var confirmedReasonNames: String?
    /// Sealed: the goals agreed with the clinician.
    @OptionalField(key: "goals") var goals: String?

    init() {}

    var state: CaseState { CaseState(rawValue: stateName) ?? .referred }
    var reasons: [ReferralReason] {
        reasonNames.split(separator: ",").compactMap { ReferralReason(rawValue: String($0)) }
    }

    static func binding(_ id: UUID, _ field: String) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: field)
    }
}

final class CaseAssignment: Model, @unchecked Sendable {
    static let schema = "case_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "assigned_at") var assignedAt: Date

    init() {}

    init(caseID: UUID, personID: UUID, at date: Date) {
        self.caseID = caseID
        self.personID = personID
        self.assignedAt = date
    }
}

/// What happened to a case and who did it: every state move, first contact, assignment and break-glass opening.
final class CaseEvent: Model, @unchecked Sendable {
    static let schema = "case_events"

    enum Kind: String, Codable, Sendable {
        case submitted
        case transition
        case assigned
        case firstContact = "first_contact"
        case breakGlass = "break_glass"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Enum(key: "kind") var kind: Kind
    @OptionalField(key: "from_state") var fromState: String?
    @OptionalField(key: "to_state") var toState: String?
    /// Sealed (issue #11): a decline or break-glass reason, or the person an assignment named. Written only through
    /// `seal(_:into:with:)` once the event has its id.
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(caseID: UUID, at date: Date, actorID: UUID?, kind: Kind, from: CaseState? = nil, to: CaseState? = nil) {
        self.caseID = caseID
        self.occurredAt = date
        self.actorID = actorID
        self.kind = kind
        self.fromState = from?.rawValue
        self.toState = to?.rawValue
    }
}

/// A case note: sealed at rest, read only by the case's case managers (and the clinician when shared).
final class CaseNote: Model, @unchecked Sendable {
    static let schema = "case_notes"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "body") var body: String
    @Field(key: "shared_with_clinician") var sharedWithClinician: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A self-referral in progress: the answers so far, sealed, one per person, so nothing is lost if they stop.
final class ReferralDraft: Model, @unchecked Sendable {
    static let schema = "referral_drafts"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "answers") var answers: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
