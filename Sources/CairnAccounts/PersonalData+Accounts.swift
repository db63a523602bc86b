import CairnPlatform
import FluentKit

// Personal-data declarations of the platform's and accounts' models (see `PersonalData`, docs/DATA-MAP.md).

extension SignInSession: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "token_hash": PlainBecause.hash, "csrf_token": "a random per-session value, no personal content",
            "address_hash": PlainBecause.hash, "user_agent": "the browser's own description, shown to its owner",
        ], secrets: ["token_hash", "csrf_token"], erasure: .delete)
}

extension SingleSignOnAttempt: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [],
        plain: [
            "state_hash": PlainBecause.hash, "verifier_hash": PlainBecause.hash, "nonce_hash": PlainBecause.hash,
            "next_path": "a Cairn page's path (ids only), where signing in goes on to",
        ], secrets: ["state_hash", "verifier_hash", "nonce_hash"])
}

extension ExternalIdentity: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "issuer": "the organisation's sign-in provider's public address",
            "subject":
                "the provider's own identifier for the person, matched to know them again; no meaning outside it",
        ], erasure: .delete)
}

extension SignInThrottle: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [])
}

extension OneTimeLink: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["token_hash": PlainBecause.hash, "purpose": PlainBecause.code],
        secrets: ["token_hash"], erasure: .delete)
}

extension APIToken: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "name": "the label its owner gave the token", "token_hash": PlainBecause.hash,
            "prefix": "the first characters, to recognise a token; not enough to use it",
        ], secrets: ["token_hash"], erasure: .delete)
}

extension AuditEntry: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("actor_id"), .person("subject_id")], sealed: ["reason"],
        plain: [
            "actor_roles": PlainBecause.code, "action": PlainBecause.code, "resource_type": PlainBecause.code,
            "resource_id": "a record's id", "outcome": PlainBecause.code, "request_id": "a random request id",
            "session_hash": PlainBecause.hash, "address_hash": PlainBecause.hash, "previous_hash": PlainBecause.hash,
            "hash": PlainBecause.hash,
        ],
        erasure: .keep(
            "the audit trail: who did what, hash-chained; an erasure is appended to it, never written over it, and it "
                + "holds ids and codes, the person's name and address go with their account"))
}

extension OutboxMessage: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [],
        plain: [
            "recipient": PlainBecause.contact,
            "subject": "mail waiting to go; Cairn's mail says only that there is an update, never case content",
            "body": "mail waiting to go; Cairn's mail says only that there is an update, never case content",
            "last_error": "the relay's answer",
        ])
}

extension Person: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("id")], sealed: ["totp_secret"],
        plain: [
            "email": PlainBecause.contact, "email_normalised": PlainBecause.contact,
            "display_name": PlainBecause.contact,
            "password_hash": PlainBecause.hash, "status": PlainBecause.code,
        ], secrets: ["password_hash", "totp_secret"],
        // The account stays, so what others wrote keeps an author and figures keep their people; it can never
        // sign in again, and its address is free for a new account.
        erasedAs: [
            "email": .address, "email_normalised": .address, "display_name": .text("Erased person"),
            "status": .text("disabled"),
        ])
}

extension RoleGrant: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id"), .by("granted_by")], plain: ["role": PlainBecause.code], erasure: .delete)
}

extension RecoveryCode: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["code_hash": PlainBecause.hash], secrets: ["code_hash"],
        erasure: .delete)
}

extension Organisation: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [],
        plain: [
            "name": "the organisation's own name", "nation": PlainBecause.code, "time_zone": PlainBecause.code,
        ])
}
