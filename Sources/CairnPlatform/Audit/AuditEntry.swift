import Fluent
import Foundation

/// One line of the audit trail. Never holds passwords, tokens or note text (SECURITY.md §21).
package final class AuditEntry: Model, @unchecked Sendable {
    package static let schema = "audit_entries"

    // managed
    @ID(key: .id) package var id: UUID?

    // data
    @Field(key: "sequence") package var sequence: Int64
    @Field(key: "occurred_at") package var occurredAt: Date
    @OptionalField(key: "actor_id") package var actorID: UUID?
    @Field(key: "actor_roles") package var actorRoles: String
    @Field(key: "action") package var action: String
    @Field(key: "resource_type") package var resourceType: String
    @OptionalField(key: "resource_id") package var resourceID: String?
    @OptionalField(key: "subject_id") package var subjectID: UUID?
    @Field(key: "outcome") package var outcome: String
    @OptionalField(key: "reason") package var reason: String?
    @OptionalField(key: "request_id") package var requestID: String?
    @OptionalField(key: "session_hash") package var sessionHash: String?
    @OptionalField(key: "address_hash") package var addressHash: String?
    @Field(key: "previous_hash") package var previousHash: String
    @Field(key: "hash") package var hash: String

    package init() {}
}

/// What happened, as the code that saw it describes it; `AuditLog` adds time, sequence and the chain.
package struct AuditEvent: Sendable, Equatable {
    package enum Outcome: String, Sendable {
        case success
        case failure
        case denied
    }

    package var actorID: UUID?
    package var actorRoles: [String]
    package var action: String
    package var resourceType: String
    package var resourceID: String?
    package var subjectID: UUID?
    package var outcome: Outcome
    package var reason: String?
    package var requestID: String?
    package var sessionHash: String?
    package var addressHash: String?

    package init(
        action: some AuditAction, resourceType: AuditResource, resourceID: String? = nil, subjectID: UUID? = nil,
        outcome: Outcome = .success, actorID: UUID? = nil, actorRoles: [String] = [], reason: String? = nil,
        requestID: String? = nil, sessionHash: String? = nil, addressHash: String? = nil
    ) {
        self.action = action.name
        self.resourceType = resourceType.rawValue
        self.resourceID = resourceID
        self.subjectID = subjectID
        self.outcome = outcome
        self.actorID = actorID
        self.actorRoles = actorRoles
        self.reason = reason
        self.requestID = requestID
        self.sessionHash = sessionHash
        self.addressHash = addressHash
    }
}
