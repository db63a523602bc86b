import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// A case's timeline (issue #13 item 5): who did what and when, merged from every kind of event and paged in SQL,
/// without the words of notes and messages, for the case's own case managers only.
@Suite("The case timeline")
struct CaseTimelineTests {
    @Test func theTimelineShowsWhoDidWhatNewestFirstWithoutContent() async throws {
        try await withCairn { app in
            let (record, manager, _, person) = try await PlanItemTests.caseWithAnItem(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await manager.get("/cases/\(id)")
            try await manager.post("/cases/\(id)/notes", [("body", "TIMELINE-NOTE-WORDS")])
            try await manager.post("/cases/\(id)/messages", [("message", "TIMELINE-MESSAGE-WORDS")])

            let page = try await manager.get("/cases/\(id)/timeline")
            #expect(page.status == .ok)
            for sentence in [
                "Asked for support", "Assigned the case", "Added coaching to the plan", "Added a note",
                "Sent a message",
            ] {
                #expect(page.body.contains(sentence), "\(sentence)")
            }
            #expect(page.body.contains("Sam Taylor"))
            #expect(!page.body.contains("TIMELINE-NOTE-WORDS") && !page.body.contains("TIMELINE-MESSAGE-WORDS"))
            // Newest first: the message came after the note, which came after the request.
            let message = try #require(page.body.range(of: "Sent a message"))
            let request = try #require(page.body.range(of: "Asked for support"))
            #expect(message.lowerBound < request.lowerBound)
            // Reading it is audited.
            let reads = try await AuditEntry.query(on: app.db).filter(\.$action == "case_timeline_read")
                .filter(\.$actorID == person.id).count()
            #expect(reads == 1)

            // Someone outside the case does not learn it exists.
            let other = TestBrowser(app)
            try await other.signIn(try await app.makePerson([.caseManager]))
            #expect(try await other.get("/cases/\(id)/timeline").status == .notFound)

            // The same through the API, for the same people only.
            let token = try await CaseAPITests.token(for: person, on: app)
            let (status, body, text) = try await CaseAPITests.send(
                app, .GET, "/api/v1/cases/\(id)/timeline", token: token)
            #expect(status == .ok, "\(text)")
            #expect(body["total"] as? Int == 5)
            let summaries = ((body["entries"] as? [[String: Any]]) ?? []).compactMap { $0["summary"] as? String }
            #expect(summaries.first == "Sent a message" && summaries.last == "Asked for support")
            #expect(!text.contains("TIMELINE-NOTE-WORDS") && !text.contains("TIMELINE-MESSAGE-WORDS"))
            let outsider = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(
                try await CaseAPITests.send(app, .GET, "/api/v1/cases/\(id)/timeline", token: outsider).0 == .notFound)
        }
    }

    @Test func aLongTimelineIsCountedAndPagedInTheDatabase() async throws {
        try await withCairn { app in
            let (record, manager, _, _) = try await PlanItemTests.caseWithAnItem(on: app)
            let caseID = try record.requireID()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            for index in 0..<60 {
                let message = CaseMessage()
                message.id = UUID()
                message.caseID = caseID
                message.senderID = record.clinicianID
                message.body = "sealed elsewhere"
                message.createdAt = start.addingTimeInterval(Double(index) * 60)
                try await message.create(on: app.db)
            }
            let timeline = CaseTimeline(context: ServiceContext(application: app))
            let first = try await timeline.page(of: caseID, page: 1, pageSize: 25)
            // The request, the assignment, the plan item and the sixty messages.
            #expect(first.paging.total == 63)
            #expect(first.paging.pageCount == 3)
            #expect(first.entries.count == 25)
            #expect(first.entries.map(\.at) == first.entries.map(\.at).sorted(by: >))
            let last = try await timeline.page(of: caseID, page: 99, pageSize: 25)
            #expect(last.paging.page == 3 && last.entries.count == 13)
            #expect(last.entries.last?.kind == .submitted || last.entries.contains { $0.kind == .submitted })
            let html = try await manager.get("/cases/\(caseID.uuidString.lowercased())/timeline?page=2")
            #expect(html.body.contains("Page 2 of 3"))
        }
    }
}
