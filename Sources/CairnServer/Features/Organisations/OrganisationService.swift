import Fluent
public import Foundation

/// A read-only picture of an organisation, safe to keep and pass around.
public struct OrganisationSummary: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var kind: String
    public var nation: String
    public var timeZone: String
}

enum OrganisationService {
    /// The organisation this installation serves, created on first start from the configuration.
    static func ensureDefault(
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
    func summary() throws -> OrganisationSummary {
        OrganisationSummary(
            id: try requireID(), name: name, kind: kind.rawValue, nation: nation, timeZone: timeZone)
    }
}
