import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Fluent
import Vapor

/// The public pages and operations endpoints, and the platform's own records (organisation, audit, outbox).
struct PlatformFeature: Feature {
    let name = "platform"
    var actions: [Action] { Action.platformActions }

    func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: HomeController())
        try routes.register(collection: AboutController())
        try routes.register(collection: OperationsController())
    }

    var models: [any DeclaresPersonalData.Type] {
        [Organisation.self, AuditEntry.self, OutboxMessage.self, KeyCanary.self, IdempotentResponse.self]
    }

    /// The platform's own tables since the landed ones.
    var migrations: [any Migration] { [CreateKeyCanary(), CreateJobLeases(), CreateIdempotentResponses()] }

    /// Answers kept for `Idempotency-Key` retries live a day.
    func housekeeping(_ app: Application, now: Date) async throws {
        try await IdempotentResponse.purge(now: now, on: app.db)
    }
}
