import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// A message between the clinician and their case managers; sealed at rest. Email only says one has arrived.
package final class CaseMessage: Model, @unchecked Sendable {
    package static let schema = "case_messages"

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "sender_id") package var senderID: UUID
    @Field(key: "body") package var body: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One intervention in a support plan, with its provider, dates and cost, so the unit knows its cost per case.
package final class PlanItem: Model, @unchecked Sendable {
    package static let schema = "plan_items"

    package typealias Status = PlanItemStatus

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "intervention") package var intervention: String
    @Enum(key: "status") package var status: Status
    @OptionalField(key: "provider") package var provider: String?
    @OptionalField(key: "starts_on") package var startsOn: String?
    @OptionalField(key: "ends_on") package var endsOn: String?
    @Field(key: "cost_pence") package var costPence: Int
    @Field(key: "created_at") package var createdAt: Date
    /// Raised by every change; a change from an older page is refused (migration 0014).
    @Field(key: "version") package var version: Int
    /// When the plan item should next be looked at together (shown on the caseload).
    @OptionalField(key: "review_on") package var reviewOn: String?
    @OptionalField(key: "updated_at") package var updatedAt: Date?
    /// The guide or event it points to, if any (migration 0027).
    @OptionalField(key: "resource_kind") package var resourceKind: String?
    @OptionalField(key: "resource_id") package var resourceID: UUID?

    package init() {}

    package var resource: PlanResourceReference? {
        guard let kind = resourceKind.flatMap(PlanResourceKind.init(rawValue:)), let resourceID else { return nil }
        return PlanResourceReference(kind: kind, id: resourceID)
    }
}

/// The clinician's answers when their case closes (Cairn's own questions; DOMAIN.md §6).
package final class CaseFeedback: Model, @unchecked Sendable {
    package static let schema = "case_feedback"

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "answered_at") package var answeredAt: Date
    @Field(key: "felt_safe") package var feltSafe: Int
    @Field(key: "was_useful") package var wasUseful: Int
    @Field(key: "would_recommend") package var wouldRecommend: Int
    /// Sealed.
    @OptionalField(key: "comment") package var comment: String?

    package init() {}
}

/// What a closed case achieved (issue #6).
/// Outcomes include the ones nobody hopes for (issue #13 item 6), so a case that ended badly can be closed honestly;
/// choosing one of those asks for what happened, in a sentence.
package enum CaseOutcome: String, CaseIterable, Sendable {
    case goalsMet = "goals_met"
    case inWorkOrTraining = "in_work_or_training"
    case returnedToPractice = "returned_to_practice"
    case progression
    case noLongerNeeded = "no_longer_needed"
    case referredElsewhere = "referred_elsewhere"
    case withdrew
    case disengaged
    case leftTraining = "left_training"
    case leftProfession = "left_profession"

    package var title: String {
        switch self {
        case .goalsMet: "The goals we agreed were met"
        case .inWorkOrTraining: "Still in work or training"
        case .returnedToPractice: "Returned to practice"
        case .progression: "Progressed (for example a satisfactory ARCP or a passed exam)"
        case .noLongerNeeded: "Support was no longer needed"
        case .referredElsewhere: "Referred to another service"
        case .withdrew: "The clinician chose to stop"
        case .disengaged: "The clinician stopped responding"
        case .leftTraining: "Left their training programme"
        case .leftProfession: "Left the profession"
        }
    }

    /// The outcomes support hopes for; any other asks for what happened.
    package var isHopedFor: Bool {
        switch self {
        case .goalsMet, .inWorkOrTraining, .returnedToPractice, .progression: true
        default: false
        }
    }
}
