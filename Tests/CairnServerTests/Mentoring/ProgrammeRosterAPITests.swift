import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer

/// A programme's mentors and mentees through the API, with ids, paged in SQL; pausing a mentor (issue #14).
@Suite("A programme's people through the API")
struct ProgrammeRosterAPITests {
    static func get(_ app: Application, _ path: String, token: String) async throws -> [String: Any] {
        let response = try await app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == .ok, "\(path): \(response.body.string)")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
    }

    @Test func theLeadListsMentorsAndMenteesWithTheirIdsAndPausesOne() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let token = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let base = "/api/v1/mentoring/programmes/\(fixture.programmeID)"

            let mentors = try await Self.get(app, base + "/mentors", token: token)
            #expect(mentors["total"] as? Int == 3)
            let rows = try #require(mentors["mentors"] as? [[String: Any]])
            #expect(rows.compactMap { $0["name"] as? String } == ["Dr Helen Price", "Dr James Okafor", "Dr Kate Moss"])
            let kate = try #require(rows.last)
            #expect(kate["trainedUntil"] as? String == "2023-01-01", "Kate's training ran out")
            #expect(rows[0]["trainedUntil"] as? String == "2028-03-01")
            #expect(rows.reduce(0) { $0 + ($1["load"] as? Int ?? 0) } == 1)
            let helenID = try #require(rows[0]["id"] as? String)

            let mentees = try await Self.get(app, base + "/mentees", token: token)
            let menteeRows = try #require(mentees["mentees"] as? [[String: Any]])
            #expect(menteeRows.count == 3)
            let paired = menteeRows.filter { $0["mentorId"] != nil }
            #expect(paired.count == 1)
            #expect(rows.contains { $0["id"] as? String == paired.first?["mentorId"] as? String })

            let pause = try await CaseAPITests.send(
                app, .POST, base + "/mentors/\(helenID)/pause", token: token, body: #"{"paused": true}"#)
            #expect(pause.0 == .noContent)
            let after = try #require(
                try await Self.get(app, base + "/mentors", token: token)["mentors"] as? [[String: Any]])
            #expect(after[0]["paused"] as? Bool == true)
            #expect(
                try await CaseAPITests.send(
                    app, .POST, base + "/mentors/\(UUID())/pause", token: token, body: #"{"paused": true}"#
                ).0 == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "mentor_paused").count() == 1)
        }
    }

    /// 230 mentors: pages of 100 in name order, each mentor once, the last page short.
    @Test func aLargeRosterPagesInNameOrder() async throws {
        try await withCairn { app in
            let leadPerson = try await app.makePerson([.programmeLead])
            let token = try await CaseAPITests.token(for: leadPerson, on: app)
            let (status, created, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes", token: token,
                body: #"""
                    {"name": "Large", "audience": "Everyone", "cohortStartsOn": "2027-01-04", "sessionCount": 4,
                     "sessionMinutes": 60, "sessionMode": "video", "windowMonths": 6, "matchingMode": "optimal"}
                    """#)
            #expect(status == .created, "\(text)")
            let id = try #require(created["id"] as? String)
            let lines = (0..<230).map { index in
                "Dr Mentor \(String(format: "%03d", 229 - index)),m\(index)@example.org,doctor,1,NES,2025-01-01,2029-01-01"
            }
            let csv =
                "name,email,profession,capacity,training_course,training_completed,training_expires\n"
                + lines.joined(separator: "\n")
            let body = String(
                decoding: try JSONSerialization.data(withJSONObject: ["csv": csv]), as: UTF8.self)
            let imported = try await CaseAPITests.send(
                app, .POST, "/api/v1/mentoring/programmes/\(id)/mentors", token: token, body: body)
            #expect(imported.0 == .ok, "\(imported.2)")
            var names: [String] = []
            for page in 1...3 {
                let found = try await Self.get(
                    app, "/api/v1/mentoring/programmes/\(id)/mentors?page=\(page)", token: token)
                #expect(found["total"] as? Int == 230)
                #expect(found["pageCount"] as? Int == 3)
                let rows = try #require(found["mentors"] as? [[String: Any]])
                #expect(rows.count == (page < 3 ? 100 : 30))
                names += rows.compactMap { $0["name"] as? String }
            }
            #expect(names == (0..<230).map { "Dr Mentor \(String(format: "%03d", $0))" })
            let beyond = try await Self.get(app, "/api/v1/mentoring/programmes/\(id)/mentors?page=4", token: token)
            #expect((beyond["mentors"] as? [Any])?.isEmpty == true)
        }
    }
}
