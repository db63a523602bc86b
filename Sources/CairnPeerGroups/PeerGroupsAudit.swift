import CairnPlatform

/// What peer groups record in the audit trail. The raw values are the names stored in `audit_entries.action`:
/// never rename a case, add a new one.
package enum PeerGroupsAudit: String, AuditAction {
    case peerGroupAgreementChanged = "peer_group_agreement_changed"
    case peerGroupCreated = "peer_group_created"
    case peerGroupFiguresViewed = "peer_group_figures_viewed"
    case peerGroupJoined = "peer_group_joined"
    case peerGroupLeft = "peer_group_left"
    case meetingPlaceChanged = "meeting_place_changed"
    case meetingAttendanceRecorded = "meeting_attendance_recorded"
    case meetingRecordWritten = "meeting_record_written"
    case meetingRecordRead = "meeting_record_read"
    case meetingCancelled = "meeting_cancelled"
    case meetingMoved = "meeting_moved"
    case reflectionWritten = "reflection_written"
    case reflectionRead = "reflection_read"
    case reflectionExported = "reflection_exported"
    case reflectionTemplateAdded = "reflection_template_added"
    case peerGroupInvited = "peer_group_invited"
    case peerGroupJoinAsked = "peer_group_join_asked"
    case peerGroupJoinAnswered = "peer_group_join_answered"
    case peerGroupJoiningChanged = "peer_group_joining_changed"
    case meetingPresenterNamed = "meeting_presenter_named"
    case peerGroupFacilitatorAdded = "peer_group_facilitator_added"
    case presenterSwapAsked = "presenter_swap_asked"
    case presenterSwapAnswered = "presenter_swap_answered"
}

/// The kinds of record peer groups audit.
extension AuditResource {
    package static let peerGroup = AuditResource(rawValue: "peer_group")
    package static let peerMeeting = AuditResource(rawValue: "peer_meeting")
    package static let reflection = AuditResource(rawValue: "reflection")
    package static let reflectionTemplate = AuditResource(rawValue: "reflection_template")
}
