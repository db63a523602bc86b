import CairnAccounts
import CairnCore
import CairnPlatform

/// What the support feature (referrals, cases, figures) records in the audit trail. The names are stored in
/// `audit_entries.action`: never rename one, add a new case.
package enum SupportAudit: AuditAction {
    case caseAssessed
    case caseAssigned
    /// The unit lead moved a case from one case manager to another.
    case caseReallocated
    case caseBreakGlass
    case caseFeedbackGiven
    case caseFirstContact
    case caseMessageSent
    case caseMessagesRead
    case caseNoteWritten
    case caseNotesRead
    case caseReferralRead
    case caseReadForTriage
    case caseTimelineRead
    case planItemChanged
    case educatorReferralConfirmed
    case educatorReferralDeclined
    case educatorReferralSent
    case educatorUpdateApproved
    case educatorUpdateDrafted
    case educatorUpdateWithheld
    case figuresExported
    case figuresViewed
    case planItemAdded
    case referralAtRiskHelpShown
    case referralSubmitted
    /// Someone deleted the answers of a request they had not sent.
    case referralDraftDiscarded
    /// A unit's earlier records were imported (issue #14 item 3); the entry's detail says how many.
    case pastRecordsImported
    /// A case moved to a new state (`case_triaged`, `case_declined`, …).
    case caseMoved(to: CaseState)

    package var name: String {
        switch self {
        case .caseAssessed: "case_assessed"
        case .caseAssigned: "case_assigned"
        case .caseReallocated: "case_reallocated"
        case .caseBreakGlass: "case_break_glass"
        case .caseFeedbackGiven: "case_feedback_given"
        case .caseFirstContact: "case_first_contact"
        case .caseMessageSent: "case_message_sent"
        case .caseMessagesRead: "case_messages_read"
        case .caseNoteWritten: "case_note_written"
        case .caseNotesRead: "case_notes_read"
        case .caseReferralRead: "case_referral_read"
        case .caseReadForTriage: "case_read_for_triage"
        case .caseTimelineRead: "case_timeline_read"
        case .planItemChanged: "plan_item_changed"
        case .educatorReferralConfirmed: "educator_referral_confirmed"
        case .educatorReferralDeclined: "educator_referral_declined"
        case .educatorReferralSent: "educator_referral_sent"
        case .educatorUpdateApproved: "educator_update_approved"
        case .educatorUpdateDrafted: "educator_update_drafted"
        case .educatorUpdateWithheld: "educator_update_withheld"
        case .figuresExported: "figures_exported"
        case .figuresViewed: "figures_viewed"
        case .planItemAdded: "plan_item_added"
        case .referralAtRiskHelpShown: "referral_at_risk_help_shown"
        case .referralSubmitted: "referral_submitted"
        case .referralDraftDiscarded: "referral_draft_discarded"
        case .pastRecordsImported: "past_records_imported"
        case .caseMoved(let state): "case_\(state.rawValue)"
        }
    }
}

/// The kinds of record the support feature audits.
extension AuditResource {
    package static let supportCase = AuditResource(rawValue: "case")
    package static let caseMessage = AuditResource(rawValue: "case_message")
    package static let caseNote = AuditResource(rawValue: "case_note")
    package static let educatorReferral = AuditResource(rawValue: "educator_referral")
    package static let educatorUpdate = AuditResource(rawValue: "educator_update")
    package static let figures = AuditResource(rawValue: "figures")
    package static let planItem = AuditResource(rawValue: "plan_item")
    package static let referralDraft = AuditResource(rawValue: "referral_draft")
}
