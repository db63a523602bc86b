import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Vapor

/// The Professional Support Unit: self-referral and educators' suggestions, triage, case work, the clinician's
/// own case, and the unit's figures.
package struct SupportFeature: Feature {
    package init() {}

    package let name = "support"
    package var actions: [Action] { Action.supportActions }
    package var migrations: [any Migration] {
        [
            IndexCaseTimelineAndReviews(), AddPlanItemResources(), AddFirstContactWorkingDays(),
            IndexCasesByClinician(), AddCaseExternalReference(), CreateCaseReads(),
        ]
    }

    package func prepare(_ app: Application) async throws {
        try await CaseCounts.prepare(app)
    }

    /// Folds the figures' delta rows (safe in several processes at once: see `CaseCounts.compact`).
    package func housekeeping(_ app: Application, now: Date) async throws {
        guard let organisation = app.cairn.organisation else { return }
        try await CaseCounts.compact(organisationID: organisation.id, on: app.db)
    }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        // Asking for support and one's own support offer "Exit this page" (issue #13 item 8).
        let leavable = routes.grouped(ExitThisPage())
        try leavable.register(collection: ReferralController())
        try routes.register(collection: TriageController())
        try routes.register(collection: CaseController())
        try leavable.register(collection: MyCaseController())
        try routes.register(collection: FiguresController())
        try routes.register(collection: EarlierRecordsController())
        try routes.register(collection: EducatorReferralController())
    }

    /// `requestId` names a request in the triage queue: taking one that someone else holds is a 409 that says so.
    package var apiRecordLoaders: [String: RecordLoader] {
        [
            "caseId": CaseAccess.loader(parameter: "caseId"),
            "requestId": CaseAccess.loader(parameter: "requestId", refusal: .takenBySomeoneElse),
            "suggestionId": EducatorReferralService.loader(parameter: "suggestionId"),
        ]
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(label: "Your support", path: SiteURL.mySupport.path, action: .viewOwnSupport, order: 100),
            NavigationEntry(
                label: "Suggest support", path: SiteURL.referSomeone.path, action: .suggestSupport, order: 600),
            NavigationEntry(label: "My caseload", path: SiteURL.caseload.path, action: .viewCaseload, order: 650),
            NavigationEntry(label: "Triage", path: SiteURL.triage.path, action: .viewTriageQueue, order: 700),
            NavigationEntry(label: "Figures", path: SiteURL.supportFigures.path, action: .viewTeamFigures, order: 800),
        ]
    }

    package var homes: [RoleHome] {
        [
            RoleHome(role: .caseManager, path: SiteURL.caseload.path, rank: 10),
            RoleHome(role: .unitLead, path: SiteURL.caseload.path, rank: 11),
            RoleHome(role: .supervisor, path: SiteURL.referSomeone.path, rank: 60),
            RoleHome(role: .clinician, path: SiteURL.mySupport.path, rank: 90),
        ]
    }

    package var models: [any DeclaresPersonalData.Type] {
        [
            SupportCase.self, CaseAssignment.self, CaseEvent.self, CaseNote.self, ReferralDraft.self, CaseMessage.self,
            PlanItem.self, CaseFeedback.self, EducatorReferral.self, EducatorUpdate.self, CaseRead.self,
        ]
    }

    /// Support cases, some years after they ended (closed, declined or withdrawn): NHS records retention keeps
    /// such records six years by default.
    package var retentionKinds: [RetentionKind] {
        [
            RetentionKind(
                id: "ended_support_cases", title: "Support cases", table: SupportCase.schema,
                after: "after the case ended (closed, declined or withdrawn)", defaultYears: 6
            ) { cutoff, database in
                try await SupportCase.query(on: database).filter(\.$closedAt < cutoff).sort(\.$id).field(\.$id).all()
                    .map { try $0.requireID() }
            }
        ]
    }
}

extension SupportFeature {
    /// `cairn demo`'s part from this feature.
    package func demo(_ app: Application) async throws -> [String] { try await DemoSupportYear.load(app) }
}
