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

/// A small programme built through the pages: three mentors, three mentees, matched and published.
///
/// - James (Arabic, Fife, 1 place) is the only mentor Amira can have: she requires Arabic, Helen is her supervisor
///   and Helen also shares her employer.
/// - Bilal (Lothian) could only have James too, who is full; Chen requires Mandarin, which no one speaks.
/// - Kate's training has lapsed.
struct MentoringFixture {
    var app: Application
    var clock: TestClock
    var lead: TestBrowser
    var programmeID: UUID
    var james: TestPerson
    var amira: TestPerson
    var helen: TestPerson

    static let start = Date(timeIntervalSince1970: 1_795_600_000)  // Wednesday 25 November 2026, 09:46 UTC

    static let mentorsCSV = """
        name,email,profession,specialty,grade,languages,region,employer,img_experience,gender,capacity,training_course,training_completed,training_expires
        Dr James Okafor,james@example.org,doctor,general practice,gp_partner,English;Arabic,scotland,NHS Fife,yes,man,1,NES mentor training,2025-03-01,2028-03-01
        Dr Helen Price,helen@example.org,doctor,general practice,salaried_gp,English,scotland,NHS Lothian,no,woman,2,NES mentor training,2025-03-01,2028-03-01
        Dr Kate Moss,kate@example.org,doctor,general practice,gp_partner,English;Mandarin,scotland,NHS Tayside,yes,woman,2,NES mentor training,2020-01-01,2023-01-01
        """

    static let menteesCSV = """
        name,email,profession,grade,languages,employer,img,supervisor_email,wish_language,wish_language_required
        Dr Amira Haddad,amira@example.org,doctor,gpst1,Arabic;English,NHS Lothian,yes,helen@example.org,Arabic,yes
        Dr Bilal Khan,bilal@example.org,doctor,gpst1,English;Urdu,NHS Lothian,yes,,,
        Dr Chen Wei,chen@example.org,doctor,gpst1,Mandarin,,yes,,Mandarin,yes
        """

    /// Creates the programme and its people, and leaves a proposed run (not published) unless `publish`.
    static func make(_ app: Application, clock: TestClock, publish: Bool = true) async throws -> MentoringFixture {
        let james = try await app.makePerson([.mentor], name: "Dr James Okafor", email: "james@example.org")
        let helen = try await app.makePerson([.mentor], name: "Dr Helen Price", email: "helen@example.org")
        let amira = try await app.makePerson([.clinician], name: "Dr Amira Haddad", email: "amira@example.org")
        let lead = TestBrowser(app)
        try await lead.signIn(try await app.makePerson([.programmeLead], name: "Dr Morag Campbell"))
        try await lead.get("/mentoring")
        let created = try await lead.post(
            "/mentoring/programmes",
            [
                ("name", "IMG GP trainee mentoring"), ("audience", "IMG GP trainees in their first six months"),
                ("cohort_starts_on", "2026-11-01"), ("session_count", "4"), ("session_minutes", "60"),
                ("session_mode", "video"), ("window_months", "6"), ("matching_mode", "optimal"),
                ("rules[]", "exclude_same_employer"),
            ])
        #expect(created.status == .seeOther)
        let path = try #require(created.locationPath)
        let programmeID = try #require(UUID(uuidString: String(path.split(separator: "/").last ?? "")))
        try await lead.get(path)
        #expect(try await lead.post(path + "/mentors", [("mentors_csv", mentorsCSV)]).status == .ok)
        #expect(try await lead.post(path + "/mentees", [("mentees_csv", menteesCSV)]).status == .ok)
        #expect(try await lead.post(path + "/matching", []).status == .seeOther)
        await app.cairn.backgroundWork.waitForAll()
        let fixture = MentoringFixture(
            app: app, clock: clock, lead: lead, programmeID: programmeID, james: james, amira: amira, helen: helen)
        if publish {
            try await lead.get(path + "/matching")
            let published = try await lead.post(path + "/matching/publish", [])
            #expect(published.body.contains("Published 1 pair"))
        }
        return fixture
    }

    var programmePath: String { "/mentoring/programmes/\(programmeID.uuidString.lowercased())" }

    func mentee(_ email: String) async throws -> Mentee {
        let person = try #require(try await Accounts.person(email: email, on: app.db))
        return try #require(
            try await Mentee.query(on: app.db).filter(\.$personID == person.requireID()).first())
    }

    func mentor(_ email: String) async throws -> Mentor {
        let person = try #require(try await Accounts.person(email: email, on: app.db))
        return try #require(
            try await Mentor.query(on: app.db).filter(\.$personID == person.requireID()).first())
    }

    /// The sessions of Amira's pair with James, in order.
    func amirasSessions() async throws -> [MentoringSession] {
        let pair = try #require(
            try await MentoringPair.query(on: app.db).filter(\.$menteeID == mentee("amira@example.org").requireID())
                .filter(\.$status == .active).first())
        return try await MentoringSession.query(on: app.db).filter(\.$pairID == pair.requireID()).sort(\.$number).all()
    }
}

func sessionPath(_ session: MentoringSession) -> String {
    "/mentoring/sessions/\(session.id!.uuidString.lowercased())"
}
