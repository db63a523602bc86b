import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s inductions, at the size of the Oxford MSW evaluation (seed 002): a hospital's medical support
/// workers, 18 in three intakes, each with an induction from the MSW template in the state its start gives it
/// (the older intakes mostly done, some items overdue or waiting for sign-off), supervised by four consultants, and
/// registration pathways from "English test booked" to "registered": one whose English result lapses in three
/// weeks, and one whose PLAB 2 window has closed. The department lead is the demo programme lead.
enum DemoInduction {
    static let leadEmail = "morag.campbell@demo.cairn.test"
    static let supervisorEmail = "helen.price@demo.cairn.test"

    static let workers = [
        "Dr Adebayo Adeyemi", "Dr Bushra Rahman", "Dr Carlos Mendes", "Dr Divya Nair", "Dr Eman Saleh",
        "Dr Farid Haidari", "Dr Grace Mensah", "Dr Hamza Qureshi", "Dr Ifeoma Eze", "Dr Jaya Menon",
        "Dr Karim Nasser", "Dr Lina Haddad", "Dr Mohammed Ali", "Dr Nkechi Okoro", "Dr Omar Khalid",
        "Dr Priyanka Iyer", "Dr Rania Aziz", "Dr Sadia Chowdhury",
    ]
    static let supervisors = ["Dr Ian Fraser", "Dr Joanna Blake", "Dr Kwame Asante"]

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation,
            let lead = try await Accounts.person(email: leadEmail, on: app.db),
            let helen = try await Accounts.person(email: supervisorEmail, on: app.db)
        else { return [] }
        let actor = Actor(
            personID: try lead.requireID(), displayName: lead.displayName, organisationID: organisation.id,
            roles: [.programmeLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
        let today = app.cairn.today
        let count = try await app.db.transaction { database in
            let context = ServiceContext(application: app, actor: actor, database: database)
            let service = InductionService(context: context)
            var templates: [InductionRole: InductionTemplate] = [:]
            for role in InductionRole.allCases {
                templates[role] = try await service.createTemplate(
                    name: role.title, role: role, items: StandardInductionTemplates.items(for: role),
                    organisationID: organisation.id)
            }
            _ = try await RoleDescriptionService(context: context).create(.medicalSupportWorker)
            var supervisorIDs = [try helen.requireID()]
            for name in supervisors {
                supervisorIDs.append(
                    try await PeopleDirectory.createForDemonstration(
                        email: PeopleDirectory.demonstrationEmail(for: name), name: name, roles: [.supervisor],
                        organisationID: organisation.id, on: database))
            }
            var random = SplitMix64(seed: 2017)
            let intakes = [
                ("Intake 1", today.adding(days: -300)), ("Intake 2", today.adding(days: -160)),
                ("Intake 3", today.adding(days: -40)),
            ]
            guard let template = templates[.medicalSupportWorker] else { return 0 }
            let entries = try await service.entries(of: template)
            for (index, name) in workers.enumerated() {
                let (cohort, start) = intakes[index / 6]
                let personID = try await PeopleDirectory.createForDemonstration(
                    email: PeopleDirectory.demonstrationEmail(for: name), name: name, roles: [.clinician],
                    organisationID: organisation.id, on: database)
                let supervisor = supervisorIDs[index % supervisorIDs.count]
                let induction = Induction()
                induction.id = context.newID()
                induction.organisationID = organisation.id
                induction.inducteeID = personID
                induction.supervisorID = supervisor
                induction.templateName = template.name
                induction.role = .medicalSupportWorker
                induction.startsOn = start.description
                induction.cohort = cohort
                induction.department = ""
                induction.createdBy = actor.personID
                induction.createdAt = Date()
                try await induction.create(on: database)
                for (position, entry) in entries.enumerated() {
                    let due = start.adding(days: entry.dueOffsetDays)
                    let item = InductionItem()
                    item.id = context.newID()
                    item.inductionID = try induction.requireID()
                    item.phase = entry.phase
                    item.title = entry.title
                    item.details = entry.details
                    item.owner = entry.owner
                    item.dueOn = due.description
                    item.needsSignOff = entry.needsSignOff
                    item.position = position
                    item.version = 1
                    // Most items due by now are done, a few days either side of their day; one in eight is late.
                    if due < today, random.int(in: 0...7) > 0 {
                        let done = min(today, due.adding(days: random.int(in: -3...4)))
                        item.completedOn = done.description
                        item.completedBy =
                            entry.owner == .inductee
                            ? personID : entry.owner == .supervisor ? supervisor : actor.personID
                        if entry.needsSignOff, random.int(in: 0...4) > 0 {
                            item.signedOffAt = Date().addingTimeInterval(-Double(done.days(until: today)) * 86_400)
                            item.signedOffBy = supervisor
                        }
                    } else if due < today.adding(days: -14) {
                        // Long overdue: nudged already, so the demo's first housekeeping round does not flood mail.
                        item.nudgedOwnerAt = Date()
                        item.nudgedSupervisorAt = Date()
                    }
                    try await item.create(on: database)
                }
                try await pathway(
                    for: personID, index: index, organisationID: organisation.id, today: today, context: context)
            }
            return workers.count
        }
        return ["Induction: \(count) medical support workers in three intakes, with their registration pathways"]
    }

    /// The schedule's meetings; those past are held (one in ten was cancelled), with topics and an action.
    static func supervision(of induction: Induction, random: inout SplitMix64, context: ServiceContext) async throws {
        let service = SupervisionService(context: context)
        try await service.plan(for: induction)
        let today = context.state.today.description
        let topics = [
            "How the first weeks went; what the team asks of an MSW", "Clinical systems access; shadowing on the ward",
            "Study plan for PLAB; protected time", "Feedback from the team; what to take on next",
            "Wellbeing and workload", "Progress towards registration",
        ]
        for meeting in try await service.meetings(of: induction) where meeting.day < today {
            if random.int(in: 0...9) == 0 {
                meeting.status = .cancelled
                try await meeting.update(on: context.database)
                continue
            }
            meeting.status = .held
            meeting.heldOn = meeting.day
            try meeting.seal(topics[random.int(in: 0...(topics.count - 1))], into: \.$topics, with: context.cipher)
            try await meeting.update(on: context.database)
        }
    }

    /// Pathways in every state, by the worker's place in the list.
    static func pathway(
        for personID: UUID, index: Int, organisationID: UUID, today: CalendarDay, context: ServiceContext
    ) async throws {
        let record = RegistrationPathwayRecord()
        record.id = context.newID()
        record.personID = personID
        record.organisationID = organisationID
        record.route = .plab
        record.sharedWithSupervisor = index % 3 != 2
        record.nextWarningOn = today.description
        record.createdAt = Date()
        record.version = 1
        try await record.create(on: context.database)
        let d = today
        let entries: [PathwayEntry] =
            switch index % 6 {
            case 0: [.init(.english, .booked, on: d.adding(days: 24))]
            case 1:
                // The English result lapses in three weeks, PLAB 1 not yet sat.
                [
                    .init(.qualification, .done, on: d.adding(days: -800)),
                    .init(.english, .passed, on: d.adding(years: -2).adding(days: 21)),
                    .init(.plab1, .failed, on: d.adding(days: -200)), .init(.plab1, .booked, on: d.adding(days: 14)),
                ]
            case 2:
                [
                    .init(.qualification, .done, on: d.adding(days: -500)),
                    .init(.english, .passed, on: d.adding(days: -400)),
                    .init(.plab1, .passed, on: d.adding(days: -300)),
                    .init(.plab2, .booked, on: d.adding(days: 40)),
                ]
            case 3:
                // Past the PLAB 2 window.
                [
                    .init(.qualification, .done, on: d.adding(days: -1_100)),
                    .init(.english, .passed, on: d.adding(days: -1_000)),
                    .init(.plab1, .passed, on: d.adding(days: -800)), .init(.plab2, .failed, on: d.adding(days: -600)),
                ]
            case 4:
                [
                    .init(.qualification, .done, on: d.adding(days: -600)),
                    .init(.english, .passed, on: d.adding(days: -500)),
                    .init(.plab1, .passed, on: d.adding(days: -420)),
                    .init(.plab2, .passed, on: d.adding(days: -200)),
                    .init(.application, .done, on: d.adding(days: -30)),
                ]
            default:
                [
                    .init(.qualification, .done, on: d.adding(days: -700)),
                    .init(.english, .passed, on: d.adding(days: -650)),
                    .init(.plab1, .passed, on: d.adding(days: -560)),
                    .init(.plab2, .passed, on: d.adding(days: -380)),
                    .init(.application, .done, on: d.adding(days: -120)),
                    .init(.registration, .done, on: d.adding(days: -60)),
                ]
            }
        // Only the first intake's pathways are as far on as their position says; later intakes are earlier on.
        for entry in index < 6 || index % 6 == 0 || index % 6 == 1 || index % 6 == 3
            ? entries : Array(entries.prefix(3))
        {
            let row = PathwayEntryRecord()
            row.id = context.newID()
            row.pathwayID = try record.requireID()
            row.step = entry.step
            row.outcome = entry.outcome
            row.day = entry.day.description
            row.extraLearning = entry.extraLearning
            row.recordedAt = Date()
            try await row.create(on: context.database)
        }
        try await PathwayService(context: context).keepBlockingStep(of: record.requireID())
    }
}
