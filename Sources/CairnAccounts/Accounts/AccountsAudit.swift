import CairnPlatform

/// Signing in, registration and one's own account, as the audit trail records them. The raw values are the names stored in
/// `audit_entries.action`: never rename a case, add a new one.
package enum AccountsAudit: String, AuditAction {
    case accountLocked = "account_locked"
    case adminCreatedFromCommandLine = "admin_created_from_command_line"
    case apiTokenCreated = "api_token_created"
    case apiTokenRevoked = "api_token_revoked"
    case endSession = "end_session"
    case passwordChangeFailed = "password_change_failed"
    case passwordChanged = "password_changed"
    case passwordResetRequested = "password_reset_requested"
    case recoveryCodeUsed = "recovery_code_used"
    case register
    case registerExistingEmail = "register_existing_email"
    case secondFactorChangeRefused = "second_factor_change_refused"
    case secondFactorEnrolled = "second_factor_enrolled"
    case secondFactorFailed = "second_factor_failed"
    case secondFactorLocked = "second_factor_locked"
    case signIn = "sign_in"
    case signInFailed = "sign_in_failed"
    case signInPasswordOk = "sign_in_password_ok"
    case signInRefusedLocked = "sign_in_refused_locked"
    case signInRefusedStatus = "sign_in_refused_status"
    case signOut = "sign_out"
    case verifyEmail = "verify_email"
    case invitationAccepted = "invitation_accepted"
    case passwordReset = "password_reset"
    /// Signed in through the organisation's provider (the session's start; `sign_in` follows a second factor).
    case signInSingleSignOn = "sign_in_single_sign_on"
    /// The provider's answer was refused (the reason is a code: wrong audience, expired, nonce, signature…).
    case singleSignOnRefused = "single_sign_on_refused"
    /// A provider identity linked to an existing account by its verified address.
    case singleSignOnLinked = "single_sign_on_linked"
    /// An account made at its first sign-in through the provider, with no roles.
    case singleSignOnProvisioned = "single_sign_on_provisioned"
}

/// The kinds of record the accounts feature audits.
extension AuditResource {
    package static let apiToken = AuditResource(rawValue: "api_token")
    package static let person = AuditResource(rawValue: "person")
    package static let roleGrant = AuditResource(rawValue: "role_grant")
}
