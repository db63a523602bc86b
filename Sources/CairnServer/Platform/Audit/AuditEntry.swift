import Fluent
import Foundation

/// One line of the audit trail. Never holds passwords, tokens or note text (SECURITY.md §21).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    // managed
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_roles") var actorRoles: String
    @Field(key: "action") var action: String
    @Field(key: "resource_type") var resourceType: String
    @OptionalField(key: "resource_id") var resourceID: String?
    @OptionalField(key: "subject_id") var subjectID: UUID?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "request_id") var requestID: String?
    @OptionalField(key: "session_hash") var sessionHash: String?
    @OptionalField(key: "address_hash") var addressHash: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// What happened, as the code that saw it describes it; `AuditLog` adds time, sequence and the chain.
struct AuditEvent: Sendable, Equatable {
    enum Outcome: String, Sendable {
        case success
        case failure
        case denied
    }

    var actorID: UUID?
    var actorRoles: [String]
    var action: String
    var resourceType: String
    var resourceID: String?
    var subjectID: UUID?
    var outcome: Outcome
    var reason: String?
    var requestID: String?
    var sessionHash: String?
    var addressHash: String?

    init(
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
