import CairnPlatform

/// What inductions and registration pathways record in the audit trail. The raw values are the names stored in
/// `audit_entries.action`: never rename a case, add a new one.
package enum InductionAudit: String, AuditAction {
    case inductionTemplateCreated = "induction_template_created"
    case inductionTemplateChanged = "induction_template_changed"
    case inductionStarted = "induction_started"
    case inductionItemCompleted = "induction_item_completed"
    case inductionItemSignedOff = "induction_item_signed_off"
    case pathwayStarted = "registration_pathway_started"
    case pathwayEntryRecorded = "registration_pathway_entry_recorded"
    case pathwaySharingChanged = "registration_pathway_sharing_changed"
    case pathwayReadBySupervisor = "registration_pathway_read_by_supervisor"
    case inductionFiguresViewed = "induction_figures_viewed"
    case evidenceFileRead = "induction_evidence_file_read"
    case roleDescriptionWritten = "role_description_written"
    case roleDescriptionAcknowledged = "role_description_acknowledged"
    case supervisionRecorded = "supervision_recorded"
    case supervisionMoved = "supervision_moved"
    case supervisionCancelled = "supervision_cancelled"
    case supervisionActionAdded = "supervision_action_added"
    case supervisionActionDone = "supervision_action_done"
    case supervisionPrivateNoteSaved = "supervision_private_note_saved"
}

/// The kinds of record inductions audit.
extension AuditResource {
    package static let inductionTemplate = AuditResource(rawValue: "induction_template")
    package static let induction = AuditResource(rawValue: "induction")
    package static let inductionItem = AuditResource(rawValue: "induction_item")
    package static let roleDescription = AuditResource(rawValue: "role_description")
    package static let supervisionMeeting = AuditResource(rawValue: "supervision_meeting")
    package static let registrationPathway = AuditResource(rawValue: "registration_pathway")
}
