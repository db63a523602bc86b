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

/// Issue #13 item 8: a programme's settings change after it is created, from the version read; published pairs keep
/// their dates and sessions.
@Suite("Changing a programme's settings")
struct ProgrammeSettingsTests {
    static func fields(_ overrides: [String: String] = [:], version: Int) -> [(String, String)] {
        var values: [String: String] = [
            "name": "IMG GP trainee mentoring", "audience": "IMG GP trainees in their first six months",
            "cohort_starts_on": "2026-11-01", "session_count": "4", "session_minutes": "60", "session_mode": "video",
            "window_months": "6", "matching_mode": "optimal", "version": String(version),
        ]
        for (key, value) in overrides { values[key] = value }
        return values.sorted { $0.key < $1.key } + [("rules[]", "exclude_same_employer")]
    }

    @Test func theLeadChangesTheSettingsOnThePageFromTheVersionRead() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let path = fixture.programmePath + "/settings"
            let form = try await fixture.lead.get(path)
            #expect(form.status == .ok)
            #expect(form.body.contains(#"value="IMG GP trainee mentoring""#))
            #expect(form.body.contains(#"name="version" value="1""#))
            #expect(try await fixture.lead.get(fixture.programmePath).body.contains(#"href="\#(path)""#))

            // A bad value keeps what was typed.
            let bad = try await fixture.lead.post(path, Self.fields(["name": "", "session_count": "40"], version: 1))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Enter the programme&#39;s name"))
            #expect(bad.body.contains(#"value="40""#))

            let saved = try await fixture.lead.post(
                path, Self.fields(["name": "IMG mentoring 2027", "session_count": "6"], version: 1))
            #expect(saved.status == .seeOther)
            #expect(saved.location == fixture.programmePath + "?notice=settings")
            let shown = try await fixture.lead.get(try #require(saved.location))
            #expect(shown.body.contains("The settings are saved"))
            #expect(shown.body.contains("IMG mentoring 2027"))
            let stored = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            #expect(stored.version == 2)
            #expect(stored.sessionCount == 6)

            // A second save from the page read before: 409, and the form shows what is stored now.
            try await fixture.lead.get(path)
            let stale = try await fixture.lead.post(path, Self.fields(["name": "Another name"], version: 1))
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone saved other settings"))
            #expect(stale.body.contains(#"value="IMG mentoring 2027""#))
            #expect(stale.body.contains(#"name="version" value="2""#))
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "mentoring_programme_changed").count() == 1)
        }
    }

    @Test func publishedPairsKeepTheirDatesAndSessionsThroughTheAPI() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let token = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let path = "/api/v1/mentoring/programmes/\(fixture.programmeID.uuidString.lowercased())"
            let (read, programme, _) = try await CaseAPITests.send(app, .GET, path, token: token, body: nil)
            #expect(read == .ok)
            #expect(programme["version"] as? Int == 1)
            let sessionsBefore = try await fixture.amirasSessions().map(\.dueOn)
            func body(_ start: String, _ count: Int, version: Int, name: String = "IMG GP trainee mentoring") -> String
            {
                """
                {"version": \(version), "name": "\(name)", "audience": "IMG GP trainees", \
                "cohortStartsOn": "\(start)", "sessionCount": \(count), "sessionMinutes": 60, "sessionMode": "video", \
                "windowMonths": 6, "matchingMode": "optimal", "weights": {"sharedLanguage": 150, "wishedGender": 0}}
                """
            }
            // The cohort's start and the sessions are fixed once pairs are published: 409 naming why.
            let (fixed, _, text) = try await CaseAPITests.send(
                app, .PUT, path, token: token, body: body("2027-01-04", 6, version: 1))
            #expect(fixed == .conflict, "\(text)")
            #expect(text.contains("next cohort"))
            // The rest changes, and the pairs' sessions stay as they were.
            let (changed, saved, savedText) = try await CaseAPITests.send(
                app, .PUT, path, token: token, body: body("2026-11-01", 4, version: 1, name: "Renamed"))
            #expect(changed == .ok, "\(savedText)")
            #expect(saved["name"] as? String == "Renamed")
            #expect(saved["version"] as? Int == 2)
            #expect(try await fixture.amirasSessions().map(\.dueOn) == sessionsBefore)
            let stored = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            #expect(stored.weights.points[.sharedLanguage] == 150)
            // What a client leaves out stays as it is (here: the weights, and applications).
            let (renamed, again, _) = try await CaseAPITests.send(
                app, .PUT, path, token: token,
                body: body("2026-11-01", 4, version: 2, name: "Renamed again").replacingOccurrences(
                    of: #", "weights": {"sharedLanguage": 150, "wishedGender": 0}"#, with: ""))
            #expect(renamed == .ok)
            #expect((again["weights"] as? [String: Any])?["sharedLanguage"] as? Int == 150)
            #expect(again["openForApplications"] as? Bool == false)
            // The version read before the change: 409.
            #expect(
                try await CaseAPITests.send(app, .PUT, path, token: token, body: body("2026-11-01", 4, version: 1)).0
                    == .conflict)
            // Weights over 1,000 in all: 422 naming the field.
            let heavy = body("2026-11-01", 4, version: 3).replacingOccurrences(
                of: #"{"sharedLanguage": 150, "wishedGender": 0}"#,
                with: #"{"sharedLanguage": 1000, "sameRegion": 1000}"#)
            let (refused, problem, _) = try await CaseAPITests.send(app, .PUT, path, token: token, body: heavy)
            #expect(refused == .unprocessableEntity)
            #expect(!PeopleAPITests.fields(problem).isEmpty)
            // The fixed fields are carried, not asked, on the page.
            let page = try await fixture.lead.get(fixture.programmePath + "/settings")
            #expect(page.body.contains("start (1 November 2026) and the sessions"))
            #expect(!page.body.contains(#"id="field-session_count""#))
        }
    }
}
