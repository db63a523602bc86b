import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Plans that move (issue #13 item 4), written in issue #12's shape: one typed draft for the page and the API,
/// refusals that name their field (a form name on the page, a JSON pointer in the API), a version check.
@Suite("Support plans that move")
struct PlanItemTests {
    static func caseWithAnItem(on app: Application) async throws -> (SupportCase, TestBrowser, PlanItem, TestPerson) {
        let clinician = TestBrowser(app)
        try await clinician.signIn(try await app.makePerson([.clinician], name: "Dr Omar Farouk"))
        let record = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
        let person = try await app.makePerson([.caseManager], name: "Sam Taylor")
        let manager = TestBrowser(app)
        try await manager.signIn(person)
        try await manager.get("/account")
        try await manager.post("/triage/\(try record.requireID().uuidString.lowercased())/take", [])
        let path = "/cases/\(try record.requireID().uuidString.lowercased())"
        try await manager.get(path)
        let added = try await manager.post(
            path + "/plan", [("intervention", "coaching"), ("status", "agreed"), ("provider", "Coaching Co")])
        #expect(added.status == .seeOther)
        let item = try #require(try await PlanItem.query(on: app.db).first())
        return (record, manager, item, person)
    }

    @Test func aBadAdditionComesBackWithWhatWasTypedAndErrorsBesideTheirFields() async throws {
        try await withCairn { app in
            let (record, manager, _, _) = try await Self.caseWithAnItem(on: app)
            let path = "/cases/\(try record.requireID().uuidString.lowercased())"
            try await manager.get(path)
            let page = try await manager.post(
                path + "/plan",
                [
                    ("intervention", "exam_support"), ("provider", "TYPED-PROVIDER"), ("startsOn", "2027-03-01"),
                    ("endsOn", "2027-02-01"),
                ])
            #expect(page.status == .unprocessableEntity)
            #expect(
                page.body.contains(##"<a href="#field-endsOn">The end date must be on or after the start date</a>"##))
            #expect(page.body.contains(#"value="TYPED-PROVIDER""#))
            #expect(page.body.contains(#"name="startsOn-day" type="text" inputmode="numeric" value="1""#))
            #expect(page.body.contains(#"name="startsOn-month" type="text" inputmode="numeric" value="3""#))
            #expect(page.body.contains(#"name="startsOn-year" type="text" inputmode="numeric" value="2027""#))
            #expect(try await PlanItem.query(on: app.db).count() == 1)
        }
    }

    @Test func aCaseManagerChangesAnItemAndAStalePageIsRefusedKeepingWhatWasTyped() async throws {
        try await withCairn { app in
            let (record, manager, item, _) = try await Self.caseWithAnItem(on: app)
            let itemPath =
                "/cases/\(try record.requireID().uuidString.lowercased())/plan/\(try item.requireID().uuidString.lowercased())"
            let form = try await manager.get(itemPath)
            #expect(form.status == .ok)
            #expect(form.body.contains(#"value="Coaching Co""#))
            let changed = try await manager.post(
                itemPath,
                [
                    ("version", "1"), ("intervention", "coaching"), ("status", "in_progress"),
                    ("provider", "Coaching Co"),
                    ("startsOn", "2026-12-01"), ("endsOn", "2027-03-01"), ("reviewOn", "2027-01-15"),
                ])
            #expect(changed.status == .seeOther)
            let saved = try #require(try await PlanItem.find(item.requireID(), on: app.db))
            #expect(saved.status == .inProgress)
            #expect(saved.version == 2)
            #expect(saved.reviewOn == "2027-01-15")
            // The review date is in the case manager's caseload (the earliest of the items still in play).
            #expect(try await manager.get("/cases").body.contains("15 January 2027"))
            try await manager.get(itemPath)
            // a page that still shows version 1
            let stale = try await manager.post(
                itemPath,
                [("version", "1"), ("intervention", "coaching"), ("status", "done"), ("provider", "STALE-TYPED")])
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone else changed this plan item"))
            #expect(stale.body.contains(#"value="STALE-TYPED""#))
            #expect(try await PlanItem.find(item.requireID(), on: app.db)?.status == .inProgress)
            // the case page shows the change, with its review date
            let casePage = try await manager.get("/cases/\(try record.requireID().uuidString.lowercased())")
            #expect(casePage.body.contains("In progress"))
            #expect(casePage.body.contains("review 15 January 2027"))
            // Once done, its review is no longer due.
            try await manager.get(itemPath)
            let done = try await manager.post(
                itemPath,
                [("version", "2"), ("intervention", "coaching"), ("status", "done"), ("reviewOn", "2027-01-15")])
            #expect(done.status == .seeOther)
            let caseload = try await manager.get("/cases")
            #expect(!caseload.body.contains("2027-01-15") && caseload.body.contains("None set"))
        }
    }

    @Test func theAPIChangesAnItemWithVersionsAndNamesBadFieldsAsJSONPointers() async throws {
        try await withCairn { app in
            let (record, _, item, person) = try await Self.caseWithAnItem(on: app)
            let token = try await CaseAPITests.token(for: person, on: app)
            let path =
                "/api/v1/cases/\(try record.requireID().uuidString.lowercased())/plan-items/\(try item.requireID().uuidString.lowercased())"
            let (done, body, _) = try await CaseAPITests.send(
                app, .PATCH, path, token: token, body: #"{"version": 1, "status": "done", "reviewOn": "2027-01-15"}"#)
            #expect(done == .ok)
            #expect(body["status"] as? String == "done")
            #expect(body["version"] as? Int == 2)
            #expect(body["provider"] as? String == "Coaching Co")
            let (stale, _, _) = try await CaseAPITests.send(app, .PATCH, path, token: token, body: #"{"version": 1}"#)
            #expect(stale == .conflict)
            let (invalid, _, text) = try await CaseAPITests.send(
                app, .PATCH, path, token: token,
                body: #"{"version": 2, "startsOn": "2027-03-01", "endsOn": "2027-02-01"}"#)
            #expect(invalid == .unprocessableEntity)
            #expect(text.contains("/endsOn"))
            let other =
                "/api/v1/cases/\(try record.requireID().uuidString.lowercased())/plan-items/\(UUID().uuidString.lowercased())"
            #expect(
                try await CaseAPITests.send(app, .PATCH, other, token: token, body: #"{"version": 1}"#).0 == .notFound)
        }
    }

    @Test func theClinicianSeesTheChangeButCannotChangeIt() async throws {
        try await withCairn { app in
            let (record, manager, item, _) = try await Self.caseWithAnItem(on: app)
            let itemPath =
                "/cases/\(try record.requireID().uuidString.lowercased())/plan/\(try item.requireID().uuidString.lowercased())"
            try await manager.get(itemPath)
            _ = try await manager.post(
                itemPath,
                [("version", "1"), ("intervention", "coaching"), ("status", "done"), ("provider", "Coaching Co")])
            let clinicianID = record.clinicianID
            let clinicianPerson = try #require(try await Person.find(clinicianID, on: app.db))
            _ = clinicianPerson
            let outsider = TestBrowser(app)
            try await outsider.signIn(try await app.makePerson([.caseManager]))
            #expect(try await outsider.get(itemPath).status == .notFound)
        }
    }
}
