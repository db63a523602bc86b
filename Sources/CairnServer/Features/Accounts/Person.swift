import CairnCore
import Fluent
import Foundation

/// Someone with an account: a clinician, a mentor, a member of staff. Roles are granted per organisation.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    enum Status: String, Codable, Sendable {
        /// Registered; the email address is not confirmed yet.
        case unverified
        /// Invited by an administrator; has not chosen a password yet.
        case invited
        case active
        case disabled
    }

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data
    @Field(key: "email") var email: String
    /// Lower-cased and trimmed: emails are unique without regard to case.
    @Field(key: "email_normalised") var emailNormalised: String
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Enum(key: "status") var status: Status
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    /// Sealed with `EnvelopeCipher` (binding: people/ID/totp_secret).
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// The last TOTP step accepted: a code works once.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?

    // relationships
    @Children(for: \.$person) var roleGrants: [RoleGrant]

    init() {}

    init(id: UUID? = nil, email: String, displayName: String, status: Status) {
        self.id = id
        self.email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        self.emailNormalised = Person.normalise(email: email)
        self.displayName = displayName
        self.status = status
    }

    static func normalise(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    var hasSecondFactor: Bool { totpSecret != nil }
}

/// A role held in one organisation.
final class RoleGrant: Model, @unchecked Sendable {
    static let schema = "role_grants"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // references
    @Parent(key: "person_id") var person: Person
    @Field(key: "organisation_id") var organisationID: UUID
    @OptionalField(key: "granted_by") var grantedBy: UUID?

    // data
    @Field(key: "role") var roleName: String

    var role: Role? { Role(rawValue: roleName) }

    init() {}

    init(personID: UUID, organisationID: UUID, role: Role, grantedBy: UUID?) {
        self.$person.id = personID
        self.organisationID = organisationID
        self.roleName = role.rawValue
        self.grantedBy = grantedBy
    }
}

/// A single-use second-factor recovery code, stored as SHA-256.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(personID: UUID, codeHash: String) {
        self.personID = personID
        self.codeHash = codeHash
    }
}
