import Foundation

/// A read-only picture of an organisation, safe to keep and pass around.
public struct OrganisationSummary: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var kind: String
    public var nation: String
    public var timeZone: String

    public init(id: UUID, name: String, kind: String, nation: String, timeZone: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.nation = nation
        self.timeZone = timeZone
    }
}
