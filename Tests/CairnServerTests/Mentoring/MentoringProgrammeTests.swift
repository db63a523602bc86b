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

@Suite("Mentoring programmes: set-up, matching and publishing")
struct MentoringProgrammeTests {
    @Test func aBadProgrammeFormKeepsWhatWasTypedAndSaysWhatIsWrong() async throws {
        try await withCairn { app in
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.programmeLead]))
            try await lead.get("/mentoring")
            let page = try await lead.post(
                "/mentoring/programmes",
                [
                    ("name", ""), ("audience", "Returners to general practice"), ("cohort_starts_on", "2027-02-30"),
                    ("session_count", "40"), ("session_minutes", "60"), ("session_mode", "video"),
                    ("window_months", "6"), ("matching_mode", "optimal"), ("weight_sameProfession", "999"),
                ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("There is a problem"))
            #expect(page.body.contains("Returners to general practice"))
            #expect(page.body.contains("Enter the date the cohort starts"))
            #expect(page.body.contains("Choose between 1 and 24 sessions"))
            #expect(page.body.contains("The weights add up to"))
            #expect(try await MentoringProgramme.query(on: app.db).count() == 0)
        }
    }

    @Test func aFileWithOneBadLineAddsNoOneAndListsEveryProblem() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let before = try await Mentor.query(on: app.db).count()
            let people = try await Person.query(on: app.db).count()
            let csv = MentoringFixture.mentorsCSV + "\nDr Nobody,nobody@example.org,doctor,,,,,,,,0,,,"
            try await fixture.lead.get(fixture.programmePath)
            let page = try await fixture.lead.post(fixture.programmePath + "/mentors", [("mentors_csv", csv)])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Line 5: capacity:"))
            #expect(page.body.contains("nothing was added"))
            #expect(page.body.contains("Dr Nobody"), "what was pasted comes back")
            #expect(try await Mentor.query(on: app.db).count() == before)
            #expect(try await Person.query(on: app.db).count() == people)
        }
    }

    @Test func publishingChecksTheRulesAgainAndAPausedMentorIsNeverChosen() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let james = try await fixture.mentor("james@example.org").requireID()
            try await fixture.lead.get(fixture.programmePath)
            let paused = try await fixture.lead.post(
                fixture.programmePath + "/mentors/\(james.uuidString.lowercased())/pause", [("paused", "yes")])
            #expect(paused.status == .seeOther)
            try await fixture.lead.get(fixture.programmePath + "/matching")
            let bilal = try await fixture.mentee("bilal@example.org").requireID().uuidString
            let change = try await fixture.lead.post(
                fixture.programmePath + "/matching/change",
                [("mentee", bilal), ("mentor", james.uuidString), ("reason", "Try")])
            #expect(change.body.contains("they are paused"))
            let published = try await fixture.lead.post(fixture.programmePath + "/matching/publish", [])
            #expect(published.body.contains("Published 0 pairs"))
            #expect(published.body.contains("This mentor cannot be chosen: they are paused"))
            #expect(try await MentoringPair.query(on: app.db).count() == 0)
        }
    }

    @Test func aSpreadsheetFileUploadsLikePastedRows() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            try await fixture.lead.get(fixture.programmePath)
            let csv = "\u{FEFF}name,email,profession,capacity\r\nDr Upload,upload@example.org,doctor,2\r\n"
            var page = try await fixture.lead.postMultipart(
                fixture.programmePath + "/mentors", [("mentors_csv", "")], file: ("mentors.csv", csv))
            #expect(page.status == .ok)
            #expect(page.body.contains("1 mentor added or updated."))
            #expect(try await fixture.mentor("upload@example.org").profession == "doctor")
            // With no file chosen, the pasted rows are read.
            page = try await fixture.lead.postMultipart(
                fixture.programmePath + "/mentees",
                [("mentees_csv", "name,email,profession\nDr Pasted,pasted@example.org,doctor\n")], file: nil)
            #expect(page.body.contains("1 mentee added or updated."))
        }
    }

    @Test func matchingExplainsEachPairAndWhyOthersHaveNoMentor() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let page = try await fixture.lead.get(fixture.programmePath + "/matching")
            #expect(page.status == .ok)
            #expect(page.body.contains("Matched</dt><dd>1 of 3"))
            #expect(page.body.contains("Speaks the language the mentee asked for +100"))
            #expect(page.body.contains("The one mentor who could be matched with them is full."))
            #expect(page.body.contains("No trained mentor speaks Mandarin."))
            let run = try #require(try await MatchingRun.query(on: app.db).first())
            #expect(run.status == .proposed)
            #expect(run.progress == 100)
            let amira = try await fixture.mentee("amira@example.org")
            let proposal = try #require(
                try await MatchProposal.query(on: app.db).filter(\.$menteeID == amira.requireID()).first())
            #expect(proposal.mentorID == (try await fixture.mentor("james@example.org").id))
        }
    }

    @Test func anOverrideNeedsAReasonAndCanNeverPickTheSupervisorOrBreakCapacity() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let path = fixture.programmePath + "/matching/change"
            let amira = try await fixture.mentee("amira@example.org").requireID().uuidString
            let bilal = try await fixture.mentee("bilal@example.org").requireID().uuidString
            let helen = try await fixture.mentor("helen@example.org").requireID().uuidString
            let james = try await fixture.mentor("james@example.org").requireID().uuidString
            try await fixture.lead.get(fixture.programmePath + "/matching")
            var page = try await fixture.lead.post(path, [("mentee", amira), ("mentor", helen), ("reason", "Asked")])
            #expect(page.status == .unprocessableEntity)
            #expect(
                page.body.contains("they are the mentee&#39;s supervisor") || page.body.contains("mentee's supervisor"))
            page = try await fixture.lead.post(path, [("mentee", bilal), ("mentor", james), ("reason", "Asked")])
            #expect(page.body.contains("This mentor is full in this run"))
            page = try await fixture.lead.post(path, [("mentee", bilal), ("mentor", helen), ("reason", "")])
            #expect(page.body.contains("Say why you are changing the proposal"))
            // Same employer is a default the lead may set aside, with a reason.
            page = try await fixture.lead.post(
                path, [("mentee", bilal), ("mentor", helen), ("reason", "Different sites; both agree")])
            #expect(page.status == .seeOther)
            // A swap that would give Amira her supervisor changes neither proposal.
            let chen = try await fixture.mentee("chen@example.org").requireID().uuidString
            page = try await fixture.lead.post(
                fixture.programmePath + "/matching/swap",
                [("swapFirst", amira), ("swapSecond", bilal), ("swapReason", "Try")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("mentee&#39;s supervisor") || page.body.contains("mentee's supervisor"))
            let amiraProposal = try await MatchProposal.query(on: app.db)
                .filter(\.$menteeID == UUID(uuidString: amira)!).first()
            #expect(amiraProposal?.mentorID?.uuidString == james)
            // Swapping Bilal (Helen) with Chen (no one) is allowed, both at once.
            page = try await fixture.lead.post(
                fixture.programmePath + "/matching/swap",
                [("swapFirst", bilal), ("swapSecond", chen), ("swapReason", "Chen asked for Helen")])
            #expect(page.status == .seeOther)
            let chenProposal = try await MatchProposal.query(on: app.db)
                .filter(\.$menteeID == UUID(uuidString: chen)!).first()
            #expect(chenProposal?.mentorID?.uuidString == helen)
            page = try await fixture.lead.post(
                fixture.programmePath + "/matching/swap",
                [("swapFirst", bilal), ("swapSecond", chen), ("swapReason", "Back again")])
            #expect(page.status == .seeOther)
            // The matching page links to a step that says who will be emailed; only its button publishes.
            let proposals = try await fixture.lead.get(fixture.programmePath + "/matching")
            #expect(proposals.body.contains(#"href="\#(fixture.programmePath)/matching/publish""#))
            let confirm = try await fixture.lead.get(fixture.programmePath + "/matching/publish")
            #expect(confirm.status == .ok)
            #expect(confirm.body.contains("Publish 2 pairs?"))
            #expect(confirm.body.contains("emails 2 mentees and 2 mentors"))
            #expect(try await MentoringPair.query(on: app.db).count() == 0)
            let published = try await fixture.lead.post(fixture.programmePath + "/matching/publish", [])
            #expect(published.body.contains("Published 2 pairs"))
            #expect(try await MentoringPair.query(on: app.db).filter(\.$status == .active).count() == 2)
            // Nothing left to publish: the step leads back to the matching page; it never publishes again.
            #expect(
                try await fixture.lead.get(fixture.programmePath + "/matching/publish").location
                    == fixture.programmePath + "/matching")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "matching_proposal_changed").all()
            #expect(audit.count == 1)
        }
    }

    @Test func publishingMakesPairsPlansFourSessionsInTheWindowAndTellsBothSides() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let sessions = try await fixture.amirasSessions()
            #expect(sessions.count == 4)
            #expect(sessions.allSatisfy { $0.status == .planned && $0.minutes == 60 && $0.mode == "video" })
            #expect(sessions.map(\.dueOn).sorted() == sessions.map(\.dueOn))
            #expect(sessions.allSatisfy { $0.dueOn >= "2026-12-01" && $0.dueOn <= "2027-05-31" })
            let mail = try await OutboxMessage.query(on: app.db).all()
            #expect(mail.contains { $0.recipient == "amira@example.org" && $0.subject.hasPrefix("You have a mentor") })
            #expect(
                mail.contains { $0.recipient == "james@example.org" && $0.subject.hasPrefix("You have a new mentee") })
            let load = try await ProgrammeMentor.query(on: app.db)
                .filter(\.$mentorID == fixture.mentor("james@example.org").requireID()).first()
            #expect(load?.activeLoad == 1)
            let mine = TestBrowser(app)
            try await mine.signIn(fixture.amira)
            let page = try await mine.get("/mentoring/my")
            #expect(page.body.contains("Your mentor: Dr James Okafor"))
            #expect(page.body.contains("Session 4"))
        }
    }

    @Test func aDeclineFreesThePlaceCancelsWhatIsPlannedAndReopensOnlyThatMentee() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let mentor = TestBrowser(app)
            try await mentor.signIn(fixture.james)
            try await mentor.get("/mentoring/my")
            let pair = try #require(try await MentoringPair.query(on: app.db).first())
            let path = "/mentoring/pairs/\(try pair.requireID().uuidString.lowercased())/decline"
            var page = try await mentor.post(path, [("reason", "")])
            #expect(page.status == .unprocessableEntity)
            page = try await mentor.post(path, [("reason", "We work at the same practice from January")])
            #expect(page.status == .seeOther)
            let ended = try #require(try await MentoringPair.find(pair.requireID(), on: app.db))
            #expect(ended.status == .declined)
            #expect(ended.activeMentee == nil)
            let sessions = try await MentoringSession.query(on: app.db).filter(\.$pairID == pair.requireID()).all()
            #expect(sessions.allSatisfy { $0.status == .cancelled && $0.sequence == 1 })
            let place = try await ProgrammeMentor.query(on: app.db).filter(\.$mentorID == pair.mentorID).first()
            #expect(place?.activeLoad == 0)
            // A new run sees Amira again (and the two still without a mentor), and James's freed place.
            try await fixture.lead.get(fixture.programmePath + "/matching")
            #expect(try await fixture.lead.post(fixture.programmePath + "/matching", []).status == .seeOther)
            await app.cairn.backgroundWork.waitForAll()
            let run = try #require(
                try await MatchingRun.query(on: app.db).filter(\.$status == .proposed).first())
            #expect(run.menteeCount == 3)
            #expect(run.matchedCount == 1)
            #expect(
                try await fixture.lead.get(fixture.programmePath).body
                    .contains("Ended by the mentor: We work at the same practice from January"))
            // Not back with the mentor she just ended with: James goes to Bilal, and Amira is told why.
            let amira = try await fixture.mentee("amira@example.org")
            let again = try await MatchProposal.query(on: app.db).filter(\.$runID == run.requireID())
                .filter(\.$menteeID == amira.requireID()).first()
            #expect(again?.mentorID == nil)
            #expect(
                again?.unmatchedReason
                    == "No trained mentor outside their employer other than their supervisor and a mentor they were "
                    + "paired with before, speaks Arabic.")
            // Declining twice changes nothing.
            page = try await mentor.post(path, [("reason", "Again")])
            #expect(page.status == .notFound || page.status == .unprocessableEntity || page.status == .seeOther)
            #expect(
                try await ProgrammeMentor.query(on: app.db).filter(\.$mentorID == pair.mentorID).first()?.activeLoad
                    == 0)
        }
    }

    @Test func concurrentPairingNeverGivesAMenteeTwoMentorsOrAMentorTooMany() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            let mentees = try await Mentee.query(on: app.db).all()
            let mentors = try await Mentor.query(on: app.db).all()
            let pairing = PairLifecycle(database: app.db, state: app.cairn)
            // Every mentee with every mentor, all at once: 9 attempts for 3 mentees and 5 places (1 + 2 + 2).
            let outcomes = try await withThrowingTaskGroup(of: PairLifecycle.Outcome.self) { group in
                for mentee in mentees {
                    for mentor in mentors {
                        group.addTask {
                            try await pairing.pair(
                                menteeID: mentee.requireID(), mentorID: mentor.requireID(), score: 1, in: programme)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let paired = outcomes.filter { if case .paired = $0 { true } else { false } }
            #expect(paired.count == 3, "one pair per mentee")
            let active = try await MentoringPair.query(on: app.db).filter(\.$status == .active).all()
            #expect(Set(active.map(\.menteeID)).count == active.count)
            for place in try await ProgrammeMentor.query(on: app.db).all() {
                let held = active.filter { $0.mentorID == place.mentorID }.count
                #expect(held <= place.capacity)
                #expect(held == place.activeLoad)
            }
            // Two clicks on the same mentee and the one-place mentor: at most one wins.
            let james = try await fixture.mentor("james@example.org")
            let freshMentee = try await ProgrammeService(
                context: ServiceContext(
                    application: app,
                    actor: Actor(
                        personID: UUID(), displayName: "lead", organisationID: programme.organisationID,
                        roles: [.programmeLead], channel: .api(tokenID: UUID()), isFullySignedIn: true))
            ).store(
                try MenteeEntry.read({ ["name": "Dr New", "email": "new@example.org", "profession": "doctor"][$0] })
                    .get(), in: programme, source: .form, on: app.db)
            let twice = try await withThrowingTaskGroup(of: PairLifecycle.Outcome.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await pairing.pair(
                            menteeID: freshMentee.requireID(), mentorID: james.requireID(), score: 1, in: programme)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let jamesPlace = try await ProgrammeMentor.query(on: app.db).filter(\.$mentorID == james.requireID())
                .first()
            #expect(jamesPlace?.activeLoad ?? 0 <= 1)
            #expect(twice.filter { if case .paired = $0 { true } else { false } }.count <= 1)

            // Declines and new pairings of the same mentees, all at once: the rules still hold afterwards.
            let views = try await MentoringPair.query(on: app.db).filter(\.$status == .active).all().asyncMap { pair in
                MentoringAccess.PairView(
                    pair: pair, programme: programme,
                    mentor: try #require(try await Mentor.find(pair.mentorID, on: app.db)),
                    mentee: try #require(try await Mentee.find(pair.menteeID, on: app.db)), side: .mentee)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for view in views {
                    group.addTask { _ = try await pairing.decline(view, reason: "Moving away") }
                    for mentor in mentors where mentor.id != view.pair.mentorID {
                        group.addTask {
                            _ = try await pairing.pair(
                                menteeID: view.pair.menteeID, mentorID: mentor.requireID(), score: 1, in: programme)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let after = try await MentoringPair.query(on: app.db).filter(\.$status == .active).all()
            #expect(Set(after.map(\.menteeID)).count == after.count, "never two active mentors")
            for place in try await ProgrammeMentor.query(on: app.db).all() {
                let held = after.filter { $0.mentorID == place.mentorID }.count
                #expect(held <= place.capacity)
                #expect(held == place.activeLoad, "the load counts exactly the active pairs")
            }
        }
    }

    @Test func twoPublishesOfOneRunPublishOnceAndAnAbandonedRunIsReplaced() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let run = try #require(try await MatchingRun.query(on: app.db).first())
            let actor = Actor(
                personID: run.startedBy, displayName: "lead", organisationID: try #require(app.cairn.organisation).id,
                roles: [.programmeLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
            let service = try MatchingService(context: ServiceContext(application: app, actor: actor))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        guard let copy = try? await MatchingRun.find(run.requireID(), on: app.db) else { return false }
                        return (try? await service.publish(copy)) != nil
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await MentoringPair.query(on: app.db).count() == 1)

            // A run a stopped process left "running" is replaced after ten minutes, not waited on forever.
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            let stuck = MatchingRun()
            stuck.id = UUID()
            stuck.programmeID = fixture.programmeID
            stuck.status = .running
            stuck.progress = 40
            stuck.stage = "Scoring pairs"
            stuck.startedBy = run.startedBy
            stuck.startedAt = clock.now
            stuck.menteeCount = 0
            stuck.mentorCount = 0
            stuck.matchedCount = 0
            stuck.totalScore = 0
            try await stuck.create(on: app.db)
            #expect(try await service.start(programme, app: app).id == stuck.id)
            // Clicks on Start at the same moment share one run.
            let started = try await withThrowingTaskGroup(of: UUID?.self) { group in
                for _ in 0..<4 { group.addTask { try await service.start(programme, app: app).id } }
                return try await group.reduce(into: Set<UUID?>()) { $0.insert($1) }
            }
            #expect(started == [stuck.id])
            clock.advance(by: 601)
            let fresh = try await service.start(programme, app: app)
            #expect(fresh.id != stuck.id)
            await app.cairn.backgroundWork.waitForAll()
            #expect(try await MatchingRun.find(stuck.requireID(), on: app.db)?.status == .failed)
            // Nothing running: four clicks at once claim one run (claimed without starting the work, so none can
            // finish between the clicks and make a later click rightly start afresh).
            let fourClicks = try await withThrowingTaskGroup(of: (UUID?, Bool).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let (run, isNew) = try await service.claimRun(programmeID: fixture.programmeID)
                        return (run.id, isNew)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(fourClicks.map(\.0)).count == 1)
            #expect(fourClicks.filter(\.1).count == 1)
        }
    }

    @Test func aProgrammeOfAnotherOrganisationDoesNotExistForTheLead() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let programme = try #require(try await MentoringProgramme.find(fixture.programmeID, on: app.db))
            let other = Organisation(name: "Elsewhere", kind: .unit, nation: "wales", timeZone: "Europe/London")
            try await other.create(on: app.db)
            programme.organisationID = try other.requireID()
            try await programme.update(on: app.db)
            #expect(try await fixture.lead.get(fixture.programmePath).status == .notFound)
            #expect(try await fixture.lead.get(fixture.programmePath + "/dashboard").status == .notFound)
        }
    }
}
