import CairnCore
import Fluent
import Vapor

/// One area of Cairn as one value (issue #12, item 2): what it adds to the application. The app lists its
/// features once (`CairnState.features`, from the app's list); routes, API record loaders, navigation, the personal-data map and
/// housekeeping are gathered from that list, so adding a feature touches its own folder and that list.
package protocol Feature: Sendable {
    /// A short name, for logs and the architecture page.
    var name: String { get }
    /// The actions its routes and operations perform, each with the rule that decides it.
    var actions: [Action] { get }
    /// Its page routes, each declaring its action (and a record loader where it acts on one record).
    func registerRoutes(on routes: any RoutesBuilder) throws
    /// How its API operations that act on one record load it, keyed by the path parameter that names it.
    var apiRecordLoaders: [String: RecordLoader] { get }
    /// Its entries in the main navigation, each shown to those the policy allows its action.
    var navigation: [NavigationEntry] { get }
    /// Its migrations, in the order they run, after every landed one (the app's `CairnMigrations`).
    var migrations: [any Migration] { get }
    /// Its models, each declaring its personal data.
    var models: [any DeclaresPersonalData.Type] { get }
    /// Kinds of record a retention rule may erase once they are old enough.
    var retentionKinds: [RetentionKind] { get }
    /// Where people holding a role start after signing in, when this feature is their work.
    var homes: [RoleHome] { get }
    /// `cairn demo`: its demonstration data, loaded into an empty database after the features before it in the
    /// app's list; the lines to print (sign-in details, counts).
    func demo(_ app: Application) async throws -> [String]
    /// Work for each housekeeping round (about every five minutes); safe to run in several processes at once.
    func housekeeping(_ app: Application, now: Date) async throws
    /// Work before the service answers, once the database is migrated and the organisation known (keeping derived
    /// tables in step with the configuration, for one).
    func prepare(_ app: Application) async throws
    /// What this feature puts in a person's private calendar feed (their sessions, their meetings): the feed gathers
    /// every feature's events, so no feature needs to know another's.
    func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    /// What this feature holds that a person may bring to their development portfolio (issue #18 item 4): their own
    /// reflections, their part in a group or a programme as facts (never what anyone else said). Asked only for the
    /// person themselves, so the portfolio needs to know no other feature.
    func portfolioFacts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact]
    /// What this feature offers someone with these reasons for support (the library's guides), for their own page:
    /// the reasons are used in this request only, kept and logged nowhere, and nothing about the person is stored.
    func suggestions(for reasons: [ReferralReason], context: ServiceContext) async throws -> [Suggestion]
    /// What this feature offers a case manager to add to a support plan (issue #19 item 6): up to `limit` of its
    /// guides or events that every signed-in member of the case manager's organisation may open (never a draft, a
    /// withdrawn guide, a staff-only or past event), best first for `query`, or for `reasons` when it is empty.
    func planResources(matching query: SearchQuery, reasons: [ReferralReason], limit: Int, context: ServiceContext)
        async throws -> [PlanResource]
    /// Those of `references` that are this feature's, as they stand now (an unknown id is left out).
    func planResources(_ references: [PlanResourceReference], context: ServiceContext) async throws
        -> [PlanResource]
}

extension Feature {
    package var actions: [Action] { [] }
    package var apiRecordLoaders: [String: RecordLoader] { [:] }
    package var navigation: [NavigationEntry] { [] }
    package var migrations: [any Migration] { [] }
    package var models: [any DeclaresPersonalData.Type] { [] }
    package var retentionKinds: [RetentionKind] { [] }
    package var homes: [RoleHome] { [] }
    package func demo(_ app: Application) async throws -> [String] { [] }
    package func housekeeping(_ app: Application, now: Date) async throws {}
    package func prepare(_ app: Application) async throws {}
    package func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    { [] }
    package func portfolioFacts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] { [] }
    package func suggestions(for reasons: [ReferralReason], context: ServiceContext) async throws -> [Suggestion] {
        []
    }
    package func planResources(
        matching query: SearchQuery, reasons: [ReferralReason], limit: Int, context: ServiceContext
    ) async throws -> [PlanResource] { [] }
    package func planResources(_ references: [PlanResourceReference], context: ServiceContext) async throws
        -> [PlanResource]
    { [] }
}

/// A guide or an event a support plan may point to, as its feature describes it now.
package struct PlanResource: Sendable, Equatable {
    package var reference: PlanResourceReference
    package var title: String
    /// What it is and when, in a few words ("Guide", "Tuesday 12 January 2027, 13:00, online").
    package var detail: String
    package var path: String
    /// Whether it may be added to a plan now: published, open to members, and (an event) still to come.
    package var isOpen: Bool

    package init(reference: PlanResourceReference, title: String, detail: String, path: String, isOpen: Bool) {
        self.reference = reference
        self.title = title
        self.detail = detail
        self.path = path
        self.isOpen = isOpen
    }
}

/// Something another part of Cairn suggests to a person (a guide for the reasons they came with).
package struct Suggestion: Sendable, Equatable {
    package var title: String
    package var summary: String
    package var path: String

    package init(title: String, summary: String, path: String) {
        self.title = title
        self.summary = summary
        self.path = path
    }
}

/// One thing from elsewhere in Cairn a person may attach to their portfolio as evidence.
package struct PortfolioFact: Sendable, Equatable, Codable {
    /// Which part of Cairn it comes from ("reflection", "peer_group", "mentoring"), and its record there.
    package var source: String
    package var reference: String
    package var day: String
    package var title: String
    package var minutes: Int
    /// The kind of evidence it most likely is (the person may choose another).
    package var kind: EvidenceKind
    /// The person's own words (a reflection, as Markdown), for their own export; nil for a fact.
    package var content: String?

    package init(
        source: String, reference: String, day: String, title: String, minutes: Int, kind: EvidenceKind,
        content: String? = nil
    ) {
        self.source = source
        self.reference = reference
        self.day = day
        self.title = title
        self.minutes = minutes
        self.kind = kind
        self.content = content
    }
}

/// A link in the main navigation: shown when the policy allows `action`, placed by `order` (smaller first).
package struct NavigationEntry: Sendable {
    package var label: String
    package var path: String
    package var action: Action
    package var order: Int

    package init(label: String, path: String, action: Action, order: Int) {
        self.label = label
        self.path = path
        self.action = action
        self.order = order
    }
}

/// A role's starting page: someone with several roles starts at the home of smallest `rank` (staff work first).
package struct RoleHome: Sendable {
    package var role: Role
    package var path: String
    package var rank: Int

    /// The starting page for someone with `roles`: their work, or their account when no feature claims them.
    package static func start(for roles: Set<Role>, in features: [any Feature]) -> String {
        features.flatMap(\.homes).filter { roles.contains($0.role) }.min { $0.rank < $1.rank }?.path
            ?? SiteURL.account.path
    }

    package init(role: Role, path: String, rank: Int) {
        self.role = role
        self.path = path
        self.rank = rank
    }
}
