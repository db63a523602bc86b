import CairnCore
import Vapor

/// The main navigation, by what the actor may do: each feature contributes its entries (`Feature.navigation`).
package enum Navigation {
    package static func items(for request: Request) -> [NavigationItem] {
        guard let actor = request.actor, actor.isFullySignedIn else {
            return [
                NavigationItem(label: "Home", path: SiteURL.home.path),
                NavigationItem(label: "Sign in", path: SiteURL.signIn.path),
            ]
        }
        // Signed in, "Home" is the start of one's own work, not the public page.
        let start = RoleHome.start(for: actor.roles, in: request.application.cairn.features)
        var items = [NavigationItem(label: "Home", path: start == SiteURL.account.path ? SiteURL.home.path : start)]
        let entries = request.application.cairn.features.flatMap(\.navigation).sorted { $0.order < $1.order }
        for entry in entries where Policy.decide(actor, entry.action) == .allow {
            items.append(NavigationItem(label: entry.label, path: entry.path))
        }
        return items
    }
}
