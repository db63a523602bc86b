import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Vapor

/// Induction, supervision and the road to GMC registration for medical support workers and international medical
/// graduates (issue #17): templates an organisation edits, each new starter's induction with items signed off by
/// their supervisor, overdue nudges, and a registration pathway whose deadlines the core works out.
package struct InductionFeature: Feature {
    package init() {}

    package let name = "induction"
    package var actions: [Action] { Action.inductionActions }
    package var migrations: [any Migration] {
        [
            CreateInduction(), CreateSupervision(), CreateRoleDescriptions(), AddSupervisionSchedule(),
            CreateEvidenceFiles(),
        ]
    }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: InductionController())
        try routes.register(collection: TemplateController())
        try routes.register(collection: PathwayController())
        try routes.register(collection: SupervisionController())
        try routes.register(collection: InductionFiguresController())
        try routes.register(collection: RoleDescriptionController())
    }

    package var apiRecordLoaders: [String: RecordLoader] {
        [
            "templateId": InductionAccess.templateLoader(parameter: "templateId"),
            "inductionId": InductionAccess.inductionLoader(parameter: "inductionId"),
            "inductionItemId": InductionAccess.itemLoader(
                parameter: "inductionItemId", inductionParameter: "inductionId"),
            "supervisionMeetingId": InductionAccess.supervisionLoader(parameter: "supervisionMeetingId"),
            "roleDescriptionId": InductionAccess.roleDescriptionLoader(parameter: "roleDescriptionId"),
        ]
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(label: "Induction", path: SiteURL.inductions.path, action: .followInduction, order: 270)]
    }

    package var homes: [RoleHome] { [] }

    package var models: [any DeclaresPersonalData.Type] {
        [
            InductionTemplate.self, InductionTemplateEntry.self, Induction.self, InductionItem.self,
            RegistrationPathwayRecord.self, PathwayEntryRecord.self, PathwayWarning.self, SupervisionMeeting.self,
            SupervisionAction.self, SupervisionPrivateNote.self, RoleDescription.self, RoleAcknowledgement.self,
            EvidenceFile.self,
        ]
    }

    package func demo(_ app: Application) async throws -> [String] { try await DemoInduction.load(app) }

    /// The supervision meetings of the person's inductions (as new starter or supervisor), for their calendar feed.
    package func calendarEvents(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        try await SupervisionCalendar.events(for: personID, state: state, on: database)
    }

    /// Overdue nudges and deadline warnings, each sent once; both read only what an index says is due.
    package func housekeeping(_ app: Application, now: Date) async throws {
        let context = ServiceContext(application: app)
        try await InductionNudges(context: context).sendDue()
        try await PathwayService(context: context).sendDueWarnings()
    }
}
