import CairnCore
import CairnPlatform
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// TOTP enrolment and checking, and single-use recovery codes (SECURITY.md §4).
package struct SecondFactorService {
    package let request: Request

    package var state: CairnState { request.application.cairn }
    package var now: Date { state.collaborators.now() }

    package static func secretBinding(_ personID: UUID) -> EnvelopeCipher.Binding {
        .init(table: "people", recordID: personID, field: "totp_secret")
    }

    package static func pendingBinding(_ personID: UUID) -> EnvelopeCipher.Binding {
        .init(table: "people", recordID: personID, field: "totp_pending")
    }

    /// A new secret for enrolment, sealed so the form can carry it back without the person being able to swap it.
    package func beginEnrolment(personID: UUID) throws -> (secret: [UInt8], sealed: String) {
        let secret = TOTP.newSecret()
        let sealed = try state.cipher.seal(Base32.encode(secret), for: Self.pendingBinding(personID))
        return (secret, sealed)
    }

    package func pendingSecret(sealed: String, personID: UUID) -> [UInt8]? {
        guard let text = try? state.cipher.open(sealed, for: Self.pendingBinding(personID)) else { return nil }
        return Base32.decode(text)
    }

    /// The enrolment page: a new secret, or the pending one the form carried back (so a wrong code does not change
    /// the key the person just typed into their app). Replacing an existing factor also asks for the password.
    package func enrolmentPage(person: Person, errors: FormErrors, sealed: String?, action: SiteURL) throws -> HTMLPage
    {
        let personID = try person.requireID()
        let pending = sealed.flatMap { sealed in pendingSecret(sealed: sealed, personID: personID).map { ($0, sealed) }
        }
        let (secret, token) = try pending ?? beginEnrolment(personID: personID)
        let model = SignInPages.Enrolment(
            secret: Base32.encode(secret),
            uri: TOTP(secret: secret).provisioningURI(account: person.email, issuer: "Cairn"), sealed: token,
            errors: errors, csrf: request.csrfToken, action: action.path, asksForPassword: person.hasSecondFactor)
        return request.page(Forms.title("Set up two-step sign-in", errors: errors), SignInPages.enrolment(model))
    }

    /// Confirms enrolment with a first code; stores the secret and returns fresh recovery codes to show once.
    package func confirmEnrolment(person: Person, secret: [UInt8], code: String) async throws -> [String]? {
        let personID = try person.requireID()
        let totp = TOTP(secret: secret)
        guard let step = totp.matchingStep(for: code, at: now, lastUsedStep: nil) else { return nil }
        let codes = (0..<10).map { _ in Self.newRecoveryCode() }
        try await request.db.transaction { database in
            person.totpSecret = try state.cipher.seal(Base32.encode(secret), for: Self.secretBinding(personID))
            person.totpLastStep = step
            try await person.update(on: database)
            try await RecoveryCode.query(on: database).filter(\.$personID == personID).delete()
            for code in codes {
                try await RecoveryCode(personID: personID, codeHash: Secrets.hash(Self.normalise(code))).create(
                    on: database)
            }
            try await request.audit(
                AccountsAudit.secondFactorEnrolled, resourceType: .person, subject: personID, actorID: personID,
                on: database)
        }
        return codes
    }

    /// Checks a TOTP code (each step once) or an unused recovery code.
    package func verify(person: Person, code: String) async throws -> Bool {
        let personID = try person.requireID()
        guard let sealed = person.totpSecret,
            let secretText = try? state.cipher.open(sealed, for: Self.secretBinding(personID)),
            let secret = Base32.decode(secretText)
        else { return false }
        if let step = TOTP(secret: secret).matchingStep(for: code, at: now, lastUsedStep: person.totpLastStep) {
            // Conditional, so two requests racing with the same code cannot both win.
            let rows = try await (request.db as! any SQLDatabase).update(Person.schema)
                .set("totp_last_step", to: SQLBind(step))
                .where("id", .equal, SQLBind(personID))
                .where {
                    $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, SQLBind(step))
                }
                .returning("id").all()
            return !rows.isEmpty
        }
        return try await useRecoveryCode(personID: personID, code: code)
    }

    private func useRecoveryCode(personID: UUID, code: String) async throws -> Bool {
        let hash = Secrets.hash(Self.normalise(code))
        guard
            let recovery = try await RecoveryCode.query(on: request.db)
                .filter(\.$personID == personID).filter(\.$codeHash == hash).filter(\.$usedAt == nil).first()
        else { return false }
        let rows = try await (request.db as! any SQLDatabase).update(RecoveryCode.schema)
            .set("used_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try recovery.requireID())).where("used_at", .is, SQLLiteral.null)
            .returning("id").all()
        if !rows.isEmpty {
            try await request.audit(
                AccountsAudit.recoveryCodeUsed, resourceType: .person, subject: personID, actorID: personID)
        }
        return !rows.isEmpty
    }

    /// `xxxx-xxxx-xxxx`: 60 random bits in an unambiguous alphabet.
    package static func newRecoveryCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return [characters[0..<4], characters[4..<8], characters[8..<12]].map { String($0) }.joined(separator: "-")
    }

    package static func normalise(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
