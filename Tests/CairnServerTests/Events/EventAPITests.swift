import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAPI
@testable import CairnAccounts
@testable import CairnEvents
@testable import CairnPlatform
@testable import CairnServer

/// Issue #19 item 8 through the API, on both databases: an organiser's integration creates, changes and publishes an
/// event; clients book and give up places; attendance, feedback and certificates; visitors read public events
/// without a token. Well-formed requests the event's state refuses are 409s, badly formed ones 422s.
@Suite("Learning events through the API")
struct EventAPITests {
    static func event(title: String = "Exam preparation", capacity: Int = 1, startsIn days: Double = 7) -> String {
        let start = Date().addingTimeInterval(days * 86_400)
        let format = ISO8601DateFormatter()
        return """
            {"title": "\(title)", "description": "For **ST2–ST3**.", "format": "video",
             "videoLink": "https://meet.example.org/exam", "capacity": \(capacity), "cpdHours": 2,
             "visibility": "public", "professions": ["doctor"],
             "sessions": [{"startsAt": "\(format.string(from: start))",
                           "endsAt": "\(format.string(from: start.addingTimeInterval(7_200)))"}]}
            """
    }

    /// Issue #14: the event page's "Add an organiser", through the API, with the page's rules.
    @Test func anOrganiserAddsAnotherThroughTheAPIWithThePagesRules() async throws {
        try await withCairn { app in
            let lead = try await app.makePerson([.programmeLead], name: "Pat Lead")
            let facilitator = try await app.makePerson([.facilitator], name: "Fay Facilitator")
            let clinician = try await app.makePerson([.clinician], name: "Dr Clinician")
            let leadToken = try await CaseAPITests.token(for: lead, on: app)
            let facilitatorToken = try await CaseAPITests.token(for: facilitator, on: app)
            let (made, event, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/events", token: leadToken, body: Self.event())
            #expect(made == .created)
            let id = try #require(event["id"] as? String)
            let path = "/api/v1/events/\(id)/organisers"
            // Before: the facilitator does not organise it, so a draft is not there for them.
            #expect(
                try await CaseAPITests.send(app, .GET, "/api/v1/events/\(id)", token: facilitatorToken).0 == .notFound)
            let (stranger, problem, _) = try await CaseAPITests.send(
                app, .POST, path, token: leadToken, body: #"{"email": "\#(clinician.email)"}"#)
            #expect(stranger == .unprocessableEntity)
            #expect(PeopleAPITests.fields(problem).contains("/email"))
            let (added, _, _) = try await CaseAPITests.send(
                app, .POST, path, token: leadToken, body: #"{"email": "\#(facilitator.email.uppercased())"}"#)
            #expect(added == .ok)
            let (seen, asOrganiser, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/events/\(id)", token: facilitatorToken)
            #expect(seen == .ok)
            #expect(asOrganiser["organiser"] as? Bool == true)
            let (again, _, _) = try await CaseAPITests.send(
                app, .POST, path, token: leadToken, body: #"{"email": "\#(facilitator.email)"}"#)
            #expect(again == .conflict)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "learning_event_organiser_added").count()
                    == 1)
        }
    }

    @Test func anOrganisersIntegrationRunsAnEventAndClientsBookIt() async throws {
        try await withCairn { app in
            let lead = try await app.makePerson([.programmeLead], name: "Pat Lead")
            let first = try await app.makePerson([.clinician], name: "Dr First")
            let second = try await app.makePerson([.clinician], name: "Dr Second")
            let leadToken = try await CaseAPITests.token(for: lead, on: app)
            let firstToken = try await CaseAPITests.token(for: first, on: app)
            let secondToken = try await CaseAPITests.token(for: second, on: app)
            func send(_ method: HTTPMethod, _ path: String, _ token: String?, _ body: String? = nil) async throws
                -> (HTTPStatus, [String: Any])
            {
                guard let token else {
                    let response = try await app.testing().sendRequest(method, path)
                    let object =
                        (try? JSONSerialization.jsonObject(with: Data(response.body.string.utf8))) as? [String: Any]
                    return (response.status, object ?? [:])
                }
                let (status, json, _) = try await CaseAPITests.send(app, method, path, token: token, body: body)
                return (status, json)
            }

            // A clinician cannot create one; a session ending before it starts is well formed but refused (409).
            #expect(try await send(.POST, "/api/v1/events", firstToken, Self.event()).0 == .forbidden)
            let backwards = Self.event().replacingOccurrences(of: "\"endsAt\"", with: "\"ignored\"")
            #expect(try await send(.POST, "/api/v1/events", leadToken, backwards).0 == .badRequest)
            let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
            let reversed = """
                {"title": "Reversed", "description": "x", "format": "video", "videoLink": "https://meet.example.org/r",
                 "capacity": 3, "visibility": "members",
                 "sessions": [{"startsAt": "\(start)", "endsAt": "2020-01-01T00:00:00Z"}]}
                """
            let (refused, problem) = try await send(.POST, "/api/v1/events", leadToken, reversed)
            #expect(refused == .conflict)
            #expect((problem["detail"] as? String)?.contains("ends after it starts") == true)
            #expect(try await LearningEvent.query(on: app.db).count() == 0)

            let (made, event) = try await send(.POST, "/api/v1/events", leadToken, Self.event())
            #expect(made == .created)
            let id = try #require(event["id"] as? String)
            #expect(event["status"] as? String == "draft")
            #expect(event["organiser"] as? Bool == true)
            #expect(event["cpdHours"] as? Double == 2)
            // A draft is not there for anyone else, nor for visitors.
            #expect(try await send(.GET, "/api/v1/events/\(id)", firstToken).0 == .notFound)
            #expect(try await send(.GET, "/api/v1/events/\(id)", nil).0 == .unauthorized)
            // Publishing from a stale version is a 409; from the version read, it is published.
            let version = try #require(event["version"] as? Int)
            #expect(
                try await send(
                    .POST, "/api/v1/events/\(id)/status", leadToken, #"{"status": "published", "version": 99}"#
                ).0 == .conflict)
            let (published, now) = try await send(
                .POST, "/api/v1/events/\(id)/status", leadToken, #"{"status": "published", "version": \#(version)}"#)
            #expect(published == .ok)
            #expect(now["status"] as? String == "published")
            // Visitors read it without a token, without the video address; the list shows it.
            let (visitorRead, visible) = try await send(.GET, "/api/v1/events/\(id)", nil)
            #expect(visitorRead == .ok)
            #expect(visible["videoLink"] == nil)
            let (listed, page) = try await send(.GET, "/api/v1/events", nil)
            #expect(listed == .ok)
            #expect((page["events"] as? [[String: Any]])?.count == 1)

            // One place: the first books it, the second waits; the first gives it up and the second has it.
            let (booked, place) = try await send(.POST, "/api/v1/events/\(id)/booking", firstToken)
            #expect(booked == .ok)
            #expect(place["status"] as? String == "booked")
            let (_, waiting) = try await send(.POST, "/api/v1/events/\(id)/booking", secondToken)
            #expect(waiting["status"] as? String == "waiting")
            #expect(waiting["position"] as? Int == 1)
            let (_, mine) = try await send(.GET, "/api/v1/events/\(id)", firstToken)
            #expect(mine["videoLink"] as? String == "https://meet.example.org/exam")
            #expect((mine["myPlace"] as? [String: Any])?["status"] as? String == "booked")
            let (gaveUp, gone) = try await send(.DELETE, "/api/v1/events/\(id)/booking", firstToken)
            #expect(gaveUp == .ok)
            #expect(gone["status"] as? String == "cancelled")
            let (_, moved) = try await send(.GET, "/api/v1/events/\(id)", secondToken)
            #expect((moved["myPlace"] as? [String: Any])?["status"] as? String == "booked")
            #expect(moved["placesLeft"] as? Int == 0)

            // Before it starts, attendance is refused as a conflict; feedback and certificates are not theirs yet.
            let (_, list) = try await send(.GET, "/api/v1/events/\(id)/attendance", leadToken)
            let attendanceVersion = try #require(list["version"] as? Int)
            #expect(
                try await send(
                    .PUT, "/api/v1/events/\(id)/attendance", leadToken,
                    #"{"attendedIds": ["\#(second.id.uuidString)"], "version": \#(attendanceVersion)}"#
                ).0 == .conflict)
            #expect(try await send(.GET, "/api/v1/events/\(id)/certificate", secondToken).0 == .notFound)
            #expect(
                try await send(.POST, "/api/v1/events/\(id)/feedback", secondToken, #"{"rating": 5, "usefulness": 5}"#)
                    .0 == .notFound)
            #expect(try await send(.GET, "/api/v1/events/\(id)/feedback", firstToken).0 == .forbidden)
            let (summary, figures) = try await send(.GET, "/api/v1/events/\(id)/feedback", leadToken)
            #expect(summary == .ok)
            #expect(figures["suppressed"] as? Bool == true)
            #expect(figures["responses"] == nil)

            // Cancelling tells the one with a place.
            let (_, current) = try await send(.GET, "/api/v1/events/\(id)", leadToken)
            let (cancelled, _) = try await send(
                .POST, "/api/v1/events/\(id)/status", leadToken,
                #"{"status": "cancelled", "version": \#(try #require(current["version"] as? Int))}"#)
            #expect(cancelled == .ok)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == second.email).all()
                    .contains { $0.subject.hasPrefix("Cancelled:") })
            #expect(try await send(.POST, "/api/v1/events/\(id)/booking", firstToken).0 == .conflict)
        }
    }

    @Test func attendanceFeedbackAndCertificatesThroughTheAPI() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator])
            let attendee = try await app.makePerson([.clinician], name: "Dr Attendee")
            let facilitatorToken = try await CaseAPITests.token(for: facilitator, on: app)
            let attendeeToken = try await CaseAPITests.token(for: attendee, on: app)
            // An event starting in half an hour: booking is open, attendance may be recorded.
            let (_, event, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/events", token: facilitatorToken, body: Self.event(capacity: 5, startsIn: 0.02))
            let id = try #require(event["id"] as? String)
            _ = try await CaseAPITests.send(
                app, .POST, "/api/v1/events/\(id)/status", token: facilitatorToken,
                body: #"{"status": "published", "version": \#(try #require(event["version"] as? Int))}"#)
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/events/\(id)/booking", token: attendeeToken).0 == .ok)
            let (_, list, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/events/\(id)/attendance", token: facilitatorToken)
            let people = try #require(list["people"] as? [[String: Any]])
            #expect(people.map { $0["name"] as? String } == ["Dr Attendee"])
            let version = try #require(list["version"] as? Int)
            // Someone without a place is refused (422); the attendee is marked.
            let stranger = UUID().uuidString
            #expect(
                try await CaseAPITests.send(
                    app, .PUT, "/api/v1/events/\(id)/attendance", token: facilitatorToken,
                    body: #"{"attendedIds": ["\#(stranger)"], "version": \#(version)}"#
                ).0 == .unprocessableEntity)
            let (marked, after, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/events/\(id)/attendance", token: facilitatorToken,
                body: #"{"attendedIds": ["\#(attendee.id.uuidString)"], "version": \#(version)}"#)
            #expect(marked == .ok)
            #expect((after["people"] as? [[String: Any]])?.first?["attended"] as? Bool == true)
            let (certified, certificate, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/events/\(id)/certificate", token: attendeeToken)
            #expect(certified == .ok)
            #expect(certificate["name"] as? String == "Dr Attendee")
            #expect(certificate["cpdHours"] as? Double == 2)
            // Feedback once: a rating of 6 is a 422 naming /rating, the second answer a 409.
            #expect(
                try await CaseAPITests.send(
                    app, .POST, "/api/v1/events/\(id)/feedback", token: attendeeToken,
                    body: #"{"rating": 6, "usefulness": 4}"#
                ).0 == .unprocessableEntity)
            #expect(
                try await CaseAPITests.send(
                    app, .POST, "/api/v1/events/\(id)/feedback", token: attendeeToken,
                    body: #"{"rating": 4, "usefulness": 4, "comment": "Good"}"#
                ).0 == .noContent)
            #expect(
                try await CaseAPITests.send(
                    app, .POST, "/api/v1/events/\(id)/feedback", token: attendeeToken,
                    body: #"{"rating": 4, "usefulness": 4}"#
                ).0 == .conflict)
        }
    }

    @Test func attendanceIsImportedFromCSVThroughTheAPI() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator])
            let attendee = try await app.makePerson([.clinician], name: "Dr Attendee")
            let walkIn = try await app.makePerson([.clinician], name: "Dr Walk-in")
            let token = try await CaseAPITests.token(for: facilitator, on: app)
            let attendeeToken = try await CaseAPITests.token(for: attendee, on: app)
            func publish(startsIn days: Double) async throws -> String {
                let (_, event, _) = try await CaseAPITests.send(
                    app, .POST, "/api/v1/events", token: token, body: Self.event(capacity: 5, startsIn: days))
                let id = try #require(event["id"] as? String)
                _ = try await CaseAPITests.send(
                    app, .POST, "/api/v1/events/\(id)/status", token: token,
                    body: #"{"status": "published", "version": \#(try #require(event["version"] as? Int))}"#)
                return id
            }
            func importing(_ id: String, _ csv: String, as token: String) async throws -> (
                HTTPStatus, [String: Any], String
            ) {
                let data = try JSONSerialization.data(withJSONObject: ["csv": csv])
                return try await CaseAPITests.send(
                    app, .POST, "/api/v1/events/\(id)/attendance/import", token: token,
                    body: String(decoding: data, as: UTF8.self))
            }
            // Longer than the contract allows: a 400 whatever the event's state.
            let later0 = try await publish(startsIn: 7)
            #expect(try await importing(later0, String(repeating: "a", count: 80_001), as: token).0 == .badRequest)
            // A week ahead: the event's state refuses (409), whatever the file.
            let later = try await publish(startsIn: 7)
            #expect(try await importing(later, "email\n\(attendee.email)\n", as: token).0 == .conflict)

            let id = try await publish(startsIn: 0.02)
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/events/\(id)/booking", token: attendeeToken).0 == .ok)
            // Every line is checked first: an unknown address and a bad answer are named by line; nothing changes.
            let (refused, _, problem) = try await importing(
                id, "email,attended\n\(attendee.email),yes\nnobody@example.org,yes\n\(walkIn.email),maybe\n", as: token)
            #expect(refused == .unprocessableEntity)
            #expect(problem.contains("Line 3: No one with the address nobody@example.org"))
            #expect(problem.contains("Line 4: Write attended as yes or no"))
            #expect(problem.contains("/csv"))
            #expect(try await EventBooking.query(on: app.db).filter(\.$attended == true).count() == 0)
            // A clinician may not import.
            #expect(try await importing(id, "email\n\(attendee.email)\n", as: attendeeToken).0 == .forbidden)

            let (done, report, _) = try await importing(
                id, "email,attended\n\(attendee.email),yes\n\(walkIn.email),yes\n", as: token)
            #expect(done == .ok)
            #expect(report["marked"] as? Int == 2)
            #expect(report["walkIns"] as? Int == 1)
            #expect(report["unmarked"] as? Int == 0)
            let (_, list, _) = try await CaseAPITests.send(app, .GET, "/api/v1/events/\(id)/attendance", token: token)
            let people = try #require(list["people"] as? [[String: Any]])
            #expect(Set(people.compactMap { $0["name"] as? String }) == ["Dr Attendee", "Dr Walk-in"])
            #expect(people.allSatisfy { $0["attended"] as? Bool == true })
        }
    }
}
