import CairnAccounts
import CairnCore
import CairnPlatform

/// Who reads and who edits the library. Editors (unit leads, programme leads and facilitators) write, publish and
/// withdraw their organisation's items and see its drafts; a published item is read by its organisation's people,
/// by anyone signed in when public, and by visitors when public.
extension Action {
    static let libraryEditors: Set<Role> = [.unitLead, .programmeLead, .facilitator]

    /// Write an item; on one: an editor of its organisation.
    package static let editLibrary = Action("edit_library", decidedOnARecord: true) { actor, resource in
        guard !actor.roles.isDisjoint(with: libraryEditors) else { return .deny }
        if resource == .none { return .allow }
        guard let item = resource.standing(Policy.LibraryStanding.self) else { return .deny }
        return item.isSameOrganisation ? .allow : .deny
    }

    /// The library and its search (everyone, filtered to what each may read); an item: published and public or of
    /// the reader's organisation, or any of their organisation's items for its editors. Visitors read public items.
    package static let readLibrary = Action(
        "read_library", decidedOnARecord: true,
        rule: { actor, resource in
            if resource == .none { return .allow }
            guard let item = resource.standing(Policy.LibraryStanding.self) else { return .deny }
            if item.isSameOrganisation && !actor.roles.isDisjoint(with: libraryEditors) { return .allow }
            return item.isPublished && (item.isPublic || item.isSameOrganisation) ? .allow : .deny
        },
        visitors: { resource in
            guard let item = resource.standing(Policy.LibraryStanding.self) else { return .deny }
            return item.isPublished && item.isPublic ? .allow : .deny
        })

    package static let libraryActions: [Action] = [.editLibrary, .readLibrary]
}

extension Policy {
    /// How an actor (or a visitor) stands to a library item.
    package struct LibraryStanding: PolicyStanding {
        package var isSameOrganisation: Bool
        package var isPublished: Bool
        package var isPublic: Bool

        package init(isSameOrganisation: Bool, isPublished: Bool, isPublic: Bool) {
            self.isSameOrganisation = isSameOrganisation
            self.isPublished = isPublished
            self.isPublic = isPublic
        }
    }
}
