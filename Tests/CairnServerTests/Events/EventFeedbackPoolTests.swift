import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnEvents
@testable import CairnPlatform
@testable import CairnServer

/// Issue #19 item 4 across events: an organiser's year of feedback, pooled in SQL over the events whose own figures
/// are shown. An event with three answers stays out of the pool (else the pool minus the shown events would give
/// its figures back), and a sixth or seventh answer moves nothing until its group of five is complete.
@Suite("Learning event feedback pooled across an organiser's events")
struct EventFeedbackPoolTests {
    @Test func onlyEventsWithShownFiguresArePooledOnThePageAndInTheAPI() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let organiserPerson = try await app.makePerson([.facilitator], name: "Priya Organiser")
            let organiser = TestBrowser(app)
            try await organiser.signIn(organiserPerson)
            // Someone else's event with answers of its own: not in this organiser's pool.
            let other = TestBrowser(app)
            try await other.signIn(try await app.makePerson([.programmeLead], name: "Other Organiser"))
            var events: [UUID] = []
            for days in [1, 2, 3] {
                let path = try await EventJourneyTests.publishedEvent(app, by: organiser, daysAhead: days)
                events.append(try #require(UUID(uuidString: String(path.dropFirst("/events/".count)))))
            }
            let theirs = try await EventJourneyTests.publishedEvent(app, by: other, daysAhead: 1)
            let theirsID = try #require(UUID(uuidString: String(theirs.dropFirst("/events/".count))))
            // Five answers (shown), three (hidden), seven (five counted: the second group is not complete).
            func answer(_ event: UUID, _ scores: [(Int, Int)]) async throws {
                for (index, score) in scores.enumerated() {
                    let feedback = EventFeedback()
                    feedback.id = UUID()
                    feedback.eventID = event
                    feedback.rating = score.0
                    feedback.usefulness = score.1
                    feedback.batch = index / EventFeedbackSummary.threshold
                    try await feedback.create(on: app.db)
                }
            }
            try await answer(events[0], [(5, 5), (4, 4), (4, 3), (3, 5), (5, 4)])
            try await answer(events[1], [(1, 1), (1, 1), (1, 2)])
            try await answer(events[2], [(4, 4), (4, 4), (4, 4), (4, 4), (4, 4), (1, 1), (1, 1)])
            try await answer(theirsID, Array(repeating: (1, 1), count: 10))
            clock.advance(by: 5 * 86_400)
            try await organiser.signIn(organiserPerson)

            // Ten answers pooled: ratings 21 + 20 = 41, usefulness 21 + 20 = 41, found useful 4 + 5 = 9.
            let page = try await organiser.get("/events?period=past")
            #expect(page.status == .ok)
            #expect(page.body.contains("Feedback on your events in the last 12 months"))
            #expect(page.body.contains("3 of your events started in the last 12 months; 2 of them have figures"))
            #expect(page.body.contains("<dd>10</dd>"))
            #expect(page.body.contains("<dd>4.1</dd>"))
            #expect(page.body.contains("<dd>90%</dd>"))
            // Not on the upcoming list, and not for someone who runs no events.
            #expect(!(try await organiser.get("/events").body.contains("Feedback on your events")))
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson([.clinician]))
            #expect(!(try await clinician.get("/events?period=past").body.contains("Feedback on your events")))

            let token = try await CaseAPITests.token(for: organiserPerson, on: app)
            let (status, pool, _) = try await CaseAPITests.send(app, .GET, "/api/v1/event-feedback", token: token)
            #expect(status == .ok)
            #expect(pool["events"] as? Int == 3)
            #expect(pool["eventsShown"] as? Int == 2)
            #expect(pool["suppressed"] as? Bool == false)
            #expect(pool["responses"] as? Int == 10)
            #expect(pool["meanRating"] as? Double == 4.1)
            #expect(pool["foundUsefulPercent"] as? Int == 90)

            // With only the hidden event's answers, nothing is shown at all.
            try await EventFeedback.query(on: app.db).filter(\.$eventID ~~ [events[0], events[2]]).delete()
            let (_, none, _) = try await CaseAPITests.send(app, .GET, "/api/v1/event-feedback", token: token)
            #expect(none["suppressed"] as? Bool == true)
            #expect(none["responses"] == nil)
            #expect(none["eventsShown"] as? Int == 0)
        }
    }
}
