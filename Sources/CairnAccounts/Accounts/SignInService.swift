import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Checks a password with throttling by account and by address, without telling whether the email exists.
package struct SignInService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var state: CairnState { context.state }
    package var now: Date { state.collaborators.now() }

    package enum Outcome: Equatable {
        /// Wrong email or password, locked, or disabled: one answer for all, so nothing is revealed.
        case refused
        /// Right password, but the address has never been confirmed.
        case unverified
        case signedIn(personID: UUID, needsSecondFactor: Bool)
    }

    package static let refusalMessage =
        "Enter a correct email address and password. After several wrong attempts you "
        + "will need to wait 15 minutes before trying again."

    package func attempt(email: String, password: String) async throws -> Outcome {
        let throttling = SignInThrottling(database: context.database, settings: state.configuration.security, now: now)
        let accountKey = SignInThrottling.accountKey(email: email, pepper: state.keyRing.pepper)
        let addressKey = SignInThrottling.addressKey(pseudonym: context.origin.addressHash)
        let hasher = state.passwordHasher
        let pool = context.threadPool

        switch try await throttling.check(account: accountKey, address: addressKey) {
        case .locked:
            try await hasher.verifyDummy(password, on: pool)
            try await context.audit(AccountsAudit.signInRefusedLocked, resourceType: .session, outcome: .denied)
            return .refused
        case .open(let failures):
            await state.collaborators.pause(SignInThrottling.slowDown(afterFailures: failures))
        }

        let person = try await Accounts.person(email: email, on: context.database)
        guard let person, let hash = person.passwordHash,
            try await hasher.verify(password, against: hash, on: pool)
        else {
            if person?.passwordHash == nil { try await hasher.verifyDummy(password, on: pool) }
            let locked = try await throttling.recordFailure(account: accountKey, address: addressKey)
            try await context.audit(
                AccountsAudit.signInFailed, resourceType: .session, subject: person?.id, outcome: .failure)
            if locked {
                context.logger.notice("sign-in locked after repeated failures")
                try await context.audit(
                    AccountsAudit.accountLocked, resourceType: .session, subject: person?.id, outcome: .denied)
            }
            return .refused
        }
        let personID = try person.requireID()
        switch person.status {
        case .unverified:
            return .unverified
        case .disabled, .invited:
            try await context.audit(
                AccountsAudit.signInRefusedStatus, resourceType: .session, subject: personID, outcome: .denied)
            return .refused
        case .active:
            break
        }
        try await throttling.recordSuccess(account: accountKey)
        let roles = try await Accounts.roles(of: personID, in: state.organisation?.id ?? UUID(), on: context.database)
        return .signedIn(
            personID: personID, needsSecondFactor: roles.contains { $0.requiresSecondFactor } || person.hasSecondFactor)
    }
}
