import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Adding someone already in the mentor registry to another programme never blanks their profile (issue #13,
/// item 7): an empty employer would switch off "never the same employer" for them without anyone noticing.
@Suite("The mentor registry keeps what it knows")
struct RegistryProfileTests {
    /// A second programme of the fixture's lead, and its path.
    static func secondProgramme(_ fixture: MentoringFixture) async throws -> String {
        try await fixture.lead.get("/mentoring")
        let created = try await fixture.lead.post(
            "/mentoring/programmes",
            [
                ("name", "Second cohort"), ("audience", "IMG GP trainees"), ("cohort_starts_on", "2027-06-01"),
                ("session_count", "4"), ("session_minutes", "60"), ("session_mode", "video"), ("window_months", "6"),
                ("matching_mode", "optimal"), ("rules[]", "exclude_same_employer"),
            ])
        let path = try #require(created.locationPath)
        try await fixture.lead.get(path)
        return path
    }

    static func james(_ app: Application) async throws -> Mentor {
        let person = try #require(try await Accounts.person(email: "james@example.org", on: app.db))
        return try #require(try await Mentor.query(on: app.db).filter(\.$personID == person.requireID()).first())
    }

    @Test func aCSVLineWithEmptyFieldsAddsTheMentorWithoutBlankingTheirProfile() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let path = try await Self.secondProgramme(fixture)
            let csv = "name,email,profession,capacity\nDr James Okafor,james@example.org,doctor,2"
            #expect(try await fixture.lead.post(path + "/mentors", [("mentors_csv", csv)]).status == .ok)
            let james = try await Self.james(app)
            #expect(james.employer == "NHS Fife")
            #expect(james.languagesText == "english;arabic")
            #expect(james.gender == "man")
            #expect(james.hasInternationalGraduateExperience)
            #expect(try await ProgrammeMentor.query(on: app.db).filter(\.$mentorID == james.requireID()).count() == 2)
        }
    }

    @Test func theOnePersonFormAddsTheMentorWithoutBlankingTheirProfile() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let path = try await Self.secondProgramme(fixture)
            try await fixture.lead.get(path + "/mentors/new")
            let added = try await fixture.lead.post(
                path + "/mentors/new",
                [
                    ("name", "Dr James Okafor"), ("email", "james@example.org"), ("profession", "doctor"),
                    ("capacity", "1"),
                ])
            #expect(added.status == .seeOther || added.status == .ok)
            let james = try await Self.james(app)
            #expect(james.employer == "NHS Fife")
            #expect(james.region == "scotland")
            #expect(james.languagesText == "english;arabic")
        }
    }

    @Test func anEntryThatSaysSomethingNewStillUpdatesIt() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let path = try await Self.secondProgramme(fixture)
            let csv = "name,email,profession,employer,capacity\nDr James Okafor,james@example.org,doctor,NHS Tayside,2"
            #expect(try await fixture.lead.post(path + "/mentors", [("mentors_csv", csv)]).status == .ok)
            #expect(try await Self.james(app).employer == "NHS Tayside")
        }
    }
}
