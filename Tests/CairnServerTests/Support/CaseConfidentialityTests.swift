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

@Suite("Triage and case confidentiality")
struct CaseConfidentialityTests {
    /// A submitted referral and the case manager who took it.
    static func takenCase(on app: Application) async throws -> (SupportCase, TestPerson, TestBrowser) {
        let clinician = TestBrowser(app)
        try await clinician.signIn(try await app.makePerson([.clinician], name: "Dr Omar Farouk"))
        let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
        let manager = try await app.makePerson([.caseManager], name: "Sam Taylor")
        let browser = TestBrowser(app)
        try await browser.signIn(manager)
        try await browser.get("/triage")
        let taken = try await browser.post("/triage/\(try record.requireID().uuidString.lowercased())/take", [])
        #expect(taken.status == .seeOther)
        return (record, manager, browser)
    }

    @Test func theTriageQueueShowsTheClockButNotTheClinciansWords() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_600_000))  // Wednesday 25 November 2026, 09:46 UTC
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            let onTime = try await manager.get("/triage")
            #expect(onTime.body.contains(record.reference))
            #expect(onTime.body.contains("Due 2 December 2026"))
            #expect(!onTime.body.contains("MRCP"))
            clock.advance(by: 8 * 86_400)
            let overdueBrowser = TestBrowser(app)
            try await overdueBrowser.signIn(try await app.makePerson([.caseManager]))
            let overdue = try await overdueBrowser.get("/triage")
            #expect(overdue.body.contains("Overdue since 2 December 2026"))
        }
    }

    @Test func theAssignedCaseManagerReadsTheCaseAndEveryReadIsAudited() async throws {
        try await withCairn { app in
            let (record, _, browser) = try await Self.takenCase(on: app)
            let page = try await browser.get("/cases/\(try record.requireID().uuidString.lowercased())")
            #expect(page.status == .ok)
            #expect(page.body.contains("I failed MRCP Part 2 twice"))
            #expect(page.body.contains("07700 900 982"))
            let reads = try await AuditEntry.query(on: app.db).filter(\.$action == "case_referral_read").count()
            #expect(reads == 1)
        }
    }

    @Test(arguments: [
        Role.supervisor, .admin, .programmeLead, .mentor, .facilitator, .clinician, .caseManager, .unitLead,
    ])
    func nobodyElseReachesTheCase(role: Role) async throws {
        try await withCairn { app in
            let (record, _, _) = try await Self.takenCase(on: app)
            let outsider = TestBrowser(app)
            try await outsider.signIn(try await app.makePerson([role]))
            let id = try record.requireID().uuidString.lowercased()
            let page = try await outsider.get("/cases/\(id)")
            if role == .unitLead || role == .caseManager {
                // the unit lead and other case managers are offered to open it with a reason, and see nothing yet
                #expect(page.body.contains("This case is not assigned to you"))
                #expect(!page.body.contains("Take this request"))
            } else {
                #expect(page.status == .notFound || page.status == .forbidden)
            }
            #expect(!page.body.contains("MRCP"))
            let note = try await outsider.post("/cases/\(id)/notes", [("body", "intrusion")])
            #expect(note.status == .notFound || note.status == .forbidden)
            #expect(try await CaseNote.query(on: app.db).count() == 0)
        }
    }

    @Test func notesAreSealedAtRestAndReadOnlyByTheCaseManager() async throws {
        try await withCairn { app in
            let (record, _, browser) = try await Self.takenCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await browser.get("/cases/\(id)")
            let saved = try await browser.post("/cases/\(id)/notes", [("body", "NOTE-MARKER Agreed exam coaching.")])
            #expect(saved.status == .seeOther)
            let raw = try await (app.db as! any SQLDatabase).raw("SELECT body FROM case_notes").all()
            let stored = try raw.map { try $0.decode(column: "body", as: String.self) }.joined()
            #expect(!stored.contains("NOTE-MARKER"))
            #expect(try await browser.get("/cases/\(id)").body.contains("NOTE-MARKER Agreed exam coaching."))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "case_note_written").count() == 1)
        }
    }

    @Test func anEmptyNoteKeepsThePageAndSaysWhy() async throws {
        try await withCairn { app in
            let (record, _, browser) = try await Self.takenCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            try await browser.get("/cases/\(id)")
            let page = try await browser.post("/cases/\(id)/notes", [("body", "   ")])
            #expect(page.status == .ok)
            #expect(page.body.contains(##"<a href="#field-body">Enter the note</a>"##))
        }
    }

    @Test func aStaleSaveIsRefusedAndNothingIsOverwritten() async throws {
        try await withCairn { app in
            // setup: two case managers on the same case, both looking at version 1
            let (record, _, first) = try await Self.takenCase(on: app)
            let second = TestBrowser(app)
            let secondManager = try await app.makePerson([.caseManager])
            try await second.signIn(secondManager)
            let caseID = try record.requireID()
            try await second.get("/account")  // a page with this session's form token
            try await app.allocate(caseID, to: secondManager.id)
            let path = "/cases/\(caseID.uuidString.lowercased())"
            try await first.get(path)
            try await second.get(path)
            // act: the first records first contact; the second, from the older page, declines
            let done = try await first.post(
                "\(path)/transition", [("to", "triaged"), ("version", "1"), ("firstContact", "yes")])
            #expect(done.status == .seeOther)
            let stale = try await second.post(
                "\(path)/transition", [("to", "declined"), ("version", "1"), ("reason", "Not for us")])
            // check
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone else changed this case"))
            let saved = try #require(try await SupportCase.find(caseID, on: app.db))
            #expect(saved.state == .triaged)
            #expect(saved.version == 2)
            #expect(saved.firstContactAt != nil)
        }
    }

    @Test func aDeclineNeedsAReasonWhichTheClinicianThenSees() async throws {
        try await withCairn { app in
            let (record, _, browser) = try await Self.takenCase(on: app)
            let path = "/cases/\(try record.requireID().uuidString.lowercased())"
            try await browser.get(path)
            let missing = try await browser.post(
                "\(path)/transition", [("to", "declined"), ("version", "1"), ("reason", " ")])
            #expect(missing.status == .unprocessableEntity)
            let declined = try await browser.post(
                "\(path)/transition",
                [("to", "declined"), ("version", "1"), ("reason", "Your deanery's unit can help: contact them.")])
            #expect(declined.status == .seeOther)
            let update = try #require(
                try await OutboxMessage.query(on: app.db).filter(
                    \.$subject == "There is an update on your request for support"
                ).first())
            #expect(update.body.contains(record.reference))
            #expect(!update.body.contains("deanery"))
            let refused = try await browser.post("\(path)/transition", [("to", "active"), ("version", "2")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("cannot become"))
        }
    }

    @Test func theUnitLeadOpensACaseOnlyByStatingAReasonWhichTheCaseManagerSees() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let (record, _, manager) = try await Self.takenCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead], name: "Dr Rachel Evans"))
            try await lead.get("/cases/\(id)")
            // a reason that says nothing is refused
            let vague = try await lead.post("/cases/\(id)/break-glass", [("reason", "check")])
            #expect(vague.status == .unprocessableEntity)
            // act
            let opened = try await lead.post(
                "/cases/\(id)/break-glass", [("reason", "Complaint received about the plan; reviewing.")])
            #expect(opened.status == .seeOther)
            // check: the lead reads it, the audit has the reason, the case manager sees who and why
            #expect(try await lead.get("/cases/\(id)").body.contains("I failed MRCP Part 2 twice"))
            let audit = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "case_break_glass").first())
            // the reason is in the trail, sealed: it opens only with the key ring
            #expect(audit.reason != "Complaint received about the plan; reviewing.")
            #expect(
                try audit.opened(\.$reason, with: app.cairn.cipher) == "Complaint received about the plan; reviewing.")
            #expect(try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher).isIntact)
            let managerView = try await manager.get("/cases/\(id)")
            #expect(managerView.body.contains("Opened without assignment"))
            #expect(managerView.body.contains("Dr Rachel Evans"))
            // an hour later (staying active, so the session lives) the reason must be given again
            for _ in 0..<3 {
                clock.advance(by: 20 * 60 + 1)
                _ = try await lead.get("/account")
            }
            let relation = try await lead.get("/cases/\(id)")
            #expect(relation.body.contains("This case is not assigned to you"))
        }
    }

    @Test func theUnitLeadAllocatesAReferralAndACaseManagerCannot() async throws {
        try await withCairn { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            let id = try record.requireID().uuidString.lowercased()
            let manager = try await app.makePerson([.caseManager], name: "Jo Whitfield")
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            let queue = try await lead.get("/triage")
            #expect(queue.body.contains("Jo Whitfield"))
            let assigned = try await lead.post("/triage/\(id)/assign", [("caseManager", manager.id.uuidString)])
            #expect(assigned.status == .seeOther)
            #expect(try await CaseAssignment.query(on: app.db).filter(\.$personID == manager.id).count() == 1)
            // a case manager may take a referral, not hand one to someone else
            let other = TestBrowser(app)
            try await other.signIn(try await app.makePerson([.caseManager]))
            try await other.get("/account")
            #expect(
                try await other.post("/triage/\(id)/assign", [("caseManager", manager.id.uuidString)]).status
                    == .forbidden)
        }
    }

    // Issue #11, reproductions 1 and 2: who holds a case changes only as the policy allows, on the record.

    @Test func aSecondCaseManagerCannotTakeACaseSomeoneHoldsAndReadsNothingOfIt() async throws {
        try await withCairn { app in
            let (record, _, _) = try await Self.takenCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            let second = TestBrowser(app)
            let intruder = try await app.makePerson([.caseManager], name: "Pat Other")
            try await second.signIn(intruder)
            try await second.get("/account")  // a page with this session's form token
            // act: Take with only the form token, as the probe did
            let taken = try await second.post("/triage/\(id)/take", [])
            // check: refused with a conflict, no assignment, audited as denied, and the case stays closed to them
            #expect(taken.status == .conflict)
            #expect(try await CaseAssignment.query(on: app.db).filter(\.$personID == intruder.id).count() == 0)
            let page = try await second.get("/cases/\(id)")
            #expect(!page.body.contains("I failed MRCP Part 2 twice"))
            #expect(page.body.contains("This case is not assigned to you"))
            let denied = try await AuditEntry.query(on: app.db).filter(\.$action == "take_referral")
                .filter(\.$outcome == "denied").count()
            #expect(denied == 1)
        }
    }

    @Test func aSecondCaseManagerJoinsOnlyByStatingAReasonThatTheHolderSees() async throws {
        try await withCairn { app in
            let (record, _, holder) = try await Self.takenCase(on: app)
            let id = try record.requireID().uuidString.lowercased()
            let second = TestBrowser(app)
            try await second.signIn(try await app.makePerson([.caseManager], name: "Pat Cover"))
            try await second.get("/cases/\(id)")
            let opened = try await second.post(
                "/cases/\(id)/break-glass", [("reason", "Covering Sam's caseload while they are on leave this week.")])
            #expect(opened.status == .seeOther)
            #expect(try await second.get("/cases/\(id)").body.contains("I failed MRCP Part 2 twice"))
            let seen = try await holder.get("/cases/\(id)")
            #expect(seen.body.contains("Pat Cover"))
            #expect(seen.body.contains("Covering Sam&#39;s caseload") || seen.body.contains("Covering Sam's caseload"))
            // the reason is sealed where it is stored
            let stored = try await (app.db as! any SQLDatabase).raw("SELECT detail FROM case_events").all()
                .compactMap { try? $0.decode(column: "detail", as: String?.self) }.joined()
            #expect(!stored.contains("Covering"))
        }
    }

    @Test func anUntakenRequestIsTakenOnceEvenWhenTwoCaseManagersClickTogether() async throws {
        try await withCairn { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            let id = try record.requireID().uuidString.lowercased()
            var browsers: [TestBrowser] = []
            for index in 0..<4 {
                let browser = TestBrowser(app)
                try await browser.signIn(try await app.makePerson([.caseManager], name: "Case manager \(index)"))
                try await browser.get("/account")
                browsers.append(browser)
            }
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post("/triage/\(id)/take", []).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 303 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 3)
            #expect(try await CaseAssignment.query(on: app.db).count() == 1)
        }
    }

    @Test func theUnitLeadCannotAssignACaseToThemselvesOrToSomeoneWhoIsNotACaseManager() async throws {
        try await withCairn { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            let id = try record.requireID().uuidString.lowercased()
            let leadPerson = try await app.makePerson([.unitLead])
            let lead = TestBrowser(app)
            try await lead.signIn(leadPerson)
            try await lead.get("/account")
            let supervisor = try await app.makePerson([.supervisor])
            for target in [leadPerson.id, supervisor.id, UUID()] {
                try await lead.get("/account")
                let refused = try await lead.post("/triage/\(id)/assign", [("caseManager", target.uuidString)])
                #expect(refused.status == .unprocessableEntity)
            }
            #expect(try await CaseAssignment.query(on: app.db).count() == 0)
            // and so the case stays closed to her without a reason
            let page = try await lead.get("/cases/\(id)")
            #expect(!page.body.contains("I failed MRCP Part 2 twice"))
            #expect(page.body.contains("This case is not assigned to you"))
            // a unit lead who is not a case manager has no Take either
            #expect(try await lead.post("/triage/\(id)/take", []).status == .forbidden)
        }
    }
}
