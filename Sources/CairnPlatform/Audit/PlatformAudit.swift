/// What the platform itself records in the audit trail. The raw values are the names stored in
/// `audit_entries.action`: never rename a case, add a new one.
package enum PlatformAudit: String, AuditAction {
    case apiTokenRefused = "api_token_refused"
}
