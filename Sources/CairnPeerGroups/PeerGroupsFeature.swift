import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Vapor

/// Peer-support and case-discussion groups ("clinical café", issue #16): groups with a confidentiality agreement,
/// monthly meetings, places with a waiting list, attendance, the facilitator's record, and structured reflections
/// each clinician owns.
package struct PeerGroupsFeature: Feature {
    package init() {}

    package let name = "peer-groups"
    package var actions: [Action] { Action.peerGroupActions }
    package var migrations: [any Migration] { [CreatePeerGroups()] }

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
        ]
    }

    package var homes: [RoleHome] {
        [RoleHome(role: .facilitator, path: SiteURL.groups.path, rank: 30)]
    }

    package var models: [any DeclaresPersonalData.Type] {
        [PeerGroup.self, PeerGroupMember.self, PeerMeeting.self, MeetingPlace.self, Reflection.self]
    }

    /// `cairn demo`'s part from this feature.
    package func demo(_ app: Application) async throws -> [String] { try await DemoPeerGroups.load(app) }

    /// The meetings the person has a place at, for their calendar feed.
    package func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        try await PeerGroupCalendar.events(for: personID, state: state, on: database)
    }

    /// Keeps a year of meetings planned ahead for every group still meeting.
    package func housekeeping(_ app: Application, now: Date) async throws {
        let context = ServiceContext(application: app)
        let service = PeerGroupService(context: context)
        var page = 0
        while true {
            let groups = try await PeerGroup.query(on: app.db).filter(\.$endedAt == nil).sort(\.$id).range(
                (page * 100)..<((page + 1) * 100)
            )
            .all()
            if groups.isEmpty { break }
            for group in groups { try await service.planMeetings(for: group, from: context.state.today) }
            page += 1
        }
    }
}
