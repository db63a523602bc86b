import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnEvents
@testable import CairnLibrary
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #19 item 6, the staff side: a case manager finds guides and upcoming events and adds them to a case's plan;
/// the clinician sees them in their plan with a link. Only what every member may open is offered or accepted; a
/// guide withdrawn later shows as no longer available. The same through the page and the API.
@Suite("Guides and events in a support plan")
struct PlanResourceTests {
    /// Published, draft and withdrawn guides and members', staff-only and past events, as a unit lead and a
    /// facilitator would make them. Returns the ids by title.
    static func catalogue(_ app: Application, clock: TestClock) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        let editor = try await app.makePerson([.unitLead])
        let actor = Actor(
            personID: editor.id, displayName: "Editor", organisationID: app.cairn.organisation!.id,
            roles: [.unitLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
        let service = LibraryService(context: ServiceContext(application: app, actor: actor, database: app.db))
        for (title, status) in [
            ("Planning an exam resit", LibraryStatus.published), ("Exam draft guide", .draft),
            ("Exam guide withdrawn", .withdrawn), ("Welcome to NHS general practice", .published),
        ] {
            let item = try await service.create(
                LibraryItemDraft(
                    kind: "article", title: title, summary: "A guide.", body: "Words about \(title).",
                    reasons: [title.hasPrefix("Welcome") ? "international_graduate" : "exam_difficulty"],
                    visibility: "members", reviewOn: app.cairn.today.adding(years: 1).description), file: nil
            ).get()
            if status != .draft { _ = try await service.setStatus(item, to: .published, version: 1).get() }
            if status == .withdrawn { _ = try await service.setStatus(item, to: .withdrawn, version: 2).get() }
            ids[title] = try item.requireID()
        }
        let organiser = TestBrowser(app)
        try await organiser.signIn(try await app.makePerson([.facilitator], name: "Priya Organiser"))
        for (title, extra) in [
            ("Exam preparation workshop", [(String, String)]()), ("Exam staff briefing", [("staffOnly", "yes")]),
            ("Exam day soon over", []),
        ] {
            let path = try await EventJourneyTests.publishedEvent(
                app, by: organiser, daysAhead: title == "Exam day soon over" ? 1 : 14,
                extra: [("title", title)] + extra)
            ids[title] = UUID(uuidString: String(path.dropFirst("/events/".count)))
        }
        return ids
    }

    @Test func aCaseManagerAddsAGuideAndAnEventAndTheClinicianSeesThem() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let (record, manager, _, managerPerson) = try await PlanItemTests.caseWithAnItem(on: app)
            let ids = try await Self.catalogue(app, clock: clock)
            let casePath = "/cases/\(try record.requireID().uuidString.lowercased())"
            #expect(try await manager.get(casePath).body.contains(casePath + "/plan-resources"))

            // With no words: guides for the reasons the clinician gave (exam difficulty), and the next events.
            let offered = try await manager.get(casePath + "/plan-resources")
            #expect(offered.status == .ok)
            #expect(offered.body.contains("Planning an exam resit"))
            #expect(!offered.body.contains("Welcome to NHS general practice"))
            #expect(offered.body.contains("Exam preparation workshop"))
            // Never a draft, a withdrawn guide or a staff-only event.
            for hidden in ["Exam draft guide", "Exam guide withdrawn", "Exam staff briefing"] {
                #expect(!offered.body.contains(hidden), "\(hidden) was offered")
            }
            // Words narrow it: "welcome" finds the other guide and no event.
            let welcome = try await manager.get(casePath + "/plan-resources?q=welcome")
            #expect(welcome.body.contains("Welcome to NHS general practice"))
            #expect(!welcome.body.contains("Planning an exam resit"))
            #expect(welcome.body.contains("No event still to come matches."))

            let guide = try #require(ids["Planning an exam resit"]).uuidString.lowercased()
            let event = try #require(ids["Exam preparation workshop"]).uuidString.lowercased()
            let added = try await manager.post(
                casePath + "/plan-resources", [("kind", "library_item"), ("id", guide), ("q", "")])
            #expect(added.status == .seeOther)
            #expect(added.location == casePath + "?notice=resource-added")
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "learning_event"), ("id", event)])
                    .status == .seeOther)
            let item = try #require(
                try await PlanItem.query(on: app.db).filter(\.$resourceID == UUID(uuidString: guide)).first())
            #expect(item.intervention == "resources")
            #expect(item.status == .proposed)
            let casePage = try await manager.get(casePath + "?notice=resource-added")
            #expect(casePage.body.contains("Added to the plan."))
            #expect(casePage.body.contains(#"<a href="/library/\#(guide)">Planning an exam resit</a>"#))
            #expect(casePage.body.contains(#"<a href="/events/\#(event)">Exam preparation workshop</a>"#))
            // Offered again, it is marked as in the plan; added again, refused as the plan's state (409).
            #expect(try await manager.get(casePath + "/plan-resources").body.contains("In the plan"))
            let twice = try await manager.post(
                casePath + "/plan-resources", [("kind", "library_item"), ("id", guide), ("q", "resit")])
            #expect(twice.status == .conflict)
            #expect(twice.body.contains("Planning an exam resit is already in the plan"))
            #expect(twice.body.contains(#"value="resit""#))
            // Not offerable: a withdrawn guide, a staff-only event (409); nothing by that id, nothing chosen (422).
            let withdrawn = try #require(ids["Exam guide withdrawn"]).uuidString.lowercased()
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "library_item"), ("id", withdrawn)])
                    .status == .conflict)
            let staffOnly = try #require(ids["Exam staff briefing"]).uuidString.lowercased()
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "learning_event"), ("id", staffOnly)])
                    .status == .conflict)
            let unknown = try await manager.post(
                casePath + "/plan-resources", [("kind", "library_item"), ("id", UUID().uuidString)])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.contains("There is no such library item to add"))
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "book"), ("id", guide)]).status
                    == .unprocessableEntity)
            // A guide in the event's place: the kind decides, so a guide's id as an event is unknown.
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "learning_event"), ("id", guide)])
                    .status == .unprocessableEntity)
            #expect(try await PlanItem.query(on: app.db).filter(\.$resourceID != nil).count() == 2)
            // The event's item changed to another kind of support no longer links to the event.
            let eventItem = try #require(
                try await PlanItem.query(on: app.db).filter(\.$resourceID == UUID(uuidString: event)).first())
            let itemPath = casePath + "/plan/\(try eventItem.requireID().uuidString.lowercased())"
            try await manager.get(itemPath)
            let changed = try await manager.post(
                itemPath,
                [
                    ("intervention", "coaching"), ("status", "agreed"), ("provider", "Coaching Co"),
                    ("version", String(eventItem.version)),
                ])
            #expect(changed.status == .seeOther)
            let unlinked = try #require(try await PlanItem.find(eventItem.id, on: app.db))
            #expect(unlinked.resourceID == nil && unlinked.resourceKind == nil)
            #expect(!(try await manager.get(casePath).body.contains(#"href="/events/\#(event)""#)))
            // Added again, it is a new item (the old one is coaching now).
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "learning_event"), ("id", event)])
                    .status == .seeOther)

            // The clinician's plan links both.
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await Self.clinician(of: record, on: app))
            let mine = try await clinician.get("/my-support/\(try record.requireID().uuidString.lowercased())")
            #expect(mine.body.contains(#"<a href="/library/\#(guide)">Planning an exam resit</a>"#))
            #expect(mine.body.contains(#"<a href="/events/\#(event)">Exam preparation workshop</a>"#))

            // Withdrawn later, the guide stays in the plan without its link, marked no longer available.
            let editorActor = Actor(
                personID: UUID(), displayName: "Editor", organisationID: app.cairn.organisation!.id,
                roles: [.unitLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
            let library = LibraryService(
                context: ServiceContext(application: app, actor: editorActor, database: app.db))
            let stored = try #require(try await LibraryItem.find(UUID(uuidString: guide), on: app.db))
            _ = try await library.setStatus(stored, to: .withdrawn, version: stored.version).get()
            let after = try await clinician.get("/my-support/\(try record.requireID().uuidString.lowercased())")
            #expect(!after.body.contains(#"href="/library/\#(guide)""#))
            #expect(after.body.contains("Planning an exam resit"))
            #expect(after.body.contains("No longer available"))

            // Once the event has passed it is no longer offered, and cannot be added.
            clock.advance(by: 3 * 86_400)
            try await manager.signIn(managerPerson)
            let soon = try #require(ids["Exam day soon over"]).uuidString.lowercased()
            #expect(!(try await manager.get(casePath + "/plan-resources").body.contains("Exam day soon over")))
            #expect(
                try await manager.post(casePath + "/plan-resources", [("kind", "learning_event"), ("id", soon)])
                    .status == .conflict)
        }
    }

    static func clinician(of record: SupportCase, on app: Application) async throws -> TestPerson {
        let person = try #require(try await Person.find(record.clinicianID, on: app.db))
        return TestPerson(id: record.clinicianID, email: person.email, password: "granite meadow lantern")
    }

    @Test func theSameThroughTheAPI() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let (record, _, _, person) = try await PlanItemTests.caseWithAnItem(on: app)
            let ids = try await Self.catalogue(app, clock: clock)
            let token = try await CaseAPITests.token(for: person, on: app)
            let base = "/api/v1/cases/\(try record.requireID().uuidString.lowercased())"
            let (listed, _, listBody) = try await CaseAPITests.send(
                app, .GET, base + "/plan-resources?q=exam", token: token)
            #expect(listed == .ok)
            let offers = try #require(
                try JSONSerialization.jsonObject(with: Data(listBody.utf8)) as? [[String: Any]])
            #expect(
                Set(offers.compactMap { $0["title"] as? String })
                    == ["Planning an exam resit", "Exam preparation workshop", "Exam day soon over"])
            #expect(offers.allSatisfy { $0["inPlan"] as? Bool == false })

            let guide = try #require(ids["Planning an exam resit"]).uuidString.lowercased()
            let (added, _, addedBody) = try await CaseAPITests.send(
                app, .POST, base + "/plan-resources", token: token,
                body: #"{"kind": "library_item", "id": "\#(guide)"}"#)
            #expect(added == .created)
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(addedBody.utf8)) as? [[String: Any]])
            let resource = try #require(plan.compactMap { $0["resource"] as? [String: Any] }.first)
            #expect(resource["kind"] as? String == "library_item")
            #expect(resource["path"] as? String == "/library/\(guide)")
            #expect(resource["available"] as? Bool == true)

            let (again, _, _) = try await CaseAPITests.send(
                app, .POST, base + "/plan-resources", token: token,
                body: #"{"kind": "library_item", "id": "\#(guide)"}"#)
            #expect(again == .conflict)
            let (unknown, _, unknownBody) = try await CaseAPITests.send(
                app, .POST, base + "/plan-resources", token: token,
                body: #"{"kind": "learning_event", "id": "\#(UUID().uuidString)"}"#)
            #expect(unknown == .unprocessableEntity)
            #expect(unknownBody.contains("/id"))
            let (tooLong, _, _) = try await CaseAPITests.send(
                app, .GET, base + "/plan-resources?q=" + String(repeating: "a", count: 201), token: token)
            #expect(tooLong == .badRequest)
            let (read, _, readBody) = try await CaseAPITests.send(app, .GET, base + "/plan-items", token: token)
            #expect(read == .ok)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(readBody.utf8)) as? [[String: Any]])
            #expect(
                items.compactMap { ($0["resource"] as? [String: Any])?["path"] as? String } == ["/library/\(guide)"])
        }
    }
}
