import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("The end-of-programme evaluation from both sides")
struct MentoringEvaluationTests {
    @Test func eachSideEvaluatesOnceWhenTheSessionsAreDoneAndTheLeadSeesOnlyAggregates() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let pair = try #require(try await MentoringPair.query(on: app.db).filter(\.$status == .active).first())
            let path = "/mentoring/pairs/\(try pair.requireID().uuidString.lowercased())/evaluation"
            let mentee = try await MentoringSessionTests.signedIn(fixture.amira, app)
            #expect(!(try await mentee.get("/mentoring/my").body.contains("Evaluate the programme")))
            var page = try await mentee.get(path)
            #expect(page.body.contains("The evaluation opens once your sessions are done"))
            try await mentee.get("/mentoring/my")  // a page with a form, for the CSRF token
            page = try await mentee.post(path, [("q1", "5")])
            #expect(page.status == .unprocessableEntity)

            // The window closes (six months from 1 December): the evaluation opens.
            clock.advance(by: 200 * 86_400)
            let later = try await MentoringSessionTests.signedIn(fixture.amira, app)
            #expect(try await later.get("/mentoring/my").body.contains("Evaluate the programme"))
            page = try await later.get(path)
            #expect(page.body.contains("Mentoring helped me settle into UK general practice"))
            page = try await later.post(path, [("q1", "5"), ("q2", "9")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Choose from 1 to 5"))
            page = try await later.post(
                path, [("q1", "5"), ("q2", "5"), ("q3", "4"), ("q4", "5"), ("q5", "EVALUATION-WORDS"), ("q6", "")])
            #expect(page.status == .seeOther)
            #expect(
                try await later.post(path, [("q1", "5"), ("q2", "5"), ("q3", "4"), ("q4", "5")]).status
                    == .unprocessableEntity)
            let raw = try await (app.db as! any SQLDatabase).raw("SELECT texts FROM evaluation_responses").all()
                .map { try $0.decode(column: "texts", as: String.self) }
            #expect(raw.count == 1 && !raw[0].contains("EVALUATION-WORDS"), "free text is sealed")

            // One answer: counted as *, no average, no comment.
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.programmeLead]))
            let dashboard = try await lead.get(fixture.programmePath + "/dashboard")
            #expect(dashboard.body.contains("End-of-programme evaluation: mentees (* answered)"))
            #expect(dashboard.body.contains("Fewer than 5 answers"))
            #expect(!dashboard.body.contains("EVALUATION-WORDS"))
            let csv = try await lead.get(fixture.programmePath + "/dashboard.csv")
            #expect(csv.body.contains("End-of-programme evaluation: mentors"))
            #expect(!csv.body.contains("EVALUATION-WORDS"))
        }
    }

    @Test func theLeadWritesTheQuestionsAndBadOnesAreExplained() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            try await fixture.lead.get(fixture.programmePath)
            var page = try await fixture.lead.post(
                fixture.programmePath + "/evaluation-questions",
                [("menteeQuestions", "Same\nSame"), ("mentorQuestions", "I enjoyed it")])
            #expect(page.status == .unprocessableEntity)
            #expect(
                page.body.contains("&quot;Same&quot; is asked twice") || page.body.contains("\"Same\" is asked twice"))
            page = try await fixture.lead.post(
                fixture.programmePath + "/evaluation-questions",
                [("menteeQuestions", "My mentor listened\nText: Anything else?"), ("mentorQuestions", "I enjoyed it")])
            #expect(page.body.contains("The evaluation questions are saved."))
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            let questions = try await EvaluationService(context: ServiceContext(application: app))
                .questionnaire(for: programme, side: .mentee)
            #expect(questions.questions.map(\.text) == ["My mentor listened", "Anything else?"])
        }
    }
}
