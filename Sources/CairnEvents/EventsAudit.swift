import CairnPlatform

/// What learning events record in the audit trail. The raw values are the names stored in `audit_entries.action`:
/// never rename a case, add a new one.
package enum EventsAudit: String, AuditAction {
    case eventCreated = "learning_event_created"
    case eventChanged = "learning_event_changed"
    case eventPublished = "learning_event_published"
    case eventCancelled = "learning_event_cancelled"
    case organiserAdded = "learning_event_organiser_added"
    case bookingChanged = "learning_event_booking_changed"
    case attendanceRecorded = "learning_event_attendance_recorded"
    case attendanceImported = "learning_event_attendance_imported"
    /// Who gave feedback is recorded on their booking; the audit entry names the event only (the feedback row
    /// carries no person and no time, so the two cannot be matched).
    case feedbackGiven = "learning_event_feedback_given"
    case feedbackViewed = "learning_event_feedback_viewed"
    case certificateViewed = "learning_event_certificate_viewed"
}

extension AuditResource {
    package static let learningEvent = AuditResource(rawValue: "learning_event")
}
