import CairnCore
import CairnPlatform
import Vapor

/// Administrators manage accounts and roles, never support content.
package struct AdministrationFeature: Feature {
    package init() {}

    package let name = "administration"
    package var actions: [Action] { Action.administrationActions }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: AdminController())
        try routes.register(collection: AuditTrailController())
    }

    package var homes: [RoleHome] { [RoleHome(role: .admin, path: SiteURL.adminPeople.path, rank: 30)] }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(label: "People", path: SiteURL.adminPeople.path, action: .findPeople, order: 900),
            NavigationEntry(label: "Audit trail", path: SiteURL.auditTrail.path, action: .readAuditTrail, order: 913),
        ]
    }
}
