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
            // The person and their role are written by the accounts feature, and audited as the lead's doing.
            let trail = try await AuditEntry.query(on: app.db).filter(\.$subjectID == invited.requireID()).all()
            #expect(Set(trail.map(\.action)) == ["person_invited", "role_granted"])
            #expect(trail.allSatisfy { $0.actorID != nil && $0.requestID != nil })

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

    @Test func theRegistryShowsTrainingAndRecordingACourseMakesAMentorMatchable() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            var page = try await fixture.lead.get("/mentoring/mentors")
            #expect(page.body.contains("Expired 2023-01-01"))
            #expect(page.body.contains("In date until 2028-03-01"))
            let kate = try await fixture.mentor("kate@example.org")
            page = try await fixture.lead.post(
                "/mentoring/mentors",
                [
                    ("mentor", kate.id!.uuidString), ("training_course", ""), ("training_completed", "2026-11-01"),
                    ("training_expires", "2029-11-01"),
                ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Enter the mentoring course they completed"))
            page = try await fixture.lead.post(
                "/mentoring/mentors",
                [
                    ("mentor", kate.id!.uuidString), ("training_course", "NES refresher"),
                    ("training_completed", "2026-11-01"), ("training_expires", "2029-11-01"),
                ])
            #expect(page.body.contains("The training is recorded."))
            #expect(page.body.contains("In date until 2029-11-01"))
            // Kate speaks Mandarin: Chen, who requires it, is matched in the next run.
            try await fixture.lead.get(fixture.programmePath + "/matching")
            try await fixture.lead.post(fixture.programmePath + "/matching", [])
            await app.cairn.backgroundWork.waitForAll()
            let chen = try await fixture.mentee("chen@example.org")
            let latest = try #require(
                try await MatchingRun.query(on: app.db).filter(\.$status == .proposed).first())
            let proposal = try await MatchProposal.query(on: app.db).filter(\.$runID == latest.requireID())
                .filter(\.$menteeID == chen.requireID()).first()
            #expect(proposal?.mentorID == kate.id)
        }
    }

    @Test func theNextCohortKeepsTheSettingsQuestionsAndMentorsWithTheirPlacesFree() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            try await fixture.lead.get(fixture.programmePath)
            try await fixture.lead.post(
                fixture.programmePath + "/evaluation-questions",
                [("menteeQuestions", "My mentor listened"), ("mentorQuestions", "I enjoyed it")])
            var page = try await fixture.lead.post(
                fixture.programmePath + "/next-cohort", [("name", "Autumn intake"), ("cohortStartsOn", "2027-02-30")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Enter the date the cohort starts"))
            #expect(page.body.contains("Autumn intake"))
            page = try await fixture.lead.post(
                fixture.programmePath + "/next-cohort", [("name", "Autumn intake"), ("cohortStartsOn", "2027-08-02")])
            #expect(page.status == .seeOther)
            let next = try #require(
                try await MentoringProgramme.query(on: app.db).filter(\.$name == "Autumn intake").first())
            #expect(next.cohortStartsOn == "2027-08-02")
            #expect(next.sessionCount == 4 && next.excludeSameEmployer)
            let places = try await ProgrammeMentor.query(on: app.db).filter(\.$programmeID == next.requireID()).all()
            #expect(places.count == 3)
            #expect(places.allSatisfy { $0.activeLoad == 0 })
            #expect(try await Mentee.query(on: app.db).filter(\.$programmeID == next.requireID()).count() == 0)
            let questions = try await EvaluationService(context: ServiceContext(application: app))
                .questionnaire(for: next, side: .mentee)
            #expect(questions.questions.map(\.text) == ["My mentor listened"])
        }
    }

    @Test func aLeadCannotEnrolThemselvesAndAnExistingPersonHearsOfTheirNewRole() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let me = try await app.makePerson([.programmeLead], email: "second.lead@example.org")
            let lead = TestBrowser(app)
            try await lead.signIn(me)
            try await lead.get(fixture.programmePath)
            var page = try await lead.post(
                fixture.programmePath + "/mentors",
                [("mentors_csv", "name,email,profession,capacity\nMe,SECOND.LEAD@example.org,doctor,1\n")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("you cannot add yourself"))
            try await lead.get(fixture.programmePath + "/mentees/new")
            page = try await lead.post(
                fixture.programmePath + "/mentees/new",
                [("name", "Me"), ("email", "second.lead@example.org"), ("profession", "doctor")])
            #expect(page.status == .unprocessableEntity)
            #expect(try await Mentee.query(on: app.db).filter(\.$personID == me.id).count() == 0)

            // Someone who already has an account, without the mentor role, is told when it is given.
            let colleague = try await app.makePerson([.clinician], email: "colleague@example.org")
            try await lead.get(fixture.programmePath + "/mentors/new")
            page = try await lead.post(
                fixture.programmePath + "/mentors/new",
                [
                    ("name", "Dr Colleague"), ("email", "colleague@example.org"), ("profession", "doctor"),
                    ("capacity", "1"),
                ])
            #expect(page.status == .seeOther)
            #expect(
                try await Accounts.roles(of: colleague.id, in: app.cairn.organisation!.id, on: app.db).contains(.mentor)
            )
            // The lead sees the name they gave, not the account's: adding an email says nothing of who is registered.
            let programmePage = try await lead.get(fixture.programmePath)
            #expect(programmePage.body.contains("Dr Colleague"))
            #expect(!programmePage.body.contains("Dr Test Person"))
            let told = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "colleague@example.org").all()
            #expect(told.contains { $0.subject == "You have been added to a mentoring programme" })
            // Once: adding them again (a re-import, say) says nothing new.
            try await lead.get(fixture.programmePath)
            try await lead.post(
                fixture.programmePath + "/mentors",
                [("mentors_csv", "name,email,profession,capacity\nDr Colleague,colleague@example.org,doctor,2\n")])
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == "colleague@example.org").count()
                    == told.count)
            // A clinician with an account added as a mentee hears of it too, though the role is not new.
            try await lead.get(fixture.programmePath + "/mentees/new")
            try await lead.post(
                fixture.programmePath + "/mentees/new",
                [("name", "Dr Colleague"), ("email", "colleague@example.org"), ("profession", "doctor")])
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == "colleague@example.org").count()
                    == told.count + 1)
        }
    }
}

@Suite("Choosing mentors for stable matching")
struct MentorChoiceTests {
    @Test func waitingMenteesChooseAndTheStableRunGivesThemTheirChoices() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let xavier = try await app.makePerson([.clinician], name: "Dr Xavier Nowak", email: "x@example.org")
            let yara = try await app.makePerson([.clinician], name: "Dr Yara Lee", email: "y@example.org")
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.programmeLead]))
            try await lead.get("/mentoring")
            let created = try await lead.post(
                "/mentoring/programmes",
                [
                    ("name", "Stable cohort"), ("audience", "Trainees"), ("cohort_starts_on", "2026-12-01"),
                    ("session_count", "4"), ("session_minutes", "60"), ("session_mode", "video"),
                    ("window_months", "6"), ("matching_mode", "stable"),
                ])
            let path = try #require(created.locationPath)
            try await lead.get(path)
            try await lead.post(
                path + "/mentors",
                [
                    (
                        "mentors_csv",
                        "name,email,profession,languages,region,capacity,training_course,training_completed,training_expires\n"
                            + "Dr P,p@example.org,doctor,English,scotland,1,NES,2025-01-01,2029-01-01\n"
                            + "Dr Q,q@example.org,doctor,English;Polish,london,1,NES,2025-01-01,2029-01-01\n"
                    )
                ])
            try await lead.post(
                path + "/mentees",
                [
                    (
                        "mentees_csv",
                        "name,email,profession,languages,region\n"
                            + "Dr Xavier Nowak,x@example.org,doctor,English;Polish,scotland\n"
                            + "Dr Yara Lee,y@example.org,doctor,English,london\n"
                    )
                ])
            let programmeID = String(path.split(separator: "/").last!)
            let p = try #require(try await Accounts.person(email: "p@example.org", on: app.db))
            let q = try #require(try await Accounts.person(email: "q@example.org", on: app.db))
            let mentorP = try #require(try await Mentor.query(on: app.db).filter(\.$personID == p.requireID()).first())
            let mentorQ = try #require(try await Mentor.query(on: app.db).filter(\.$personID == q.requireID()).first())

            let x = TestBrowser(app)
            try await x.signIn(xavier)
            #expect(try await x.get("/mentoring/my").body.contains("Choose the mentors you would like"))
            var page = try await x.get("/mentoring/programmes/\(programmeID)/choose")
            #expect(page.body.contains("Dr Q"))
            #expect(page.body.contains("speaks english, polish"))
            page = try await x.post(
                "/mentoring/programmes/\(programmeID)/choose",
                [("first", mentorQ.id!.uuidString), ("second", mentorQ.id!.uuidString)])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Choose each mentor once"))
            page = try await x.post("/mentoring/programmes/\(programmeID)/choose", [("first", mentorQ.id!.uuidString)])
            #expect(page.body.contains("Your choices are saved"))
            let y = TestBrowser(app)
            try await y.signIn(yara)
            try await y.get("/mentoring/programmes/\(programmeID)/choose")
            try await y.post("/mentoring/programmes/\(programmeID)/choose", [("first", mentorP.id!.uuidString)])

            // Someone who is not a mentee of the programme has nothing to choose.
            let other = TestBrowser(app)
            try await other.signIn(try await app.makePerson([.clinician]))
            #expect(try await other.get("/mentoring/programmes/\(programmeID)/choose").status == .notFound)

            try await lead.get(path + "/matching")
            try await lead.post(path + "/matching", [])
            await app.cairn.backgroundWork.waitForAll()
            let run = try #require(try await MatchingRun.query(on: app.db).filter(\.$status == .proposed).first())
            let proposals = try await MatchProposal.query(on: app.db).filter(\.$runID == run.requireID()).all()
            let xMentee = try #require(try await Mentee.query(on: app.db).filter(\.$personID == xavier.id).first())
            #expect(proposals.first { $0.menteeID == xMentee.id }?.mentorID == mentorQ.id)
        }
    }
}
