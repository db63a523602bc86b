import CairnPlatform

/// What administrators do to accounts, as the audit trail records it. The raw values are the names stored in
/// `audit_entries.action`: never rename a case, add a new one.
package enum AdministrationAudit: String, AuditAction {
    case accountDisabled = "account_disabled"
    case accountEnabled = "account_enabled"
    case auditTrailRead = "audit_trail_read"
    case personInvited = "person_invited"
    case roleGranted = "role_granted"
    case roleRevoked = "role_revoked"
}
