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

@Suite("A case from plan to closure, seen from both sides")
struct CaseLifecycleTests {
    /// A submitted, taken case with the clinician's and the case manager's browsers.
    static func openCase(on app: Application) async throws -> (
        SupportCase, clinician: TestBrowser, manager: TestBrowser
    ) {
        let clinician = TestBrowser(app)
        try await clinician.signIn(try await app.makePerson([.clinician], name: "Dr Omar Farouk"))
        let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
        let manager = TestBrowser(app)
        try await manager.signIn(try await app.makePerson([.caseManager], name: "Sam Taylor"))
        try await manager.get("/triage")
        try await manager.post("/triage/\(try record.requireID().uuidString.lowercased())/take", [])
        return (record, clinician, manager)
    }

    @Test func messagesGoBothWaysSealedAndTheEmailSaysOnlyThatOneArrived() async throws {
        try await withCairn { app in
            let (record, clinician, manager) = try await Self.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await manager.get("/cases/\(id)")
            #expect(
                try await manager.post(
                    "/cases/\(id)/messages", [("message", "MESSAGE-MARKER Shall we talk on Tuesday?")]
                ).status == .seeOther)
            try await clinician.get("/my-support/\(id)")
            let reply = try await clinician.post("/my-support/\(id)/messages", [("message", "Tuesday works.")])
            #expect(reply.status == .seeOther)
            let page = try await clinician.get("/my-support/\(id)")
            #expect(page.body.contains("MESSAGE-MARKER Shall we talk on Tuesday?"))
            #expect(page.body.contains("Tuesday works."))
            let raw = try await (app.db as! any SQLDatabase).raw("SELECT body FROM case_messages").all()
            #expect(try raw.allSatisfy { !(try $0.decode(column: "body", as: String.self)).contains("MESSAGE-MARKER") })
            let emails = try await OutboxMessage.query(on: app.db).filter(
                \.$subject == "You have a new message in Cairn"
            ).all()
            #expect(emails.count == 2)
            #expect(emails.allSatisfy { !$0.body.contains("Tuesday") })
        }
    }

    @Test func theClinicianSeesSharedNotesOnlyAndNeverAnotherClinicansCase() async throws {
        try await withCairn { app in
            let (record, clinician, manager) = try await Self.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await manager.get("/cases/\(id)")
            try await manager.post("/cases/\(id)/notes", [("body", "PRIVATE-NOTE for the team only")])
            try await manager.get("/cases/\(id)")
            try await manager.post(
                "/cases/\(id)/notes", [("body", "SHARED-NOTE summary of our first meeting"), ("shared[]", "yes")])
            let page = try await clinician.get("/my-support/\(id)")
            #expect(page.body.contains("SHARED-NOTE summary"))
            #expect(!page.body.contains("PRIVATE-NOTE"))
            let stranger = TestBrowser(app)
            try await stranger.signIn(try await app.makePerson([.clinician]))
            #expect(try await stranger.get("/my-support/\(id)").status == .notFound)
            try await stranger.get("/account")  // a page with the stranger's own form token
            #expect(try await stranger.post("/my-support/\(id)/withdraw", [("version", "1")]).status == .notFound)
        }
    }

    @Test func thePlanCarriesCostsAndBadInputIsExplained() async throws {
        try await withCairn { app in
            let (record, _, manager) = try await Self.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await manager.get("/cases/\(id)")
            let bad = try await manager.post(
                "/cases/\(id)/plan", [("intervention", "coaching"), ("cost", "lots"), ("startsOn", "next week")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Enter the cost in pounds"))
            #expect(bad.body.contains(#"value="lots""#))
            #expect(bad.body.contains("Enter the date as a real date"))
            // What was typed that is no date comes back (in the year box: it has no parts to split into).
            #expect(bad.body.contains(#"name="startsOn-year" type="text" inputmode="numeric" value="next week""#))
            let good = try await manager.post(
                "/cases/\(id)/plan",
                [
                    ("intervention", "coaching"), ("status", "agreed"), ("provider", "Coaching hub"),
                    ("cost", "£1,250.50"),
                ])
            #expect(good.status == .seeOther)
            let item = try #require(try await PlanItem.query(on: app.db).first())
            #expect(item.costPence == 125_050)
            let page = try await manager.get("/cases/\(id)")
            #expect(
                page.body.contains("£1250.50"),
                "\(page.body.components(separatedBy: "Support plan").last?.prefix(900) ?? "")")
        }
    }

    @Test func closingNeedsOutcomesThenTheClinicianGivesFeedbackOnce() async throws {
        try await withCairn { app in
            let (record, clinician, manager) = try await Self.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            let path = "/cases/\(id)/transition"
            try await manager.get("/cases/\(id)")
            for (to, version) in [("triaged", 1), ("active", 2), ("closing", 3)] {
                var fields = [("to", to), ("version", String(version))]
                if to == "triaged" { fields.append(("firstContact", "yes")) }
                #expect(try await manager.post(path, fields).status == .seeOther)
            }
            #expect(try await manager.post(path, [("to", "closed"), ("version", "4")]).status == .unprocessableEntity)
            let closed = try await manager.post(
                path, [("to", "closed"), ("version", "4"), ("outcomes[]", "goals_met"), ("outcomes[]", "progression")])
            #expect(closed.status == .seeOther)
            #expect(try await SupportCase.find(record.requireID(), on: app.db)?.outcomes == "goals_met,progression")
            let page = try await clinician.get("/my-support/\(id)")
            #expect(page.body.contains("Tell us how it went"))
            let missing = try await clinician.post("/my-support/\(id)/feedback", [("feltSafe", "5")])
            #expect(missing.body.contains("Select how useful the support was"))
            let given = try await clinician.post(
                "/my-support/\(id)/feedback",
                [("feltSafe", "5"), ("wasUseful", "4"), ("wouldRecommend", "9"), ("comment", "Thank you")])
            #expect(given.status == .seeOther)
            #expect(!(try await clinician.get("/my-support/\(id)").body.contains("Tell us how it went")))
            #expect(try await CaseFeedback.query(on: app.db).count() == 1)
        }
    }

    @Test func aClinicianCanWithdrawAtAnyOpenStage() async throws {
        try await withCairn { app in
            let (record, clinician, _) = try await Self.openCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await clinician.get("/my-support/\(id)")
            #expect(try await clinician.post("/my-support/\(id)/withdraw", [("version", "1")]).status == .seeOther)
            #expect(try await SupportCase.find(record.requireID(), on: app.db)?.state == .withdrawn)
            #expect(!(try await clinician.get("/my-support/\(id)").body.contains("Withdraw my request")))
        }
    }
}

@Suite("The needs assessment")
struct NeedsAssessmentTests {
    @Test func theAssessmentIsSavedSealedAndAStaleSaveKeepsWhatWasTyped() async throws {
        try await withCairn { app in
            // setup: two case managers on one case, both looking at version 1
            let (record, _, first) = try await CaseLifecycleTests.openCase(on: app)
            let caseID = try record.requireID()
            let path = "/cases/\(caseID.uuidString.lowercased())"
            let second = TestBrowser(app)
            let secondManager = try await app.makePerson([.caseManager])
            try await second.signIn(secondManager)
            try await second.get("/account")
            try await app.allocate(caseID, to: secondManager.id)
            try await first.get(path)
            try await second.get(path)
            // act: the first saves; the second saves from the older page
            let saved = try await first.post(
                "\(path)/assessment",
                [
                    ("version", "1"), ("confirmedReasons[]", "exam_difficulty"),
                    ("goals", "GOALS-MARKER Pass MRCP Part 2 in May"),
                ])
            #expect(saved.status == .seeOther)
            let stale = try await second.post(
                "\(path)/assessment",
                [("version", "1"), ("confirmedReasons[]", "wellbeing"), ("goals", "My own careful wording")])
            // check: refused with a clear message, their words kept, the first save intact and sealed
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone else changed this case"))
            #expect(stale.body.contains("My own careful wording"))
            let stored = try #require(try await SupportCase.find(caseID, on: app.db))
            #expect(stored.confirmedReasonNames == "exam_difficulty")
            #expect(stored.goals?.contains("GOALS-MARKER") == false)
            #expect(try await first.get(path).body.contains("GOALS-MARKER Pass MRCP Part 2 in May"))
        }
    }

    @Test func anEmptyAssessmentSaysWhatIsMissing() async throws {
        try await withCairn { app in
            let (record, _, manager) = try await CaseLifecycleTests.openCase(on: app)
            let path = "/cases/\(try record.requireID().uuidString.lowercased())"
            try await manager.get(path)
            let page = try await manager.post("\(path)/assessment", [("version", "1"), ("goals", " ")])
            #expect(page.body.contains("Select at least one reason you confirmed together"))
            #expect(page.body.contains("Enter the goals you agreed"))
        }
    }
}
