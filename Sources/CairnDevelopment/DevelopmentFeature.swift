import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Vapor

/// Practice development plans linked to personal development plans, appraisal and revalidation (issue #18):
/// facilitators run practices' plans at workshops, each person keeps their own plan and evidence, and the
/// responsible officer sees dates and completeness only.
package struct DevelopmentFeature: Feature {
    package init() {}

    package let name = "development"
    package var actions: [Action] { Action.developmentActions }
    package var migrations: [any Migration] { [CreatePracticeDevelopment()] }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: PracticeController())
        try routes.register(collection: MyDevelopmentController())
        try routes.register(collection: OverviewController())
    }

    package var apiRecordLoaders: [String: RecordLoader] {
        [
            "practiceId": DevelopmentAccess.practiceLoader(parameter: "practiceId"),
            "developmentId": DevelopmentAccess.developmentLoader(
                parameter: "developmentId", practiceParameter: "practiceId"),
            "pdpItemId": DevelopmentAccess.pdpItemLoader(parameter: "pdpItemId"),
            "workshopId": DevelopmentAccess.workshopLoader(parameter: "workshopId", practiceParameter: "practiceId"),
        ]
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(label: "Practices", path: SiteURL.practices.path, action: .readPracticePlan, order: 280),
            NavigationEntry(
                label: "My development", path: SiteURL.myDevelopment.path, action: .keepOwnDevelopment, order: 285),
            NavigationEntry(
                label: "Appraisal overview", path: SiteURL.appraisalOverview.path, action: .readAppraisalOverview,
                order: 290),
        ]
    }

    package var homes: [RoleHome] {
        [
            RoleHome(role: .responsibleOfficer, path: SiteURL.appraisalOverview.path, rank: 60)
        ]
    }

    /// Revalidation notices four months ahead, each sent once.
    package func housekeeping(_ app: Application, now: Date) async throws {
        try await RevalidationNotices(context: ServiceContext(application: app)).sendDue()
    }

    package func demo(_ app: Application) async throws -> [String] { try await DemoDevelopment.load(app) }

    package var models: [any DeclaresPersonalData.Type] {
        [
            Practice.self, PracticeMember.self, PracticeWorkshop.self, WorkshopAttendee.self, PracticeNeed.self,
            NeedRanking.self, PracticeDevelopment.self, PDPItem.self, DevelopmentEvidence.self,
            DevelopmentProfile.self, Appraisal.self, SengeEntry.self,
        ]
    }
}
