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

/// Issue #14: what mentors, mentees and case managers do on their mentoring pages, through the API, with the same
/// services and rules: an application, mentor choices, the session's private record, sharing with a supervisor,
/// a case's mentoring and the registry's training.
@Suite("Mentoring through the API: applying, choosing, the record, sharing, a case's mentoring, training")
struct MentoringMemberAPITests {
    static func errorFields(_ problem: [String: Any]) -> [String] {
        ((problem["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    /// Another organisation, for records that must not exist for this one's people.
    static func elsewhere(_ app: Application) async throws -> UUID {
        let other = Organisation(name: "Elsewhere", kind: .unit, nation: "wales", timeZone: "Europe/London")
        try await other.create(on: app.db)
        return try other.requireID()
    }

    @Test func aClinicianAppliesThroughTheAPIOnlyToAnOpenProgrammeAndOnlyOnce() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            let sara = try await app.makePerson([.clinician], name: "Dr Sara Lind", email: "sara@example.org")
            let token = try await CaseAPITests.token(for: sara, on: app)
            let id = fixture.programmeID.uuidString.lowercased()
            let path = "/api/v1/mentoring/open-programmes/\(id)/application"
            let answers = MentoringAPITests.json([
                "profession": "doctor", "grade": "gpst1", "languages": ["Swedish", "English"],
                "internationalGraduate": true, "supervisorEmail": "helen@example.org", "wishLanguage": "Swedish",
                "wishLanguageRequired": false,
            ])
            // Not open for applications: not listed, and not found.
            var (status, body, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/open-programmes", token: token)
            #expect(status == .ok)
            #expect((body["openForApplications"] as? [Any])?.isEmpty == true)
            #expect(try await CaseAPITests.send(app, .POST, path, token: token, body: answers).0 == .notFound)

            programme.openForApplications = true
            try await programme.update(on: app.db)
            (_, body, _) = try await CaseAPITests.send(app, .GET, "/api/v1/mentoring/open-programmes", token: token)
            let open = (body["openForApplications"] as? [[String: Any]]) ?? []
            #expect(open.map { $0["id"] as? String } == [id])
            // The roster's rules, each problem pointing at the property sent.
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: MentoringAPITests.json(["profession": "astronaut", "wishLanguageRequired": true]))
            #expect(status == .unprocessableEntity)
            #expect(Set(Self.errorFields(body)) == ["/profession", "/wishLanguage"])
            // Over the contract's limits: a 400 before any rule.
            let long = String(repeating: "x", count: 101)
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: MentoringAPITests.json(["profession": "doctor", "employer": long]))
            #expect(status == .badRequest)
            #expect(try await Mentee.query(on: app.db).filter(\.$personID == sara.id).count() == 0)

            (status, body, _) = try await CaseAPITests.send(app, .POST, path, token: token, body: answers)
            #expect(status == .created)
            #expect(body["id"] as? String == id)
            let mentee = try await fixture.mentee("sara@example.org")
            #expect(mentee.source == .application)
            #expect(mentee.supervisorEmail == "helen@example.org")
            #expect(mentee.languages == ["swedish", "english"])
            #expect(mentee.isInternationalGraduate)
            // Once only; then it is no longer offered.
            (status, _, _) = try await CaseAPITests.send(app, .POST, path, token: token, body: answers)
            #expect(status == .conflict)
            (_, body, _) = try await CaseAPITests.send(app, .GET, "/api/v1/mentoring/open-programmes", token: token)
            #expect((body["openForApplications"] as? [Any])?.isEmpty == true)
            // A supervisor cannot apply; another organisation's programme does not exist for a clinician.
            let supervisor = try await CaseAPITests.token(for: try await app.makePerson([.supervisor]), on: app)
            #expect(try await CaseAPITests.send(app, .POST, path, token: supervisor, body: answers).0 == .forbidden)
            let newcomer = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            programme.organisationID = try await Self.elsewhere(app)
            try await programme.update(on: app.db)
            #expect(try await CaseAPITests.send(app, .POST, path, token: newcomer, body: answers).0 == .notFound)
        }
    }

    @Test func aWaitingMenteeReadsTheMentorsAndNamesUpToThreeThroughTheAPI() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            programme.matchingMode = .stable
            try await programme.update(on: app.db)
            let token = try await CaseAPITests.token(for: fixture.amira, on: app)
            let id = fixture.programmeID.uuidString.lowercased()
            let path = "/api/v1/mentoring/open-programmes/\(id)/mentor-choices"
            var (status, body, text) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/open-programmes", token: token)
            #expect(((body["choosingMentors"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [id])
            (status, body, text) = try await CaseAPITests.send(app, .GET, path, token: token)
            #expect(status == .ok)
            let mentors = (body["mentors"] as? [[String: Any]]) ?? []
            #expect(mentors.contains { $0["name"] as? String == "Dr James Okafor" })
            // A mentor's employer and load are never shown to a mentee.
            #expect(!text.contains("employer") && !text.contains("capacity"))
            #expect((body["chosen"] as? [Any])?.isEmpty == true)
            let james = try await fixture.mentor("james@example.org").requireID().uuidString.lowercased()
            (status, body, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token, body: MentoringAPITests.json(["mentorIds": [james, james]]))
            #expect(status == .unprocessableEntity)
            #expect(Self.errorFields(body) == ["/mentorIds/1"])
            (status, body, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token,
                body: MentoringAPITests.json(["mentorIds": [UUID().uuidString.lowercased()]]))
            #expect(status == .unprocessableEntity)
            #expect(Self.errorFields(body) == ["/mentorIds/0"])
            (status, body, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token, body: MentoringAPITests.json(["mentorIds": [james]]))
            #expect(status == .ok)
            #expect(body["chosen"] as? [String] == [james])
            // Stored as the page stores it, so the stable run reads it.
            #expect(try await fixture.mentee("amira@example.org").chosenMentors == james.uppercased())
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token,
                body: MentoringAPITests.json(["mentorIds": [james, james, james, james]]))
            #expect(status == .badRequest)
            // Someone who is not a waiting mentee of the programme has nothing to choose.
            let other = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            #expect(try await CaseAPITests.send(app, .GET, path, token: other).0 == .notFound)
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, path, token: other, body: MentoringAPITests.json(["mentorIds": [james]])
                ).0 == .notFound)
        }
    }

    @Test func thePairWritesItsRecordAndTheMenteeAloneDecidesSharingThroughTheAPI() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let session = try #require(try await fixture.amirasSessions().first)
            let path = "/api/v1/mentoring/sessions/\(try session.requireID().uuidString.lowercased())/record"
            let mentee = try await CaseAPITests.token(for: fixture.amira, on: app)
            let mentor = try await CaseAPITests.token(for: fixture.james, on: app)
            let lead = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            var (status, body, _) = try await CaseAPITests.send(
                app, .PUT, path, token: mentee, body: #"{"record": "PAIR-RECORD goals for the first month"}"#)
            #expect(status == .ok)
            #expect(body["record"] as? String == "PAIR-RECORD goals for the first month")
            // The other side reads it; no one else finds the session.
            (_, body, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/sessions/\(try session.requireID().uuidString.lowercased())",
                token: mentor)
            #expect(body["record"] as? String == "PAIR-RECORD goals for the first month")
            #expect(
                try await CaseAPITests.send(app, .PUT, path, token: lead, body: #"{"record": "x"}"#).0 != .ok)
            // Sealed at rest.
            let stored = try #require(try await MentoringSession.find(session.requireID(), on: app.db))
            #expect(stored.record.map { !$0.contains("PAIR-RECORD") } == true)
            let long = String(repeating: "x", count: 10_001)
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, path, token: mentor, body: #"{"record": "\#(long)"}"#)
            #expect(status == .badRequest)
            (status, body, _) = try await CaseAPITests.send(app, .PUT, path, token: mentor, body: #"{"record": ""}"#)
            #expect(status == .ok)
            #expect(body["record"] == nil || body["record"] is NSNull)

            let pair = try #require(try await MentoringPair.find(session.pairID, on: app.db))
            let sharing = "/api/v1/mentoring/pairs/\(try pair.requireID().uuidString.lowercased())/sharing"
            (status, body, _) = try await CaseAPITests.send(
                app, .PUT, sharing, token: mentee, body: #"{"sharesWithSupervisor": true}"#)
            #expect(status == .ok)
            #expect(body["sharesWithSupervisor"] as? Bool == true)
            #expect(try await fixture.mentee("amira@example.org").sharesWithSupervisor)
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, sharing, token: mentor, body: #"{"sharesWithSupervisor": false}"#)
            #expect(status == .forbidden)
            #expect(try await fixture.mentee("amira@example.org").sharesWithSupervisor)
            (status, _, _) = try await CaseAPITests.send(
                app, .PUT, sharing, token: mentee, body: #"{"sharesWithSupervisor": false}"#)
            #expect(status == .ok)
            #expect(!(try await fixture.mentee("amira@example.org").sharesWithSupervisor))
        }
    }

    @Test func aCaseManagerAddsTheirClientToAProgrammeThroughTheAPI() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let (record, managerPerson, _) = try await CaseConfidentialityTests.takenCase(on: app)
            let token = try await CaseAPITests.token(for: managerPerson, on: app)
            let path = "/api/v1/cases/\(try record.requireID().uuidString.lowercased())/mentoring"
            var (status, body, _) = try await CaseAPITests.send(
                app, .POST, path, token: token, body: MentoringAPITests.json(["programmeId": UUID().uuidString]))
            #expect(status == .unprocessableEntity)
            #expect(Self.errorFields(body) == ["/programmeId"])
            let programme = MentoringAPITests.json([
                "programmeId": fixture.programmeID.uuidString.lowercased(), "languages": "Arabic",
            ])
            var plan: [[String: Any]] = []
            let (created, _, text) = try await CaseAPITests.send(app, .POST, path, token: token, body: programme)
            #expect(created == .created)
            plan = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
            #expect(
                plan.contains {
                    $0["intervention"] as? String == "mentoring"
                        && $0["provider"] as? String == "IMG GP trainee mentoring"
                })
            let mentee = try #require(
                try await Mentee.query(on: app.db).filter(\.$personID == record.clinicianID).first())
            #expect(mentee.source == .supportPlan)
            #expect(mentee.languages == ["arabic"])
            (status, body, _) = try await CaseAPITests.send(app, .POST, path, token: token, body: programme)
            #expect(status == .unprocessableEntity)
            #expect((body["detail"] as? String ?? "").contains("already in") || "\(body)".contains("already in"))
            // Another case manager does not find the case.
            let other = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await CaseAPITests.send(app, .POST, path, token: other, body: programme).0 == .notFound)
        }
    }

    @Test func aLeadRecordsAMentorsTrainingThroughTheAPI() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let lead = try await app.makePerson([.programmeLead], name: "Lead Two", email: "lead2@example.org")
            let token = try await CaseAPITests.token(for: lead, on: app)
            let kate = try await fixture.mentor("kate@example.org")
            let path = "/api/v1/mentoring/mentors/\(try kate.requireID().uuidString.lowercased())/training"
            var (status, body, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: #"{"course": "NES refresher", "completedOn": "2026-11-01", "expiresOn": "2026-10-01"}"#)
            #expect(status == .unprocessableEntity)
            #expect(Self.errorFields(body) == ["/expiresOn"])
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body:
                    #"{"course": "\#(String(repeating: "c", count: 201))", "completedOn": "2026-11-01", "expiresOn": "2029-11-01"}"#
            )
            #expect(status == .badRequest)
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: #"{"course": "NES refresher", "completedOn": "2026-11-01", "expiresOn": "2029-11-01"}"#)
            #expect(status == .created)
            #expect(body["expiresOn"] as? String == "2029-11-01")
            #expect(try await fixture.lead.get("/mentoring/mentors").body.contains("In date until 2029-11-01"))
            // A mentor cannot record training; another organisation's mentor does not exist for the lead.
            let training = #"{"course": "X", "completedOn": "2026-11-01", "expiresOn": "2029-11-01"}"#
            let mentor = try await CaseAPITests.token(for: fixture.james, on: app)
            #expect(try await CaseAPITests.send(app, .POST, path, token: mentor, body: training).0 == .forbidden)
            kate.organisationID = try await Self.elsewhere(app)
            try await kate.update(on: app.db)
            #expect(try await CaseAPITests.send(app, .POST, path, token: token, body: training).0 == .notFound)
        }
    }
}
