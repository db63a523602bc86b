import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import SQLKit
import Vapor

/// Peer-support and case-discussion groups ("clinical café", issue #16): groups with a confidentiality agreement,
/// monthly meetings, places with a waiting list, attendance, the facilitator's record, and structured reflections
/// each clinician owns.
package struct PeerGroupsFeature: Feature {
    package init() {}

    package let name = "peer-groups"
    package var actions: [Action] { Action.peerGroupActions }
    package var migrations: [any Migration] {
        [
            CreatePeerGroups(), AddPeerMeetingMoves(), CreateReflectionTemplates(), AddPeerGroupInvitations(),
            AddPresenterTurns(),
        ]
    }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: PeerGroupController())
        try routes.register(collection: MeetingController())
        try routes.register(collection: ReflectionController())
        try routes.register(collection: PeerGroupFiguresController())
    }

    package var apiRecordLoaders: [String: RecordLoader] {
        [
            "groupId": PeerGroupAccess.groupLoader(parameter: "groupId"),
            "meetingId": PeerGroupAccess.meetingLoader(parameter: "meetingId"),
            "reflectionId": PeerGroupAccess.reflectionLoader(parameter: "reflectionId"),
        ]
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(label: "Peer groups", path: SiteURL.groups.path, action: .takePartInPeerGroups, order: 250),
            NavigationEntry(
                label: "Reflections", path: SiteURL.reflections.path, action: .writeOwnReflections, order: 260),
            NavigationEntry(
                label: "Reflective models", path: SiteURL.reflectionTemplates.path,
                action: .manageReflectionTemplates, order: 265),
        ]
    }

    package var homes: [RoleHome] {
        [RoleHome(role: .facilitator, path: SiteURL.groups.path, rank: 30)]
    }

    package var models: [any DeclaresPersonalData.Type] {
        [
            PeerGroup.self, PeerGroupMember.self, PeerMeeting.self, MeetingPlace.self, Reflection.self,
            ReflectionTemplate.self, PeerGroupInvitation.self, PresenterSwap.self,
        ]
    }

    /// `cairn demo`'s part from this feature.
    package func demo(_ app: Application) async throws -> [String] { try await DemoPeerGroups.load(app) }

    /// The meetings the person has a place at, for their calendar feed.
    package func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        try await PeerGroupCalendar.events(for: personID, state: state, on: database)
    }

    /// The person's own reflections (their words, for their own export) and the groups whose meetings they attended
    /// (a count and the time, never what was said), as portfolio evidence.
    package func portfolioFacts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] {
        try await PeerGroupPortfolio.facts(for: personID, context: context)
    }

    /// Keeps a year of meetings planned ahead for every group still meeting. Only groups whose last planned meeting
    /// is less than eleven months away are read (one aggregate query finds them), so a round costs what it plans,
    /// not the number of groups.
    package func housekeeping(_ app: Application, now: Date) async throws {
        let context = ServiceContext(application: app)
        let service = PeerGroupService(context: context)
        let threshold = context.state.today.adding(days: 334).description
        let sql = app.db as! any SQLDatabase
        let planned = SQLFunction(
            "COALESCE", args: SQLColumn("rule_day", table: "m"), SQLColumn("day", table: "m"))
        let due = try await sql.select().column(SQLColumn("id", table: "g"))
            .from(SQLAlias(SQLIdentifier(PeerGroup.schema), as: SQLIdentifier("g")))
            .join(
                SQLAlias(SQLIdentifier(PeerMeeting.schema), as: SQLIdentifier("m")), method: SQLJoinMethod.left,
                on: SQLColumn("group_id", table: "m"), .equal, SQLColumn("id", table: "g")
            )
            .where(SQLColumn("ended_at", table: "g"), .is, SQLLiteral.null)
            .groupBy(SQLColumn("id", table: "g"))
            // A moved meeting counts on the day its rule gave (a move far ahead must not make a group look planned).
            .having(SQLFunction("MAX", args: planned), .is, SQLLiteral.null)
            .orHaving(SQLFunction("MAX", args: planned), .lessThan, SQLBind(threshold))
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        for chunk in stride(from: 0, to: due.count, by: 100) {
            let ids = Array(due[chunk..<min(chunk + 100, due.count)])
            for group in try await PeerGroup.query(on: app.db).filter(\.$id ~~ ids).all() {
                try await service.planMeetings(for: group, from: context.state.today)
            }
        }
    }
}
