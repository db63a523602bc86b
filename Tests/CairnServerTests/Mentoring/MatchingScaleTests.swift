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

@Suite("Matching at a region's scale")
struct MatchingScaleTests {
    /// 2,000 mentees and 800 mentors (capacity 1–3), with languages, employers and wishes spread by a fixed seed.
    static func populate(_ app: Application, programme: MentoringProgramme, mentees: Int, mentors: Int) async throws {
        var random = SplitMix64(seed: 2026)
        let languages = ["english", "arabic", "urdu", "hindi", "yoruba", "polish", "mandarin", "spanish"]
        let employers = (1...14).map { "nhs board \($0)" }
        let now = app.cairn.collaborators.now()
        var people: [Person] = []
        var mentorRows: [Mentor] = []
        var training: [MentorTraining] = []
        var places: [ProgrammeMentor] = []
        for index in 0..<mentors {
            let person = Person(
                id: UUID(), email: "mentor\(index)@scale.example.org", displayName: "Mentor \(index)", status: .active)
            people.append(person)
            let mentor = Mentor()
            mentor.id = UUID()
            mentor.organisationID = programme.organisationID
            mentor.personID = person.id!
            mentor.profession = "doctor"
            mentor.grade = "gp_partner"
            mentor.languagesText = (["english"] + [languages[random.below(languages.count)]]).joined(separator: ";")
            mentor.employer = employers[random.below(employers.count)]
            mentor.hasInternationalGraduateExperience = random.below(2) == 0
            mentor.gender = random.below(2) == 0 ? "woman" : "man"
            mentor.paused = false
            mentor.createdAt = now
            mentorRows.append(mentor)
            let record = MentorTraining()
            record.id = UUID()
            record.mentorID = mentor.id!
            record.course = "Mentor training"
            record.completedOn = "2025-01-01"
            record.expiresOn = index % 40 == 0 ? "2025-06-01" : "2029-01-01"
            record.recordedAt = now
            training.append(record)
            let place = ProgrammeMentor()
            place.id = UUID()
            place.programmeID = try programme.requireID()
            place.mentorID = mentor.id!
            place.capacity = 1 + random.below(3)
            place.activeLoad = 0
            places.append(place)
        }
        var menteeRows: [Mentee] = []
        for index in 0..<mentees {
            let person = Person(
                id: UUID(), email: "mentee\(index)@scale.example.org", displayName: "Mentee \(index)", status: .active)
            people.append(person)
            let mentee = Mentee()
            mentee.id = UUID()
            mentee.programmeID = try programme.requireID()
            mentee.personID = person.id!
            mentee.profession = "doctor"
            mentee.grade = "gpst1"
            let language = languages[random.below(languages.count)]
            mentee.languagesText = language
            mentee.employer = employers[random.below(employers.count)]
            mentee.isInternationalGraduate = true
            mentee.supervisorEmail = "mentor\(random.below(mentors))@scale.example.org"
            mentee.wishLanguage = random.below(3) == 0 ? language : nil
            mentee.wishLanguageRequired = mentee.wishLanguage != nil && random.below(4) == 0
            mentee.wishLanguageRequired = mentee.wishLanguageRequired && mentee.wishLanguage != nil
            mentee.wishSpecialtyRequired = false
            mentee.wishGender = random.below(5) == 0 ? "woman" : nil
            mentee.wishGenderRequired = false
            mentee.source = .csv
            mentee.sharesWithSupervisor = false
            mentee.createdAt = now
            menteeRows.append(mentee)
        }
        for start in stride(from: 0, to: people.count, by: 500) {
            try await Array(people[start..<min(start + 500, people.count)]).create(on: app.db)
        }
        try await mentorRows.create(on: app.db)
        try await training.create(on: app.db)
        try await places.create(on: app.db)
        for start in stride(from: 0, to: menteeRows.count, by: 500) {
            try await Array(menteeRows[start..<min(start + 500, menteeRows.count)]).create(on: app.db)
        }
    }

    @Test func twoThousandMenteesAndEightHundredMentorsMatchFromThePageInSeconds() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            try await Self.populate(app, programme: programme, mentees: 2_000, mentors: 800)
            try await fixture.lead.get(fixture.programmePath + "/matching")
            let started = ContinuousClock.now
            #expect(try await fixture.lead.post(fixture.programmePath + "/matching", []).status == .seeOther)
            // While it runs, the page shows progress and refreshes itself.
            let running = try await fixture.lead.get(fixture.programmePath + "/matching")
            if running.body.contains("Matching is running") {
                #expect(running.headers.first(name: "Refresh") == "2")
                #expect(running.body.contains("<progress"))
            }
            await app.cairn.backgroundWork.waitForAll()
            let elapsed = ContinuousClock.now - started
            let run = try #require(try await MatchingRun.query(on: app.db).filter(\.$status == .proposed).first())
            #expect(run.menteeCount == 2_003)
            #expect(run.mentorCount == 803)
            #expect(run.matchedCount > 1_500)
            let page = try await fixture.lead.get(fixture.programmePath + "/matching")
            #expect(page.status == .ok)
            let shown = ContinuousClock.now - started
            print("matching 2,003 × 803 from the page: run \(elapsed), with the proposals page \(shown)")
            #expect(shown < .seconds(60), "debug build; release is several times faster")
            // Nothing proposed breaks capacity or pairs a mentee with their supervisor.
            let proposals = try await MatchProposal.query(on: app.db).filter(\.$runID == run.requireID()).all()
            let capacity = Dictionary(
                uniqueKeysWithValues: try await ProgrammeMentor.query(on: app.db).all().map {
                    ($0.mentorID, $0.capacity)
                })
            for (mentor, count) in Dictionary(grouping: proposals.compactMap(\.mentorID), by: { $0 }).mapValues(\.count)
            {
                #expect(count <= capacity[mentor] ?? 0)
            }
        }
    }
}
