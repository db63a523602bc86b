import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Vapor

/// Mentoring programmes: registry, enrolment, matching, sessions, feedback and evaluation.
package struct MentoringFeature: Feature {
    package init() {}

    package let name = "mentoring"
    package var actions: [Action] { Action.mentoringActions }
    package var migrations: [any Migration] { [AddProgrammeVersions(), AddPairExternalReference()] }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: ProgrammeController())
        try routes.register(collection: MatchingController())
        try routes.register(collection: DashboardController())
        try routes.register(collection: MyMentoringController())
        try routes.register(collection: MentorChoiceController())
        try routes.register(collection: PastPairsController())
    }

    package var apiRecordLoaders: [String: RecordLoader] {
        [
            "programmeId": MentoringAccess.programmeLoader(parameter: "programmeId"),
            "pairId": MentoringAccess.pairLoader(parameter: "pairId"),
            "sessionId": MentoringAccess.sessionLoader(parameter: "sessionId"),
            "openProgrammeId": MentoringAccess.programmeForMembersLoader(parameter: "openProgrammeId"),
            "registryMentorId": MentoringAccess.registryMentorLoader(parameter: "registryMentorId"),
        ]
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(label: "Mentoring", path: SiteURL.myMentoring.path, action: .viewOwnMentoring, order: 200),
            NavigationEntry(
                label: "Mentoring shared with you", path: SiteURL.mentoringShared.path,
                action: .viewSharedMentoring, order: 300),
            NavigationEntry(
                label: "Programmes", path: SiteURL.mentoring.path, action: .runMentoringProgrammes, order: 400),
        ]
    }

    package var homes: [RoleHome] {
        [
            RoleHome(role: .programmeLead, path: SiteURL.mentoring.path, rank: 20),
            RoleHome(role: .mentor, path: SiteURL.myMentoring.path, rank: 50),
        ]
    }

    package var models: [any DeclaresPersonalData.Type] {
        [
            MentoringProgramme.self, Mentor.self, MentorTraining.self, ProgrammeMentor.self, Mentee.self,
            MatchingRun.self, MatchProposal.self, MentoringPair.self, MentoringSession.self, SessionFeedback.self,
            CalendarFeed.self, EvaluationQuestionnaire.self, EvaluationResponse.self,
        ]
    }

    /// Mentoring pairs, with their sessions, feedback and evaluation, some years after their programme's window
    /// closed (and the pair ended, where it ended later).
    package var retentionKinds: [RetentionKind] {
        [
            RetentionKind(
                id: "mentoring_pairs", title: "Mentoring pairs", table: MentoringPair.schema,
                after: "after their programme's mentoring window closed", defaultYears: 2
            ) { cutoff, database in
                let cutoffDay = DisplayTime.isoDay(cutoff, in: TimeZone(identifier: "UTC") ?? .current)
                let ended = try await MentoringProgramme.query(on: database).all().filter { programme in
                    guard let start = CalendarDay(iso: programme.cohortStartsOn) else { return false }
                    return start.adding(months: programme.windowMonths).description < cutoffDay
                }.compactMap(\.id)
                guard !ended.isEmpty else { return [] }
                return try await MentoringPair.query(on: database).filter(\.$programmeID ~~ ended)
                    .group(.or) { $0.filter(\.$endedAt == nil).filter(\.$endedAt < cutoff) }
                    .sort(\.$id).field(\.$id).all().map { try $0.requireID() }
            }
        ]
    }

    /// The person's mentoring sessions, for their calendar feed.
    package func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        try await MentoringCalendar.events(for: personID, state: state, on: database)
    }

    /// Reminders before sessions and nudges after unlogged ones.
    package func housekeeping(_ app: Application, now: Date) async throws {
        try await MentoringReminders.run(database: app.db, state: app.cairn)
    }
}

extension MentoringFeature {
    /// `cairn demo`'s part from this feature.
    package func demo(_ app: Application) async throws -> [String] { try await DemoMentoring.load(app) }

    /// The pairs the person is in, as mentee or mentor: sessions held and their time, as portfolio evidence.
    package func portfolioFacts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] {
        try await MentoringPortfolio.facts(for: personID, context: context)
    }
}
