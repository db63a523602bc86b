import CairnAccounts
import CairnPlatform

/// What mentoring records in the audit trail. The raw values are the names stored in
/// `audit_entries.action`: never rename a case, add a new one.
package enum MentoringAudit: String, AuditAction {
    case calendarFeedCreated = "calendar_feed_created"
    case evaluationQuestionsChanged = "evaluation_questions_changed"
    case matchingProposalChanged = "matching_proposal_changed"
    case matchingProposalsSwapped = "matching_proposals_swapped"
    case matchingRunPublished = "matching_run_published"
    case matchingRunStarted = "matching_run_started"
    case mentorTrainingRecorded = "mentor_training_recorded"
    case mentoringDashboardExported = "mentoring_dashboard_exported"
    case mentoringDashboardViewed = "mentoring_dashboard_viewed"
    case mentoringEvaluationGiven = "mentoring_evaluation_given"
    case mentoringPairDeclined = "mentoring_pair_declined"
    case mentoringPairPublished = "mentoring_pair_published"
    case mentoringSharedWithSupervisor = "mentoring_shared_with_supervisor"
    case mentoringUnsharedWithSupervisor = "mentoring_unshared_with_supervisor"
    case mentorsChosen = "mentors_chosen"
    case menteeAdded = "mentee_added"
    case menteesImported = "mentees_imported"
    case mentorAdded = "mentor_added"
    case mentoringFeedbackGiven = "mentoring_feedback_given"
    case mentoringProgrammeCreated = "mentoring_programme_created"
    case mentoringProgrammeChanged = "mentoring_programme_changed"
    case mentoringRecordRead = "mentoring_record_read"
    case mentoringRecordWritten = "mentoring_record_written"
    case mentoringSessionUpdated = "mentoring_session_updated"
    case mentorsImported = "mentors_imported"
    case mentorPaused = "mentor_paused"
    case mentorResumed = "mentor_resumed"
    case pastPairsImported = "past_pairs_imported"
}

/// The kinds of record the mentoring feature audits.
extension AuditResource {
    package static let calendarFeed = AuditResource(rawValue: "calendar_feed")
    package static let matchProposal = AuditResource(rawValue: "match_proposal")
    package static let matchingRun = AuditResource(rawValue: "matching_run")
    package static let mentee = AuditResource(rawValue: "mentee")
    package static let mentor = AuditResource(rawValue: "mentor")
    package static let mentoringPair = AuditResource(rawValue: "mentoring_pair")
    package static let mentoringProgramme = AuditResource(rawValue: "mentoring_programme")
    package static let mentoringSession = AuditResource(rawValue: "mentoring_session")
}
