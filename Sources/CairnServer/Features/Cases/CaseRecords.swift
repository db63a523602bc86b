import CairnCore
import Fluent
import Foundation

/// A message between the clinician and their case managers; sealed at rest. Email only says one has arrived.
final class CaseMessage: Model, @unchecked Sendable {
    static let schema = "case_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "sender_id") var senderID: UUID
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One intervention in a support plan, with its provider, dates and cost, so the unit knows its cost per case.
final class PlanItem: Model, @unchecked Sendable {
    static let schema = "plan_items"

    typealias Status = PlanItemStatus

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "intervention") var intervention: String
    @Enum(key: "status") var status: Status
    @OptionalField(key: "provider") var provider: String?
    @OptionalField(key: "starts_on") var startsOn: String?
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "cost_pence") var costPence: Int
    @Field(key: "created_at") var createdAt: Date
    /// Raised by every change; a change from an older page is refused (migration 0014).
    @Field(key: "version") var version: Int
    /// When the plan item should next be looked at together (shown on the caseload).
    @OptionalField(key: "review_on") var reviewOn: String?
    @OptionalField(key: "updated_at") var updatedAt: Date?

    init() {}
}

/// The clinician's answers when their case closes (Cairn's own questions; DOMAIN.md §6).
final class CaseFeedback: Model, @unchecked Sendable {
    static let schema = "case_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "answered_at") var answeredAt: Date
    @Field(key: "felt_safe") var feltSafe: Int
    @Field(key: "was_useful") var wasUseful: Int
    @Field(key: "would_recommend") var wouldRecommend: Int
    /// Sealed.
    @OptionalField(key: "comment") var comment: String?

    init() {}
}

/// What a closed case achieved (issue #6).
/// Outcomes include the ones nobody hopes for (issue #13 item 6), so a case that ended badly can be closed honestly;
/// choosing one of those asks for what happened, in a sentence.
enum CaseOutcome: String, CaseIterable, Sendable {
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

    var title: String {
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
    var isHopedFor: Bool {
        switch self {
        case .goalsMet, .inWorkOrTraining, .returnedToPractice, .progression: true
        default: false
        }
    }
}
