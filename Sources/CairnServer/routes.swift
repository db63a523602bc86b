import OpenAPIVapor
import Vapor

extension CairnApp {
    /// Registers every route: pages and operations here, the JSON API through the generated server.
    static func registerRoutes(_ app: Application) throws {
        try app.register(collection: HomeController())
        try app.register(collection: OperationsController())
        try APIRoutes.register(on: app)
    }
}
