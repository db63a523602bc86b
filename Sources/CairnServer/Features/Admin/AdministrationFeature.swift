import CairnCore
import Vapor

/// Administrators manage accounts and roles, never support content.
struct AdministrationFeature: Feature {
    let name = "administration"
    var actions: [Action] { Action.administrationActions }

    func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: AdminController())
    }

    var homes: [RoleHome] { [RoleHome(role: .admin, path: SiteURL.adminPeople.path, rank: 30)] }

    var navigation: [NavigationEntry] {
        [NavigationEntry(label: "People", path: SiteURL.adminPeople.path, action: .findPeople, order: 900)]
    }
}
