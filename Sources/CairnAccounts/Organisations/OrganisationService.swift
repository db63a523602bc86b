import CairnPlatform
import Fluent
import Foundation

package enum OrganisationService {
    /// The organisation this installation serves, created on first start from the configuration.
    package static func ensureDefault(
        on database: any Database, name: String, nation: String, timeZone: String, newID: UUID
    ) async throws -> OrganisationSummary {
        if let existing = try await Organisation.query(on: database).sort(\.$createdAt).sort(\.$id).first() {
            return try existing.summary()
        }
        let created = Organisation(id: newID, name: name, kind: .unit, nation: nation, timeZone: timeZone)
        try await created.create(on: database)
        return try created.summary()
    }
}

extension Organisation {
    package func summary() throws -> OrganisationSummary {
        OrganisationSummary(
            id: try requireID(), name: name, kind: kind.rawValue, nation: nation, timeZone: timeZone)
    }
}
