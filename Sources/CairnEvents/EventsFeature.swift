import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
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

    /// Reminders the day before each session, once each.
    package func housekeeping(_ app: Application, now: Date) async throws {
        try await EventReminders(context: ServiceContext(application: app)).sendDue()
    }
}
