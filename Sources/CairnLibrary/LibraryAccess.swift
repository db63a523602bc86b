import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Loads a library item with the reader's standing to it (or a visitor's) for the gate.
package enum LibraryAccess {
    static func standing(of actor: Actor?, to item: LibraryItem) -> Policy.LibraryStanding {
        Policy.LibraryStanding(
            isSameOrganisation: actor.map { $0.organisationID == item.organisationID } ?? false,
            isPublished: item.status == .published, isPublic: item.visibility == .public)
    }

    package static func loader(parameter: String = "libraryItemID") -> RecordLoader {
        .of(
            LibraryItem.self, parameter: parameter,
            load: { id, request in try await LibraryItem.find(id, on: request.db) },
            standing: { item, actor, _ in .record(standing(of: actor, to: item)) },
            describe: { .init(type: .libraryItem, id: $0.id?.uuidString ?? "") },
            visitorStanding: { item, _ in .record(standing(of: nil, to: item)) })
    }
}
