import CairnCore
import Vapor

/// The main navigation, by what the actor may do: each feature contributes its entries (`Feature.navigation`).
enum Navigation {
    static func items(for request: Request) -> [NavigationItem] {
        var items = [NavigationItem(label: "Home", path: SiteURL.home.path)]
        guard let actor = request.actor, actor.isFullySignedIn else {
            items.append(NavigationItem(label: "Sign in", path: SiteURL.signIn.path))
            return items
        }
        let entries = CairnFeatures.all.flatMap(\.navigation).sorted { $0.order < $1.order }
        for entry in entries where Policy.decide(actor, entry.action) == .allow {
            items.append(NavigationItem(label: entry.label, path: entry.path))
        }
        return items
    }
}
