import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent
import Foundation
import Logging
import Prometheus
import Vapor

/// Assembles the application: the one function production and tests both call, so tests run what ships.
public enum CairnApp {
    /// Builds a configured application. It does not touch the database: see `prepare(_:migrate:)`.
    public static func build(
        _ configuration: CairnConfiguration, collaborators: Collaborators = .live
    ) async throws -> Application {
        try await build(configuration, collaborators: collaborators, features: CairnFeatures.all)
    }

    /// Builds with another list of features (a test adding a throwaway feature, for one).
    static func build(
        _ configuration: CairnConfiguration, collaborators: Collaborators, features: [any Feature]
    ) async throws -> Application {
        let environment = Environment(name: environmentName(configuration.mode), arguments: ["cairn"])
        let app = try await Application.make(environment)
        do {
            try configure(app, configuration: configuration, collaborators: collaborators, features: features)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Checks the database answers, migrates when asked, and makes sure the organisation exists.
    public static func prepare(_ app: Application, migrate: Bool) async throws {
        let configuration = app.cairn.configuration
        try await DatabaseSetup.checkReachable(configuration, database: app.db)
        try await DatabaseSetup.checkDurability(configuration, database: app.db, logger: app.logger)
        // Processes starting together on one PostgreSQL (several instances behind a balancer) take turns here.
        try await DatabaseSetup.oneStartAtATime(configuration, database: app.db) {
            if migrate { try await app.autoMigrate() }
            // A key file that is not this database's stops here, in one sentence, before anything answers "ready".
            try await KeyCanary.check(cipher: app.cairn.cipher, now: app.cairn.collaborators.now(), on: app.db)
            let organisation = try await app.db.transaction { database in
                try await OrganisationService.ensureDefault(
                    on: database, name: configuration.organisationName, nation: configuration.nation,
                    timeZone: configuration.timeZone.identifier, newID: app.cairn.collaborators.newID())
            }
            app.cairn.organisation = organisation
            for feature in app.cairn.features { try await feature.prepare(app) }
        }
    }

    /// The key file, created on first start; tests without one get a ring that lives as long as the app.
    private static func loadKeyRing(_ configuration: CairnConfiguration, logger: Logger) throws -> KeyRing {
        guard let path = configuration.keyFile else { return KeyRing.generate() }
        let (ring, created) = try KeyRing.loadOrCreate(path: path)
        if created {
            logger.notice("created a new key file: back it up apart from the database", metadata: ["path": "\(path)"])
        }
        return ring
    }

    static func environmentName(_ mode: CairnConfiguration.Mode) -> String {
        switch mode {
        case .development: "development"
        case .production: "production"
        case .testing: "testing"
        }
    }

    private static func configure(
        _ app: Application, configuration: CairnConfiguration, collaborators: Collaborators, features: [any Feature]
    ) throws {
        // The data directory is checked (by registering the database) before the key file is made inside it.
        try DatabaseSetup.register(configuration, on: app)
        let keyRing = try loadKeyRing(configuration, logger: app.logger)
        app.cairn = try CairnState(
            configuration: configuration, collaborators: collaborators, keyRing: keyRing, features: features)
        app.logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        app.directory = DirectoryConfiguration(workingDirectory: configuration.resourcesDirectory)
        app.http.server.configuration.hostname = configuration.host
        app.http.server.configuration.port = configuration.port
        app.http.server.configuration.serverName = nil
        // A connection that neither sends nor receives for a minute is closed: stalled or slow clients (a body
        // shorter than its Content-Length, a connection opened and left) cannot hold the server for ever. The
        // longest request Cairn answers (a 5,000-row import) takes about 13 s in a release build.
        app.http.server.configuration.idleTimeout = .seconds(60)
        // On SIGTERM requests in flight may finish for up to 45 s (longer than any database wait: SQLite's write
        // gate and PostgreSQL's pool wait 30 s) before the databases shut down.
        app.http.server.configuration.shutdownTimeout = .seconds(45)
        app.routes.defaultMaxBodySize = "1mb"

        app.migrations.add(CairnMigrations.all(cipher: app.cairn.cipher, features: app.cairn.features))
        app.programmeEnrolling = ProgrammeEnrollingAdapter()

        app.middleware = Middlewares()
        // Signing out of a single sign-on session goes on to the provider's own sign-out (a form's redirect).
        let providerOrigin = configuration.singleSignOn.flatMap { settings -> String? in
            guard let scheme = settings.issuer.scheme, let host = settings.issuer.host else { return nil }
            return "\(scheme)://\(host)" + (settings.issuer.port.map { ":\($0)" } ?? "")
        }
        app.middleware.use(
            SecurityHeaders(
                strictTransport: configuration.baseURL.scheme == "https", formTargets: providerOrigin.map { [$0] } ?? []
            ))
        app.middleware.use(HeaderIntegrity())
        app.middleware.use(RequestMetrics(registry: app.cairn.metrics))
        app.middleware.use(ErrorResponder(pageContext: { $0.pageContext }))
        app.middleware.use(NulByteGuard())
        app.middleware.use(StaticFiles(publicDirectory: app.directory.publicDirectory))
        app.middleware.use(SessionAuthenticator())
        app.middleware.use(BearerAuthenticator())
        app.middleware.use(MethodNotAllowed())
        app.middleware.use(CSRFGuard())
        app.middleware.use(DateFieldsJoiner())
        app.middleware.use(PolicyGate())
        app.middleware.use(AfterActionGate())

        try registerRoutes(app)
        app.cairn.notices = try NoticeCatalogue(routes: app.routes.all)
    }
}
