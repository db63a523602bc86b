import CairnPlatform
import Fluent
import Foundation

/// The tenant every record belongs to: a unit, a deanery or a nation.
package final class Organisation: Model, @unchecked Sendable {
    package static let schema = "organisations"

    package enum Kind: String, Codable, Sendable, CaseIterable {
        case unit
        case deanery
        case nation
    }

    // managed
    @ID(key: .id) package var id: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    // data
    @Field(key: "name") package var name: String
    @Enum(key: "kind") package var kind: Kind
    /// One of `CairnConfiguration.nations`: decides which bank holidays working-day clocks skip.
    @Field(key: "nation") package var nation: String
    @Field(key: "time_zone") package var timeZone: String

    package init() {}

    package init(id: UUID? = nil, name: String, kind: Kind, nation: String, timeZone: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.nation = nation
        self.timeZone = timeZone
    }
}
