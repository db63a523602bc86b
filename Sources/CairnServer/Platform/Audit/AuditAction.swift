/// What an audit entry says happened (issue #12, item 5): each feature names its own actions in an enum, so a
/// call site cannot misspell one and the trail's vocabulary can be listed. A refusal by the policy is recorded
/// under the refused `Action`'s own name.
protocol AuditAction: Sendable {
    var name: String { get }
}

extension AuditAction where Self: RawRepresentable, Self.RawValue == String {
    var name: String { rawValue }
}

extension Action: AuditAction {}

/// The kind of record an audit entry is about. The raw values are stored in `audit_entries.resource_type`.
enum AuditResource: String, Sendable, CaseIterable {
    case apiToken = "api_token"
    case calendarFeed = "calendar_feed"
    case supportCase = "case"
    case caseMessage = "case_message"
    case caseNote = "case_note"
    case educatorReferral = "educator_referral"
    case educatorUpdate = "educator_update"
    case figures
    case matchProposal = "match_proposal"
    case matchingRun = "matching_run"
    case mentee
    case mentor
    case mentoringPair = "mentoring_pair"
    case mentoringProgramme = "mentoring_programme"
    case mentoringSession = "mentoring_session"
    case person
    case planItem = "plan_item"
    case referralDraft = "referral_draft"
    case roleGrant = "role_grant"
    case session
}
