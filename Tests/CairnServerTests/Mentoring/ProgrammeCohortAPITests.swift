import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer

/// The evaluation questions and the next intake through the API (issue #14), as on the programme page.
@Suite("Evaluation questions and the next cohort through the API")
struct ProgrammeCohortAPITests {
    @Test func theLeadSetsTheQuestionsAndStartsTheNextCohort() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let token = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let base = "/api/v1/mentoring/programmes/\(fixture.programmeID)"

            let (read, standard, _) = try await CaseAPITests.send(
                app, .GET, base + "/evaluation-questions", token: token)
            #expect(read == .ok)
            #expect((standard["menteeQuestions"] as? String)?.isEmpty == false)

            let (refused, problem, _) = try await CaseAPITests.send(
                app, .PUT, base + "/evaluation-questions", token: token,
                body: #"{"menteeQuestions": "Same\nSame", "mentorQuestions": "I enjoyed it"}"#)
            #expect(refused == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/menteeQuestions")
            let (saved, questions, text) = try await CaseAPITests.send(
                app, .PUT, base + "/evaluation-questions", token: token,
                body:
                    #"{"menteeQuestions": "My mentor listened\nText: Anything else?", "mentorQuestions": "I enjoyed it"}"#
            )
            #expect(saved == .ok, "\(text)")
            #expect(questions["menteeQuestions"] as? String == "My mentor listened\nText: Anything else?")
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "evaluation_questions_changed").count() == 1)

            let (bad, badProblem, _) = try await CaseAPITests.send(
                app, .POST, base + "/next-cohort", token: token,
                body: #"{"name": "Spring intake", "cohortStartsOn": "2027-02-30"}"#)
            #expect(bad == .unprocessableEntity || bad == .badRequest)
            if bad == .unprocessableEntity {
                #expect((badProblem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/cohortStartsOn")
            }
            let (created, next, createdText) = try await CaseAPITests.send(
                app, .POST, base + "/next-cohort", token: token,
                body: #"{"name": "Spring intake", "cohortStartsOn": "2027-03-01"}"#)
            #expect(created == .created, "\(createdText)")
            #expect(next["name"] as? String == "Spring intake")
            #expect(next["mentorCount"] as? Int == 3)
            #expect(next["menteeCount"] as? Int == 0)
            let nextID = try #require(next["id"] as? String)
            let (_, copied, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/mentoring/programmes/\(nextID)/evaluation-questions", token: token)
            #expect(copied["menteeQuestions"] as? String == "My mentor listened\nText: Anything else?")
        }
    }
}
