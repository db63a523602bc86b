import Vapor

/// Administrators manage accounts and roles, never support content.
struct AdministrationFeature: Feature {
    let name = "administration"

    func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: AdminController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(label: "People", path: SiteURL.adminPeople.path, action: .findPeople, order: 900)]
    }
}
