import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Creates and redeems single-use links (verify email, reset password, accept invitation).
package enum OneTimeLinks {
    package static func lifetime(of purpose: OneTimeLink.Purpose) -> TimeInterval {
        switch purpose {
        case .verifyEmail: 24 * 3600
        case .resetPassword: 30 * 60
        case .acceptInvitation: 7 * 24 * 3600
        }
    }

    /// A new link's secret token; only its hash is stored.
    package static func create(
        _ purpose: OneTimeLink.Purpose, for personID: UUID, now: Date, on database: any Database
    ) async throws -> String {
        let token = Secrets.token()
        let link = OneTimeLink(
            purpose: purpose, personID: personID, tokenHash: Secrets.hash(token), now: now,
            expiresAt: now.addingTimeInterval(lifetime(of: purpose)))
        try await link.create(on: database)
        return token
    }

    /// The unused, unexpired link for this token and purpose, without using it up.
    package static func find(_ purpose: OneTimeLink.Purpose, token: String, now: Date, on database: any Database)
        async throws
        -> OneTimeLink?
    {
        guard
            let link = try await OneTimeLink.query(on: database)
                .filter(\.$tokenHash == Secrets.hash(token)).filter(\.$purpose == purpose).first(),
            link.usedAt == nil, link.expiresAt > now
        else { return nil }
        return link
    }

    /// Marks a link used; false when another request used it first (double submission).
    package static func redeem(_ link: OneTimeLink, now: Date, on database: any Database) async throws -> Bool {
        let rows = try await (database as! any SQLDatabase).update(OneTimeLink.schema)
            .set("used_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try link.requireID())).where("used_at", .is, SQLLiteral.null)
            .returning("id").all()
        return !rows.isEmpty
    }
}
