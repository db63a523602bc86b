import CairnPlatform
import Fluent
import Foundation

/// A sign-in through the provider that has started and not yet come back: found by its `state`, bound to the browser
/// that started it (the PKCE verifier lives only in that browser's cookie), used once. Hashes only: nothing here
/// signs anyone in without the browser's cookie and the provider's code.
package final class SingleSignOnAttempt: Model, @unchecked Sendable {
    package static let schema = "single_sign_on_attempts"

    // managed
    @ID(key: .id) package var id: UUID?

    // data
    @Field(key: "state_hash") package var stateHash: String
    @Field(key: "verifier_hash") package var verifierHash: String
    @Field(key: "nonce_hash") package var nonceHash: String
    /// The Cairn page asked for before signing in (a local path, checked again when used).
    @OptionalField(key: "next_path") package var nextPath: String?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "expires_at") package var expiresAt: Date
    @OptionalField(key: "used_at") package var usedAt: Date?

    package init() {}

    package init(
        id: UUID, stateHash: String, verifierHash: String, nonceHash: String, nextPath: String?, now: Date,
        lifetime: TimeInterval
    ) {
        self.id = id
        self.stateHash = stateHash
        self.verifierHash = verifierHash
        self.nonceHash = nonceHash
        self.nextPath = nextPath
        self.createdAt = now
        self.expiresAt = now.addingTimeInterval(lifetime)
    }
}

/// A provider's identity (issuer and subject) linked to a person: how they are known again at the next sign-in,
/// whatever their email address has become.
package final class ExternalIdentity: Model, @unchecked Sendable {
    package static let schema = "external_identities"

    // managed
    @ID(key: .id) package var id: UUID?

    // references
    @Field(key: "person_id") package var personID: UUID

    // data
    @Field(key: "issuer") package var issuer: String
    @Field(key: "subject") package var subject: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "last_signed_in_at") package var lastSignedInAt: Date

    package init() {}

    package init(id: UUID, personID: UUID, issuer: String, subject: String, now: Date) {
        self.id = id
        self.personID = personID
        self.issuer = issuer
        self.subject = subject
        self.createdAt = now
        self.lastSignedInAt = now
    }
}
