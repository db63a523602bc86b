import CairnPlatform
import Fluent
import Vapor

/// Signing in and out, registration, invitations, one's own account and API tokens.
package struct AccountsFeature: Feature {
    package init() {}

    package let name = "accounts"
    package var actions: [Action] { Action.accountsActions }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: SignInController())
        try routes.register(collection: SingleSignOnController())
        try routes.register(collection: RegistrationController())
        try routes.register(collection: AccountController())
        try routes.register(collection: SessionController())
    }

    package var migrations: [any Migration] { [CreateHeldForms(), CreateSingleSignOn()] }

    /// The organisation's sign-in provider, when configured: one client per process.
    package func prepare(_ app: Application) async throws {
        app.openIDProvider = app.cairn.configuration.singleSignOn.map(OpenIDProvider.init(settings:))
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(label: "Your account", path: SiteURL.account.path, action: .viewOwnAccount, order: 1_000)]
    }

    package var models: [any DeclaresPersonalData.Type] {
        [
            Person.self, RoleGrant.self, RecoveryCode.self, SignInSession.self, SignInThrottle.self, OneTimeLink.self,
            APIToken.self, HeldForm.self, LapsedSignIn.self, SingleSignOnAttempt.self, ExternalIdentity.self,
        ]
    }

    /// Expired sessions and links go.
    package func housekeeping(_ app: Application, now: Date) async throws {
        try await SessionStore.purgeExpired(now: now, on: app.db)
        try await HeldForms.purgeExpired(now: now, on: app.db)
        try await OneTimeLink.query(on: app.db).filter(\.$expiresAt < now.addingTimeInterval(-86_400)).delete()
        try await SingleSignOnAttempt.query(on: app.db).filter(\.$expiresAt < now).delete()
    }
}

extension AccountsFeature {
    /// `cairn demo`'s part from this feature.
    package func demo(_ app: Application) async throws -> [String] { try await DemoAccounts.load(app) }
}
