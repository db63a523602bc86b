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

@Suite("The mentoring API")
struct MentoringAPITests {
    static func json(_ value: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    @Test func aLeadRunsAProgrammeAndThePairWorksThroughTheAPI() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let lead = try await app.makePerson([.programmeLead])
            let james = try await app.makePerson([.mentor], name: "Dr James Okafor", email: "james@example.org")
            let amira = try await app.makePerson([.clinician], name: "Dr Amira Haddad", email: "amira@example.org")
            let leadToken = try await CaseAPITests.token(for: lead, on: app)

            var (status, body, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes", token: leadToken,
                body: Self.json([
                    "name": "API programme", "audience": "IMG GP trainees", "cohortStartsOn": "2026-12-01",
                    "sessionCount": 4, "sessionMinutes": 60, "sessionMode": "video", "windowMonths": 6,
                    "matchingMode": "optimal", "weights": ["sameProfession": 950, "wishedLanguage": 900],
                ]))
            #expect(status == .unprocessableEntity, "\(text)")
            #expect(text.contains("weights add up to"))
            // Problems name the JSON field that was sent, never the page's form names.
            (status, body, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes", token: leadToken,
                body: Self.json([
                    "name": "API programme", "audience": "IMG GP trainees", "cohortStartsOn": "2026-02-30",
                    "sessionCount": 40, "sessionMinutes": 60, "sessionMode": "video", "windowMonths": 6,
                    "matchingMode": "optimal", "weights": ["sameRegion": 5000],
                ]))
            #expect(status == .unprocessableEntity, "\(text)")
            let fields = Set(((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["/cohortStartsOn", "/sessionCount", "/weights/sameRegion"], "\(text)")
            (status, body, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes", token: leadToken,
                body: Self.json([
                    "name": "API programme", "audience": "IMG GP trainees", "cohortStartsOn": "2026-11-02",
                    "sessionCount": 4, "sessionMinutes": 60, "sessionMode": "video", "windowMonths": 6,
                    "matchingMode": "optimal",
                ]))
            #expect(status == .created, "\(text)")
            let programme = try #require(body["id"] as? String)
            #expect(body["excludeSameEmployer"] as? Bool == true)

            (status, body, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/mentors", token: leadToken,
                body: Self.json(["csv": "name,email,profession,capacity\nDr James Okafor,james@example.org,doctor,0\n"])
            )
            #expect(status == .unprocessableEntity)
            #expect(text.contains("Line 2: capacity:"))
            (status, body, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/mentors", token: leadToken,
                body: Self.json(["csv": MentoringFixture.mentorsCSV]))
            #expect(status == .ok, "\(text)")
            #expect(body["imported"] as? Int == 3)
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/mentees", token: leadToken,
                body: Self.json(["csv": MentoringFixture.menteesCSV]))
            #expect(body["imported"] as? Int == 3)

            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/matching-runs", token: leadToken)
            #expect(status == .accepted)
            let run = try #require(body["id"] as? String)
            await app.cairn.backgroundWork.waitForAll()
            (status, body, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/programmes/\(programme)/matching-runs/\(run)", token: leadToken)
            #expect(body["status"] as? String == "proposed")
            #expect(body["progress"] as? Int == 100)
            let proposals = try #require(body["proposals"] as? [[String: Any]])
            #expect(proposals.count == 3)
            #expect(proposals.contains { ($0["unmatchedReason"] as? String) == "No trained mentor speaks Mandarin." })
            let amiraID = try #require(
                proposals.first { ($0["menteeName"] as? String) == "Dr Amira Haddad" }?["menteeId"] as? String)
            (status, _, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/matching-runs/\(run)/changes", token: leadToken,
                body: Self.json(["menteeId": amiraID, "reason": "She asked to wait"]))
            #expect(status == .ok, "\(text)")
            #expect(text.contains("She asked to wait"))
            // A mentee who is not in the run: the problem names the field the client sent.
            (status, body, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/matching-runs/\(run)/changes", token: leadToken,
                body: Self.json(["menteeId": UUID().uuidString, "reason": "Nobody"]))
            #expect(status == .unprocessableEntity, "\(text)")
            #expect(((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String } == ["/menteeId"])
            let jamesID = try #require(
                proposals.first { ($0["mentorName"] as? String) == "Dr James Okafor" }?["mentorId"] as? String)
            (status, _, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/matching-runs/\(run)/changes", token: leadToken,
                body: Self.json(["menteeId": amiraID, "mentorId": jamesID, "reason": "Back to the proposal"]))
            #expect(status == .ok, "\(text)")
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/matching-runs/\(run)/publish", token: leadToken)
            #expect(body["published"] as? Int == 1)
            (status, _, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(programme)/matching-runs/\(run)/publish", token: leadToken)
            #expect(status == .conflict)

            let menteeToken = try await CaseAPITests.token(for: amira, on: app)
            let response = try await app.testing().sendRequest(
                .GET, "/api/v1/mentoring/sessions", headers: ["Authorization": "Bearer \(menteeToken)"])
            let sessions = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [[String: Any]])
            #expect(sessions.count == 4)
            #expect(
                sessions.allSatisfy {
                    $0["side"] as? String == "mentee" && $0["otherName"] as? String == "Dr James Okafor"
                })
            let session = try #require(sessions.first?["id"] as? String)

            (status, _, text) = try await CaseAPITests.send(
                app, .PATCH, "/api/v1/mentoring/sessions/\(session)", token: menteeToken,
                body: Self.json(["videoLink": "ftp://example.org"]))
            #expect(status == .unprocessableEntity)
            #expect(text.contains("\"field\":\"\\/videoLink\"") || text.contains("\"field\":\"/videoLink\""), "\(text)")
            (status, _, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/sessions/\(session)/feedback", token: menteeToken,
                body: Self.json(["feltSafe": 5, "useful": 5, "actionsAgreed": true, "recommend": 10]))
            #expect(status == .conflict, "feedback opens once the session is held: \(text)")
            (status, _, text) = try await CaseAPITests.send(
                app, .PATCH, "/api/v1/mentoring/sessions/\(session)", token: menteeToken,
                body: Self.json(["status": "held"]))
            #expect(status == .conflict, "held needs a time first: \(text)")
            // Not before the cohort started (2 November).
            (status, body, text) = try await CaseAPITests.send(
                app, .PATCH, "/api/v1/mentoring/sessions/\(session)", token: menteeToken,
                body: Self.json(["startsAt": "2026-11-01T08:00:00Z", "status": "held"]))
            #expect(status == .conflict, "\(text)")
            #expect(text.contains("before the cohort started"))
            (status, body, _) = try await CaseAPITests.send(
                app, .PATCH, "/api/v1/mentoring/sessions/\(session)", token: menteeToken,
                body: Self.json([
                    "startsAt": "2026-11-25T08:00:00.250Z", "videoLink": "https://meet.example.org/x",
                    "status": "held",
                ]))
            #expect(status == .ok)
            #expect(body["status"] as? String == "held")
            #expect(body["sequence"] as? Int == 1)

            (status, body, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/sessions/\(session)/feedback", token: menteeToken,
                body: Self.json([
                    "feltSafe": 5, "useful": 5, "actionsAgreed": true, "recommend": 10,
                    "comment": "MENTEE-WORDS",
                ]))
            #expect(status == .created)
            #expect((body["myFeedback"] as? [String: Any])?["comment"] as? String == "MENTEE-WORDS")
            let mentorToken = try await CaseAPITests.token(for: james, on: app)
            (status, body, text) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/sessions/\(session)", token: mentorToken)
            #expect(status == .ok)
            #expect(body["theyAnswered"] as? Bool == true)
            #expect(!text.contains("MENTEE-WORDS"), "dual-blind: the mentor has not answered")
            // The list says what the detail says (it used to say false for every session).
            (status, _, text) = try await CaseAPITests.send(app, .GET, "/api/v1/mentoring/sessions", token: mentorToken)
            let listed = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
            #expect(listed.first { $0["id"] as? String == session }?["theyAnswered"] as? Bool == true)
            #expect(listed.count > 1)
            #expect(
                listed.filter { $0["id"] as? String != session }.allSatisfy { $0["theyAnswered"] as? Bool == false })
            #expect(!text.contains("MENTEE-WORDS"))

            // Outside the pair: the lead is refused, another mentor finds nothing.
            (status, _, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/sessions/\(session)", token: leadToken)
            #expect(status == .forbidden)
            let other = try await CaseAPITests.token(for: try await app.makePerson([.mentor]), on: app)
            (status, _, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/sessions/\(session)", token: other)
            #expect(status == .notFound)

            // The programme's dashboard, read by its lead through the API (issue #14: import to dashboard): one
            // pair and one session held are counts below 5, so protected; no one's words are in it.
            let dashboard = try await FiguresAPITests.get(
                app, "/api/v1/mentoring/programmes/\(programme)/figures", token: leadToken, accept: "application/json")
            #expect(dashboard.status == .ok)
            #expect(!dashboard.body.string.contains("MENTEE-WORDS"))
            let tables = try FiguresAPITests.tables(dashboard)
            #expect(tables["Pairs"]?.first == ["Mentees", "*"], "\(tables)")
            #expect(tables["Completion per pair"]?.contains(["1 of 4 held", "*"]) == true, "\(tables)")
            #expect(tables["Sessions"]?.contains(["Cancelled", "0"]) == true, "\(tables)")
            // Fewer than five answers: no average is shown at all.
            let feedback = tables.first { $0.key.hasPrefix("Feedback after sessions") }?.value ?? []
            #expect(feedback.dropFirst().allSatisfy { $0.dropFirst().allSatisfy { $0 == "Fewer than 5 answers" } })
        }
    }

    @Test func theEvaluationThroughTheAPIOpensAfterTheWindowAndIsAnsweredOnce() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let pair = try #require(try await MentoringPair.query(on: app.db).filter(\.$status == .active).first())
            let path = "/api/v1/mentoring/pairs/\(try pair.requireID().uuidString.lowercased())/evaluation"
            func token() async throws -> String {
                try await APITokenService(database: app.db, now: clock.now).create(
                    personID: fixture.amira.id, name: "test", lifetimeDays: 1
                ).secret
            }
            var (status, body, _) = try await CaseAPITests.send(app, .GET, path, token: try await token())
            #expect(status == .ok)
            #expect(body["open"] as? Bool == false)
            let answers = Self.json(["answers": ["5", "5", "4", "5", "API-EVALUATION", ""]])
            (status, _, _) = try await CaseAPITests.send(app, .POST, path, token: try await token(), body: answers)
            #expect(status == .conflict)
            clock.advance(by: 200 * 86_400)
            let later = try await token()
            (status, body, _) = try await CaseAPITests.send(
                app, .POST, path, token: later, body: Self.json(["answers": ["9"]]))
            #expect(status == .unprocessableEntity)
            // Each problem points at the answer it is about, in the JSON that was sent.
            let pointers = ((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
            #expect(pointers.first == "/answers/0")
            #expect(pointers.allSatisfy { $0.hasPrefix("/answers/") })
            (status, body, _) = try await CaseAPITests.send(app, .POST, path, token: later, body: answers)
            #expect(status == .created)
            #expect(body["answered"] as? Bool == true)
            (status, _, _) = try await CaseAPITests.send(app, .POST, path, token: later, body: answers)
            #expect(status == .conflict)
            // The mentor of another pair, or the lead, cannot reach it.
            let lead = try await APITokenService(database: app.db, now: clock.now).create(
                personID: try await app.makePerson([.programmeLead]).id, name: "t", lifetimeDays: 1
            ).secret
            (status, _, _) = try await CaseAPITests.send(app, .GET, path, token: lead)
            #expect(status == .forbidden)
        }
    }
}
