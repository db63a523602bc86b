import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// Someone with an account: a clinician, a mentor, a member of staff. Roles are granted per organisation.
package final class Person: Model, @unchecked Sendable {
    package static let schema = "people"

    package enum Status: String, Codable, Sendable {
        /// Registered; the email address is not confirmed yet.
        case unverified
        /// Invited by an administrator; has not chosen a password yet.
        case invited
        case active
        case disabled
    }

    // managed
    @ID(key: .id) package var id: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    // data
    @Field(key: "email") package var email: String
    /// Lower-cased and trimmed: emails are unique without regard to case.
    @Field(key: "email_normalised") package var emailNormalised: String
    @Field(key: "display_name") package var displayName: String
    @OptionalField(key: "password_hash") package var passwordHash: String?
    @Enum(key: "status") package var status: Status
    @OptionalField(key: "email_verified_at") package var emailVerifiedAt: Date?
    /// Sealed with `EnvelopeCipher` (binding: people/ID/totp_secret).
    @OptionalField(key: "totp_secret") package var totpSecret: String?
    /// The last TOTP step accepted: a code works once.
    @OptionalField(key: "totp_last_step") package var totpLastStep: Int64?
    @OptionalField(key: "password_changed_at") package var passwordChangedAt: Date?

    // relationships
    @Children(for: \.$person) package var roleGrants: [RoleGrant]

    package init() {}

    /// Only the accounts feature creates people (`PeopleDirectory`, registration, invitations).
    init(id: UUID? = nil, email: String, displayName: String, status: Status) {
        self.id = id
        self.email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        self.emailNormalised = Person.normalise(email: email)
        self.displayName = displayName
        self.status = status
    }

    package static func normalise(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    package var hasSecondFactor: Bool { totpSecret != nil }
}

/// A role held in one organisation.
package final class RoleGrant: Model, @unchecked Sendable {
    package static let schema = "role_grants"

    // managed
    @ID(key: .id) package var id: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    // references
    @Parent(key: "person_id") package var person: Person
    @Field(key: "organisation_id") package var organisationID: UUID
    @OptionalField(key: "granted_by") package var grantedBy: UUID?

    // data
    @Field(key: "role") package var roleName: String

    package var role: Role? { Role(rawValue: roleName) }

    package init() {}

    /// Only the accounts feature grants roles (`PeopleDirectory.grant`, administration).
    init(personID: UUID, organisationID: UUID, role: Role, grantedBy: UUID?) {
        self.$person.id = personID
        self.organisationID = organisationID
        self.roleName = role.rawValue
        self.grantedBy = grantedBy
    }
}

/// A single-use second-factor recovery code, stored as SHA-256.
package final class RecoveryCode: Model, @unchecked Sendable {
    package static let schema = "recovery_codes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "code_hash") package var codeHash: String
    @OptionalField(key: "used_at") package var usedAt: Date?

    package init() {}

    package init(personID: UUID, codeHash: String) {
        self.personID = personID
        self.codeHash = codeHash
    }
}
