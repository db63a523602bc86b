import CairnPlatform
import Fluent
import Foundation

/// A signed-in session. The cookie carries a random token; only its SHA-256 is stored here.
package final class SignInSession: Model, @unchecked Sendable {
    package static let schema = "sessions"

    // managed
    @ID(key: .id) package var id: UUID?

    // references
    @Field(key: "person_id") package var personID: UUID

    // data
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "csrf_token") package var csrfToken: String
    /// False between the password and the second factor: such a session can only finish signing in.
    @Field(key: "second_factor_done") package var secondFactorDone: Bool
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "last_seen_at") package var lastSeenAt: Date
    /// The absolute end, whatever the activity.
    @Field(key: "expires_at") package var expiresAt: Date
    @OptionalField(key: "address_hash") package var addressHash: String?
    @OptionalField(key: "user_agent") package var userAgent: String?
    /// Signed in through the organisation's provider: signing out goes on to the provider's own sign-out.
    @Field(key: "single_sign_on") package var singleSignOn: Bool

    package init() {}

    package init(
        id: UUID, personID: UUID, tokenHash: String, csrfToken: String, secondFactorDone: Bool, now: Date,
        expiresAt: Date, addressHash: String?, userAgent: String?, singleSignOn: Bool = false
    ) {
        self.id = id
        self.personID = personID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.secondFactorDone = secondFactorDone
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
        self.addressHash = addressHash
        self.userAgent = userAgent
        self.singleSignOn = singleSignOn
    }
}

/// Failure counts by account and by address, in the database so every process sees them.
package final class SignInThrottle: Model, @unchecked Sendable {
    package static let schema = "sign_in_throttles"

    @ID(custom: "key", generatedBy: .user) package var id: String?
    @Field(key: "failures") package var failures: Int
    @Field(key: "window_started_at") package var windowStartedAt: Date
    @OptionalField(key: "locked_until") package var lockedUntil: Date?

    package init() {}

    package init(key: String, now: Date) {
        self.id = key
        self.failures = 0
        self.windowStartedAt = now
    }
}

/// A single-use link sent by email: verify an address, reset a password, accept an invitation.
package final class OneTimeLink: Model, @unchecked Sendable {
    package static let schema = "one_time_links"

    package enum Purpose: String, Codable, Sendable {
        case verifyEmail = "verify_email"
        case resetPassword = "reset_password"
        case acceptInvitation = "accept_invitation"
    }

    @ID(key: .id) package var id: UUID?
    @Enum(key: "purpose") package var purpose: Purpose
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "expires_at") package var expiresAt: Date
    @OptionalField(key: "used_at") package var usedAt: Date?

    package init() {}

    package init(purpose: Purpose, personID: UUID, tokenHash: String, now: Date, expiresAt: Date) {
        self.purpose = purpose
        self.personID = personID
        self.tokenHash = tokenHash
        self.createdAt = now
        self.expiresAt = expiresAt
    }
}

/// A personal API token; the secret is shown once and only its SHA-256 is kept.
package final class APIToken: Model, @unchecked Sendable {
    package static let schema = "api_tokens"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "name") package var name: String
    @Field(key: "token_hash") package var tokenHash: String
    /// The first characters, so a person can tell their tokens apart.
    @Field(key: "prefix") package var prefix: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "expires_at") package var expiresAt: Date?
    @OptionalField(key: "last_used_at") package var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") package var revokedAt: Date?

    package init() {}

    package init(personID: UUID, name: String, tokenHash: String, prefix: String, now: Date, expiresAt: Date?) {
        self.personID = personID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.createdAt = now
        self.expiresAt = expiresAt
    }
}
