import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer

/// Ending a pair through the API (issue #14): as on `/mentoring/my`, with a reason, once.
@Suite("Ending a mentoring pair through the API")
struct PairEndingAPITests {
    @Test func aSideEndsTheirPairWithAReasonOnce() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let pair = try #require(try await MentoringPair.query(on: app.db).filter(\.$status == .active).first())
            let mentor = try #require(try await Mentor.find(pair.mentorID, on: app.db))
            let mentee = try #require(try await Mentee.find(pair.menteeID, on: app.db))
            let mentorToken = try await CaseAPITests.token(
                for: TestPerson(id: mentor.personID, email: "", password: ""), on: app)
            let menteeToken = try await CaseAPITests.token(
                for: TestPerson(id: mentee.personID, email: "", password: ""), on: app)
            let path = "/api/v1/mentoring/pairs/\(try pair.requireID())/ending"

            let lead = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            #expect(
                try await CaseAPITests.send(app, .POST, path, token: lead, body: #"{"reason": "x"}"#).0 == .forbidden)
            let (empty, problem, _) = try await CaseAPITests.send(
                app, .POST, path, token: mentorToken, body: #"{"reason": "   "}"#)
            #expect(empty == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/reason")

            let (ended, _, text) = try await CaseAPITests.send(
                app, .POST, path, token: menteeToken, body: #"{"reason": "Our times never match."}"#)
            #expect(ended == .noContent, "\(text)")
            let after = try #require(try await MentoringPair.find(pair.requireID(), on: app.db))
            #expect(after.status == .declined)
            #expect(after.declinedBy == "mentee")
            #expect(after.declineReason?.contains("Our times") == false, "sealed")
            #expect(
                try await CaseAPITests.send(app, .POST, path, token: mentorToken, body: #"{"reason": "Too late."}"#).0
                    == .conflict)
            #expect(
                try await MentoringSession.query(on: app.db).filter(\.$pairID == pair.requireID())
                    .filter(\.$status == .planned).count() == 0)
            _ = fixture
        }
    }
}

/// Swapping two proposals through the API (issue #14), as on the matching page, with the same rules.
@Suite("Swapping proposals through the API")
struct MatchingSwapAPITests {
    @Test func theLeadSwapsTwoMenteesMentorsWithinTheRules() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let token = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let run = try #require(
                try await MatchingRun.query(on: app.db).filter(\.$programmeID == fixture.programmeID).first())
            let path =
                "/api/v1/mentoring/programmes/\(fixture.programmeID)/matching-runs/\(try run.requireID())/swaps"
            let amira = try await fixture.mentee("amira@example.org").requireID()
            let bilal = try await fixture.mentee("bilal@example.org").requireID()
            let chen = try await fixture.mentee("chen@example.org").requireID()
            func proposal(_ mentee: UUID) async throws -> MatchProposal? {
                try await MatchProposal.query(on: app.db).filter(\.$runID == run.requireID())
                    .filter(\.$menteeID == mentee).first()
            }
            // Bilal first goes to Helen (Amira's supervisor), as in the page's test.
            let helen = try await fixture.mentor("helen@example.org").requireID()
            let changed = try await CaseAPITests.send(
                app, .POST,
                "/api/v1/mentoring/programmes/\(fixture.programmeID)/matching-runs/\(try run.requireID())/changes",
                token: token,
                body: #"{"menteeId": "\#(bilal)", "mentorId": "\#(helen)", "reason": "Different sites; both agree"}"#)
            #expect(changed.0 == .ok, "\(changed.2)")
            let before = (try await proposal(amira)?.mentorID, try await proposal(bilal)?.mentorID)
            #expect(before.1 == helen)

            // Amira would get her own supervisor: refused, and neither proposal changes.
            let (refused, problem, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: #"{"firstMenteeId": "\#(amira)", "secondMenteeId": "\#(bilal)", "reason": "Try"}"#)
            #expect(refused == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/firstMenteeId")
            #expect(try await proposal(amira)?.mentorID == before.0)

            let bilalsMentor = try await proposal(bilal)?.mentorID
            let chensMentor = try await proposal(chen)?.mentorID
            let (swapped, body, text) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: #"{"firstMenteeId": "\#(bilal)", "secondMenteeId": "\#(chen)", "reason": "Chen asked"}"#)
            #expect(swapped == .ok, "\(text)")
            #expect(body["status"] as? String == "proposed")
            #expect(try await proposal(chen)?.mentorID == bilalsMentor)
            #expect(try await proposal(bilal)?.mentorID == chensMentor)

            let published = try await CaseAPITests.send(
                app, .POST,
                "/api/v1/mentoring/programmes/\(fixture.programmeID)/matching-runs/\(try run.requireID())/publish",
                token: token)
            #expect(published.0 == .ok)
            let (closed, _, _) = try await CaseAPITests.send(
                app, .POST, path, token: token,
                body: #"{"firstMenteeId": "\#(bilal)", "secondMenteeId": "\#(chen)", "reason": "Again"}"#)
            #expect(closed == .conflict)
        }
    }
}
