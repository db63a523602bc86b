import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnServer

@Suite("Joining a programme: by form, by application and from a support plan")
struct MentoringEnrolmentTests {
    @Test func theLeadAddsOneMentorAndOneMenteeByFormWithTheSameRulesAsTheCSV() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            try await fixture.lead.get(fixture.programmePath + "/mentors/new")
            var page = try await fixture.lead.post(
                fixture.programmePath + "/mentors/new",
                [
                    ("name", "Dr Ola Ade"), ("email", "ola@"), ("profession", "doctor"), ("capacity", "2"),
                    ("training_course", "NES"), ("training_completed", "2026-01-10"),
                    ("training_expires", "2025-01-10"),
                ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Enter an email address in the correct format"))
            #expect(page.body.contains("The expiry date must be after"))
            #expect(page.body.contains("Dr Ola Ade"), "what was typed comes back")
            page = try await fixture.lead.post(
                fixture.programmePath + "/mentors/new",
                [
                    ("name", "Dr Ola Ade"), ("email", "ola@example.org"), ("profession", "doctor"), ("capacity", "2"),
                    ("languages", "English; Yoruba"), ("training_course", "NES"), ("training_completed", "2026-01-10"),
                    ("training_expires", "2029-01-10"),
                ])
            #expect(page.status == .seeOther)
            let ola = try await fixture.mentor("ola@example.org")
            #expect(ola.languages == ["english", "yoruba"])
            let invited = try #require(try await Accounts.person(email: "ola@example.org", on: app.db))
            #expect(invited.status == .invited)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "ola@example.org").count() == 1)

            try await fixture.lead.get(fixture.programmePath + "/mentees/new")
            page = try await fixture.lead.post(
                fixture.programmePath + "/mentees/new",
                [
                    ("name", "Dr Eva Novak"), ("email", "eva@example.org"), ("profession", "doctor"),
                    ("wish_gender", ""), ("wish_gender_required", "yes"),
                ])
            #expect(page.status == .unprocessableEntity)
            page = try await fixture.lead.post(
                fixture.programmePath + "/mentees/new",
                [("name", "Dr Eva Novak"), ("email", "eva@example.org"), ("profession", "doctor"), ("img", "yes")])
            #expect(page.status == .seeOther)
            #expect(try await fixture.mentee("eva@example.org").source == .form)
        }
    }

    @Test func aClinicianAppliesOnlyToAnOpenProgrammeOfTheirOrganisationAndOnlyOnce() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            let clinician = try await app.makePerson([.clinician], name: "Dr Sara Lind", email: "sara@example.org")
            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            #expect(!(try await browser.get("/mentoring/my").body.contains("Programmes you can apply to")))
            #expect(try await browser.get(fixture.programmePath + "/apply").status == .notFound)

            programme.openForApplications = true
            try await programme.update(on: app.db)
            #expect(try await browser.get("/mentoring/my").body.contains("Programmes you can apply to"))
            try await browser.get(fixture.programmePath + "/apply")
            var page = try await browser.post(
                fixture.programmePath + "/apply", [("profession", "astronaut"), ("languages", "Swedish")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Swedish"))
            page = try await browser.post(
                fixture.programmePath + "/apply",
                [
                    ("profession", "doctor"), ("grade", "gpst1"), ("languages", "Swedish; English"), ("img", "yes"),
                    ("supervisor_email", "helen@example.org"), ("wish_language", "Swedish"),
                    ("wish_language_required", "no"),
                ])
            #expect(page.status == .seeOther)
            let mentee = try await fixture.mentee("sara@example.org")
            #expect(mentee.source == .application)
            #expect(mentee.supervisorEmail == "helen@example.org")
            #expect(try await browser.get(fixture.programmePath + "/apply").body.contains("Your application is in"))
            #expect(!(try await browser.get("/mentoring/my").body.contains("Programmes you can apply to")))

            // A mentor or a supervisor cannot apply.
            let supervisor = TestBrowser(app)
            try await supervisor.signIn(try await app.makePerson([.supervisor]))
            #expect(try await supervisor.get(fixture.programmePath + "/apply").status == .forbidden)
        }
    }

    @Test func aCaseManagerAddsTheirClientToAProgrammeFromTheSupportPlan() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let (record, _, manager) = try await CaseConfidentialityTests.takenCase(on: app)
            let casePath = "/cases/\(try record.requireID().uuidString.lowercased())"
            let page = try await manager.get(casePath)
            #expect(page.body.contains("Add them to a mentoring programme"))
            var result = try await manager.post(casePath + "/mentoring", [("programme", "")])
            #expect(result.body.contains("Choose a mentoring programme"))
            result = try await manager.post(
                casePath + "/mentoring", [("programme", fixture.programmeID.uuidString), ("languages", "Arabic")])
            #expect(result.status == .seeOther)
            let mentee = try #require(
                try await Mentee.query(on: app.db).filter(\.$personID == record.clinicianID).first())
            #expect(mentee.source == .supportPlan)
            #expect(mentee.languages == ["arabic"])
            let plan = try await PlanItem.query(on: app.db).filter(\.$caseID == record.requireID()).all()
            #expect(plan.contains { $0.intervention == "mentoring" && $0.provider == "IMG GP trainee mentoring" })
            result = try await manager.post(casePath + "/mentoring", [("programme", fixture.programmeID.uuidString)])
            #expect(result.body.contains("They are already in"))
            // The programme lead sees a mentee, and nothing of the case.
            let programmePage = try await fixture.lead.get(fixture.programmePath)
            #expect(programmePage.body.contains("Dr Omar Farouk"))
            #expect(!programmePage.body.contains(record.reference))
            #expect(!programmePage.body.contains("MRCP"))
        }
    }
}
