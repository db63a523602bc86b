import Fluent
import Foundation
import Vapor

extension Request {
    /// Appends to the audit trail with who, from where and in which request; the caller says what happened.
    package func audit(
        _ action: some AuditAction, resourceType: AuditResource, resourceID: String? = nil, subject: UUID? = nil,
        outcome: AuditEvent.Outcome = .success, reason: String? = nil, actorID: UUID? = nil,
        on database: (any Database)? = nil
    ) async throws {
        try await ServiceContext(self).audit(
            action, resourceType: resourceType, resourceID: resourceID, subject: subject, outcome: outcome,
            reason: reason, actorID: actorID, on: database)
    }
}

extension Request {
    private struct SessionPseudonymKey: StorageKey {
        typealias Value = String
    }

    /// The sign-in session's keyed hash, set by the accounts feature whenever the request's session changes: the
    /// audit trail records it, never the session's token.
    package var sessionPseudonym: String? {
        get { storage[SessionPseudonymKey.self] }
        set { storage[SessionPseudonymKey.self] = newValue }
    }

    /// The client's address, keyed-hashed: enough to throttle and audit, not enough to identify.
    package var addressPseudonym: String {
        let address = remoteAddress?.ipAddress ?? "unknown"
        return Secrets.pseudonym(address, pepper: application.cairn.keyRing.pepper)
    }
}
