import Fluent
import Foundation

/// The tenant every record belongs to: a unit, a deanery or a nation.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case unit
        case deanery
        case nation
    }

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data
    @Field(key: "name") var name: String
    @Enum(key: "kind") var kind: Kind
    /// One of `CairnConfiguration.nations`: decides which bank holidays working-day clocks skip.
    @Field(key: "nation") var nation: String
    @Field(key: "time_zone") var timeZone: String

    init() {}

    init(id: UUID? = nil, name: String, kind: Kind, nation: String, timeZone: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.nation = nation
        self.timeZone = timeZone
    }
}
