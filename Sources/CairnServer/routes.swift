import OpenAPIVapor
import Vapor

extension CairnApp {
    /// Registers every route: pages and operations here, the JSON API through the generated server.
    /// Each route declares its action (`routes.on(_:action:use:)`); `PolicyGate` refuses any route that does not.
    static func registerRoutes(_ app: Application) throws {
        try app.register(collection: HomeController())
        try app.register(collection: OperationsController())
        try app.register(collection: SignInController())
        try app.register(collection: RegistrationController())
        try app.register(collection: AccountController())
        try app.register(collection: AdminController())
        try app.register(collection: ReferralController())
        try app.register(collection: CaseController())
        try app.register(collection: MyCaseController())
        try app.register(collection: FiguresController())
        try app.register(collection: EducatorReferralController())
        try app.register(collection: MentoringController())
        try app.register(collection: MyMentoringController())
        try app.register(collection: MentorChoices())
        try APIRoutes.register(on: app, loaders: ["caseId": CaseAccess.loader(parameter: "caseId")])
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
