import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import SQLKit
import Vapor

/// Learning events (issue #19 items 1–4 and 7): interdisciplinary workshops and courses with sessions, booking
/// with a waiting list, attendance, certificates with CPD hours and anonymous feedback; public or for members.
package struct EventsFeature: Feature {
    package init() {}

    package let name = "events"
    package var actions: [Action] { Action.eventActions }
    package var migrations: [any Migration] { [CreateLearningEvents()] }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: EventController())
        try routes.register(collection: EventFollowUpController())
    }

    package var apiRecordLoaders: [String: RecordLoader] {
        ["eventId": EventAccess.loader(parameter: "eventId")]
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(label: "Events", path: SiteURL.events.path, action: .viewLearningEvents, order: 300)]
    }

    package var models: [any DeclaresPersonalData.Type] {
        [
            LearningEvent.self, LearningEventSession.self, LearningEventOrganiser.self, EventBooking.self,
            EventFeedback.self,
        ]
    }

    package func demo(_ app: Application) async throws -> [String] { try await DemoEvents.load(app) }

    /// The sessions of the events the person has a place at, in their private calendar feed.
    package func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        try await EventCalendar.events(for: personID, state: state, on: database)
    }

    /// Events attended, each with its CPD hours: lines of the person's CPD record.
    package func portfolioFacts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] {
        try await EventCalendar.portfolioFacts(for: personID, context: context)
    }

    /// Published events still to come that every member of the case manager's organisation may book (never a
    /// staff-only one), soonest first: those whose title holds every word, or all of them when there are none.
    package func planResources(
        matching query: SearchQuery, reasons: [ReferralReason], limit: Int, context: ServiceContext
    ) async throws -> [PlanResource] {
        guard let actor = context.actor else { return [] }
        let sql = context.database as! any SQLDatabase
        let condition: SQLQueryString =
            "e.status = 'published' AND e.staff_only = \(bind: false) AND e.ends_at >= \(bind: context.now)"
            + " AND (e.visibility = 'public' OR e.organisation_id = \(bind: actor.organisationID))"
        // The words are matched here, in Swift, on the next 1,000 events' titles: SQLite's LOWER() folds only ASCII,
        // so matching in SQL would find "Über" on PostgreSQL and not on SQLite.
        let rows = try await sql.raw(
            "SELECT e.id, e.title FROM learning_events e WHERE " + condition + " ORDER BY e.starts_at, e.id LIMIT 1000"
        ).all()
        var ids: [UUID] = []
        for row in rows where ids.count < limit {
            let title = try row.decode(column: "title", as: String.self).lowercased()
            if query.words.allSatisfy({ title.contains($0) }) {
                ids.append(try row.decode(column: "id", as: UUID.self))
            }
        }
        let found = try await planResources(ids.map { .init(kind: .learningEvent, id: $0) }, context: context)
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.reference.id, $0) })
        return ids.compactMap { byID[$0] }
    }

    package func planResources(_ references: [PlanResourceReference], context: ServiceContext) async throws
        -> [PlanResource]
    {
        let ids = references.filter { $0.kind == .learningEvent }.map(\.id)
        guard !ids.isEmpty else { return [] }
        let zone = context.state.configuration.timeZone
        return try await LearningEvent.query(on: context.database).filter(\.$id ~~ ids).all().map { event in
            let members =
                event.visibility == .public
                || (context.actor.map { $0.organisationID == event.organisationID } ?? false)
            return PlanResource(
                reference: .init(kind: .learningEvent, id: try event.requireID()), title: event.title,
                detail: EventPages.when(event.startsAt, event.endsAt, zone: zone) + " · " + event.format.title,
                path: SiteURL.event(event.id).path,
                isOpen: event.status == .published && !event.staffOnly && members && event.endsAt >= context.now)
        }
    }

    /// Reminders the day before each session, once each.
    package func housekeeping(_ app: Application, now: Date) async throws {
        try await EventReminders(context: ServiceContext(application: app)).sendDue()
    }
}
