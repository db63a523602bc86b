import Vapor

/// Every path of the site, as one typed enum: it registers the routes and builds the links, so a link cannot
/// point nowhere and a renamed path changes in one place.
enum SiteURL: Equatable, Sendable {
    case home
    case healthz
    case readyz
    case metrics
    case openAPISpec

    /// The path a link uses.
    var path: String {
        "/" + pathComponents.map(\.description).joined(separator: "/")
    }

    /// The pattern a route is registered with.
    var pathComponents: [PathComponent] {
        switch self {
        case .home: []
        case .healthz: ["healthz"]
        case .readyz: ["readyz"]
        case .metrics: ["metrics"]
        case .openAPISpec: ["api", "openapi.yaml"]
        }
    }
}
