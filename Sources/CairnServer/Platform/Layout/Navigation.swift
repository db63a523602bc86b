import Vapor

/// The main navigation. It grows per role as features land (case work, mentoring, reports).
enum Navigation {
    static func items(for request: Request) -> [NavigationItem] {
        [NavigationItem(label: "Home", path: SiteURL.home.path)]
    }
}
