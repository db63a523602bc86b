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
        try APIRoutes.register(on: app)
    }
}
