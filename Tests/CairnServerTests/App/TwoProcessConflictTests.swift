import Fluent
import Foundation
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnEvents
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnSupport

/// Issue #21 item 2: a race is an answer, not an error. Two real `cairn serve` processes share one database (each
/// PostgreSQL test run gets its own; on SQLite, one file), and every pair of requests here is sent to both at the same
/// moment, several rounds: whoever loses hears a 409 (or, where doing it twice is harmless, the same success), the
/// database holds exactly what one of them asked for, and nothing answers 5xx.
@Suite("Conflicts through two processes", .serialized)
struct TwoProcessConflictTests {
    static let rounds = 4

    /// Sends both at once; the statuses in the order given (0 when there was no answer at all).
    static func atOnce(
        _ first: @escaping @Sendable () async -> ProcessHTTP.Answer?,
        _ second: @escaping @Sendable () async -> ProcessHTTP.Answer?
    ) async -> [ProcessHTTP.Answer?] {
        async let a = first()
        async let b = second()
        return await [a, b]
    }

    static func statuses(_ answers: [ProcessHTTP.Answer?]) -> [Int] { answers.map { $0?.status ?? 0 } }

    static func json(_ answer: ProcessHTTP.Answer?) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data((answer?.body ?? "").utf8))) as? [String: Any] ?? [:]
    }

    @Test func takingAllocatingAndSendingAReferralTwiceAtOnce() async throws {
        try await SharedDatabase.with { shared in
            let app = shared.app
            let (a, b) = (try await shared.serve("a"), try await shared.serve("b"))
            let first = try await shared.browserSession(for: try await app.makePerson([.caseManager]).id)
            let second = try await shared.browserSession(for: try await app.makePerson([.caseManager]).id)
            let third = try await app.makePerson([.caseManager])
            let lead = try await shared.browserSession(for: try await app.makePerson([.unitLead]).id)
            let clinicianToken = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)

            for round in 1...Self.rounds {
                let made = await ProcessHTTP.api(
                    "POST", a.base + "/api/v1/referrals", token: clinicianToken, json: CaseAPITests.referral)
                #expect(made?.status == 201, "round \(round): \(made?.body ?? "no answer")")
                let caseID = try #require(Self.json(made)["id"] as? String)

                // Two case managers press Take on one request, each through a different process.
                let takes = await Self.atOnce(
                    { await ProcessHTTP.form(a.base + "/triage/\(caseID)/take", as: first) },
                    { await ProcessHTTP.form(b.base + "/triage/\(caseID)/take", as: second) })
                #expect(Self.statuses(takes).sorted() == [303, 409], "round \(round): \(Self.statuses(takes))")
                let holders = try await CaseAssignment.query(on: app.db)
                    .filter(\.$caseID == UUID(uuidString: caseID)!).count()
                #expect(holders == 1, "round \(round)")

                // The unit lead's allocation sent twice (two tabs): one more holder, both answers a success.
                let allocations = await Self.atOnce(
                    {
                        await ProcessHTTP.form(
                            a.base + "/triage/\(caseID)/assign", as: lead,
                            fields: [("caseManager", third.id.uuidString)])
                    },
                    {
                        await ProcessHTTP.form(
                            b.base + "/triage/\(caseID)/assign", as: lead,
                            fields: [("caseManager", third.id.uuidString)])
                    })
                #expect(Self.statuses(allocations) == [303, 303], "round \(round): \(Self.statuses(allocations))")
                let thirdHolds = try await CaseAssignment.query(on: app.db)
                    .filter(\.$caseID == UUID(uuidString: caseID)!).filter(\.$personID == third.id).count()
                #expect(thirdHolds == 1, "round \(round)")
            }

            // A clinician's Send pressed twice (a double click reaching both processes): one case, one email.
            let writer = try await app.makePerson([.clinician], name: "Dr Double Click")
            for round in 1...Self.rounds {
                let browser = TestBrowser(app)
                try await browser.signIn(writer)
                for (step, fields) in ReferralJourneyTests.steps {
                    try await browser.get("/refer/\(step)")
                    #expect(try await browser.post("/refer/\(step)", fields).status == .seeOther)
                }
                try await browser.get("/refer/check-your-answers")
                let credentials = BrowserCredentials(
                    cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                    csrf: try #require(browser.csrfToken))
                let before = try await SupportCase.query(on: app.db).filter(\.$clinicianID == writer.id).count()
                let mails = try await OutboxMessage.query(on: app.db).count()
                let sends = await Self.atOnce(
                    { await ProcessHTTP.form(a.base + "/refer/check-your-answers", as: credentials) },
                    { await ProcessHTTP.form(b.base + "/refer/check-your-answers", as: credentials) })
                #expect(Self.statuses(sends).sorted() == [303, 409], "round \(round): \(Self.statuses(sends))")
                #expect(sends.contains { $0?.body.contains("already been sent") == true })
                let after = try await SupportCase.query(on: app.db).filter(\.$clinicianID == writer.id).count()
                #expect(after == before + 1, "round \(round)")
                #expect(try await OutboxMessage.query(on: app.db).count() == mails + 1, "round \(round)")
            }
            for server in [a, b] where server.logText().contains("error") {
                Issue.record("\(server.name) logged an error: \(server.logText())")
            }
        }
    }

    @Test func publishingEnrollingAndBookingTwiceAtOnce() async throws {
        try await SharedDatabase.with { shared in
            let app = shared.app
            let (a, b) = (try await shared.serve("a"), try await shared.serve("b"))
            let fixture = try await MentoringFixture.make(app, clock: TestClock(), publish: false)
            let leadToken = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let programme = "/api/v1/mentoring/programmes/\(fixture.programmeID.uuidString)"

            // The proposed run published twice at once: one publishes, the other hears it is no longer proposed.
            let run = try #require(
                try await MatchingRun.query(on: app.db).filter(\.$programmeID == fixture.programmeID).first())
            let publish = programme + "/matching-runs/\(try run.requireID().uuidString)/publish"
            let published = await Self.atOnce(
                { await ProcessHTTP.api("POST", a.base + publish, token: leadToken) },
                { await ProcessHTTP.api("POST", b.base + publish, token: leadToken) })
            #expect(Self.statuses(published).sorted() == [200, 409], "\(Self.statuses(published))")
            #expect(try await MentoringPair.query(on: app.db).count() == 1)

            // The same mentee added twice at once (an import sent from two tabs): both succeed, one enrolment.
            for round in 1...Self.rounds {
                let csv = #"{"csv": "name,email,profession\nDr Round \#(round),round\#(round)@example.org,doctor"}"#
                let before = try await Mentee.query(on: app.db).filter(\.$programmeID == fixture.programmeID).count()
                let imports = await Self.atOnce(
                    { await ProcessHTTP.api("POST", a.base + programme + "/mentees", token: leadToken, json: csv) },
                    { await ProcessHTTP.api("POST", b.base + programme + "/mentees", token: leadToken, json: csv) })
                #expect(Self.statuses(imports) == [200, 200], "round \(round): \(imports.map { $0?.body ?? "" })")
                let after = try await Mentee.query(on: app.db).filter(\.$programmeID == fixture.programmeID).count()
                #expect(after == before + 1, "round \(round)")
            }

            // The last place of an event booked by two clinicians at once: one booked, one waiting, never two.
            for round in 1...Self.rounds {
                let made = await ProcessHTTP.api(
                    "POST", a.base + "/api/v1/events", token: leadToken, json: EventAPITests.event(capacity: 1))
                let event = Self.json(made)
                let id = try #require(event["id"] as? String, "round \(round): \(made?.body ?? "")")
                let version = try #require(event["version"] as? Int)
                let opened = await ProcessHTTP.api(
                    "POST", b.base + "/api/v1/events/\(id)/status", token: leadToken,
                    json: #"{"status": "published", "version": \#(version)}"#)
                #expect(opened?.status == 200, "round \(round): \(opened?.body ?? "")")
                let one = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
                let two = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
                let bookings = await Self.atOnce(
                    { await ProcessHTTP.api("POST", a.base + "/api/v1/events/\(id)/booking", token: one) },
                    { await ProcessHTTP.api("POST", b.base + "/api/v1/events/\(id)/booking", token: two) })
                #expect(Self.statuses(bookings) == [200, 200], "round \(round): \(bookings.map { $0?.body ?? "" })")
                let outcomes = bookings.map { Self.json($0)["status"] as? String ?? "" }.sorted()
                #expect(outcomes == ["booked", "waiting"], "round \(round)")
                let booked = try await EventBooking.query(on: app.db).filter(\.$eventID == UUID(uuidString: id)!)
                    .filter(\.$status == .booked).count()
                #expect(booked == 1, "round \(round)")
            }
            for server in [a, b] where server.logText().contains("error") {
                Issue.record("\(server.name) logged an error: \(server.logText())")
            }
        }
    }

    /// Whatever path forgets its lock, the database's own refusal (a unique key here, raised by the real driver) is a
    /// 409 with a sentence a person can act on, never a 500.
    @Test func aConstraintTheCodeDidNotForeseeIsAConflict() async throws {
        try await withCairn { app in
            let person = try await app.makePerson([.clinician])
            let organisation = try #require(app.cairn.organisation).id
            let duplicate = RoleGrant(
                personID: person.id, organisationID: organisation, role: .clinician, grantedBy: nil)
            duplicate.id = UUID()
            let error = await #expect(throws: (any Error).self) { try await duplicate.create(on: app.db) }
            let (status, detail) = ErrorResponder.classify(try #require(error))
            #expect(status == .conflict)
            #expect(detail == ErrorResponder.changedMeanwhile)
        }
    }
}
