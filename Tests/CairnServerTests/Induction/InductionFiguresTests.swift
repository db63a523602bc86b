import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform
@testable import CairnServer

@Suite("Induction figures: counted in SQL, small numbers hidden, nothing recoverable beside them")
struct InductionFiguresTests {
    /// An induction of `items` items, `done` of them complete (the first `late` of those after their day).
    static func induction(
        _ app: Application, organisation: UUID, lead: UUID, cohort: String, items: Int, done: Int, late: Int = 0,
        startsOn: CalendarDay
    ) async throws -> UUID {
        let person = try await PeopleDirectory.createForDemonstration(
            email: "p-\(UUID().uuidString.prefix(8))@example.org", name: "Dr P", roles: [.clinician],
            organisationID: organisation, on: app.db)
        let induction = Induction()
        induction.id = UUID()
        induction.organisationID = organisation
        induction.inducteeID = person
        induction.supervisorID = lead
        induction.templateName = "T"
        induction.role = .medicalSupportWorker
        induction.startsOn = startsOn.description
        induction.cohort = cohort
        induction.department = ""
        induction.createdBy = lead
        induction.createdAt = Date()
        try await induction.create(on: app.db)
        for index in 0..<items {
            let item = InductionItem()
            item.id = UUID()
            item.inductionID = induction.id!
            item.phase = .firstWeek
            item.title = "Item \(index)"
            item.details = ""
            item.owner = .inductee
            item.dueOn = startsOn.adding(days: 5).description
            item.needsSignOff = false
            item.position = index
            item.version = 1
            if index < done {
                item.completedOn = startsOn.adding(days: index < late ? 9 : 2).description
                item.completedBy = person
            }
            try await item.create(on: app.db)
        }
        return person
    }

    static func register(_ app: Application, _ person: UUID, organisation: UUID, on day: CalendarDay) async throws {
        let pathway = RegistrationPathwayRecord()
        pathway.id = UUID()
        pathway.personID = person
        pathway.organisationID = organisation
        pathway.route = .plab
        pathway.sharedWithSupervisor = false
        pathway.createdAt = Date()
        pathway.version = 1
        try await pathway.create(on: app.db)
        let entry = PathwayEntryRecord()
        entry.id = UUID()
        entry.pathwayID = pathway.id!
        entry.step = .registration
        entry.outcome = .done
        entry.day = day.description
        entry.extraLearning = false
        entry.recordedAt = Date()
        try await entry.create(on: app.db)
    }

    @Test func smallCountsAreHiddenAndTheTimeToRegistrationWaitsForFivePeople() async throws {
        try await withCairn { app in
            let leadPerson = try await app.makePerson([.programmeLead])
            let organisation = try #require(app.cairn.organisation).id
            let start = CalendarDay(2026, 1, 5)
            var people: [UUID] = []
            // Intake A: six people, five finished (four on time); intake B: two people.
            for index in 0..<6 {
                people.append(
                    try await Self.induction(
                        app, organisation: organisation, lead: leadPerson.id, cohort: "Intake A", items: 3,
                        done: index == 5 ? 1 : 3, late: index == 4 ? 1 : 0, startsOn: start))
            }
            for _ in 0..<2 {
                people.append(
                    try await Self.induction(
                        app, organisation: organisation, lead: leadPerson.id, cohort: "Intake B", items: 3, done: 3,
                        startsOn: start))
            }
            // Four registered: too few for a median.
            for (index, person) in people.prefix(4).enumerated() {
                try await Self.register(
                    app, person, organisation: organisation, on: start.adding(days: 100 + 10 * index))
            }
            let browser = TestBrowser(app)
            try await browser.signIn(leadPerson)
            var page = try await browser.get("/induction/figures")
            #expect(page.status == .ok)
            let four = try await InductionFigures.load(
                context: ServiceContext(
                    application: app,
                    actor: Actor(
                        personID: leadPerson.id, displayName: "Lead", organisationID: organisation,
                        roles: [.programmeLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)))
            let intakes = try #require(four.tables.first)
            #expect(intakes.rows == [["Intake A", "6", "5", "*"], ["Intake B", "*", "*", "*"]])
            #expect(four.timeToRegistration == nil)
            #expect(page.body.contains("Shown once five or more people have registered"))
            #expect(four.tables[2].rows == [["2026 Q2", "*"]])

            // A fifth registration: the median and 90th percentile appear (nearest rank over 100…140 days).
            try await Self.register(app, people[4], organisation: organisation, on: start.adding(days: 140))
            page = try await browser.get("/induction/figures")
            #expect(page.body.contains("Median</td><td>120"))
            #expect(page.body.contains("90th percentile</td><td>140"))
            let csv = try await browser.get("/induction/figures.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.body.contains("Intake A,6,5,*"))

            // Nobody else reads them.
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson([.clinician]))
            #expect(try await clinician.get("/induction/figures").status == .forbidden)
        }
    }
}
