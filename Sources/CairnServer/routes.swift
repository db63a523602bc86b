import CairnAPI
import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import OpenAPIVapor
import Vapor

/// Every feature's operations together make the generated server's protocol.
extension APIHandler: APIProtocol {}

extension CairnApp {
    /// Registers every route: pages and operations here, the JSON API through the generated server.
    /// Each route declares its action (`routes.on(_:action:use:)`); `PolicyGate` refuses any route that does not.
    static func registerRoutes(_ app: Application) throws {
        for feature in app.cairn.features { try feature.registerRoutes(on: app) }
        // A path parameter names one kind of record: two features loading the same name would let one feature's
        // loader gate the other's operations, so that stops start-up.
        var loaders: [String: RecordLoader] = [:]
        for feature in app.cairn.features {
            for (name, loader) in feature.apiRecordLoaders {
                guard loaders.updateValue(loader, forKey: name) == nil else {
                    throw ConfigurationError(
                        "features", "declare a loader for the API path parameter \"\(name)\" twice.")
                }
            }
        }
        try APIRoutes.register(APIHandler(), on: app, loaders: loaders)
        try requireRecordLoaders(app.routes.all)
    }

    /// Stops start-up when a route acting on one record does not say how the gate loads it.
    static func requireRecordLoaders(_ routes: [Route]) throws {
        let unloaded = RecordLoader.routesWithoutLoader(routes)
        guard unloaded.isEmpty else { throw RouteDeclarationError(routes: unloaded) }
    }
}

/// A route whose action is decided on a record, registered without saying how to load it: Cairn does not start.
struct RouteDeclarationError: Error, CustomStringConvertible {
    var routes: [String]
    var description: String {
        "these routes act on one record but declare no loader for the gate: \(routes.joined(separator: ", "))"
    }
}
