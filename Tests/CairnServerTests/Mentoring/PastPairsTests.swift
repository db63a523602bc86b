import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer

/// Issue #14 item 3: a mentoring programme's earlier pairs and sessions brought in from CSV, by the page and the
/// API: every line checked against the file and the programme first, all or nothing, each reference once, no one
/// told, audited as an import; the dashboard counts them from the first day.
@Suite("Bringing in a programme's earlier pairs")
struct PastPairsTests {
    static let header = PastPair.columns.joined(separator: ",")

    static func send(_ app: Application, _ programme: UUID, token: String, csv: String) async throws
        -> (HTTPStatus, [String: Any], String)
    {
        try await CaseAPITests.send(
            app, .POST, "/api/v1/mentoring/programmes/\(programme.uuidString.lowercased())/past-pairs", token: token,
            body: MentoringAPITests.json(["csv": csv]))
    }

    @Test func theAPIBringsInPairsAndSessionsOnceAndTheDashboardCountsThem() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let token = try await CaseAPITests.token(for: try await app.makePerson([.programmeLead]), on: app)
            let programme = fixture.programmeID
            let path = "/api/v1/mentoring/programmes/\(programme.uuidString.lowercased())"
            // A mentor with room for five, and five more mentees, through the roster's own import.
            var (status, _, text) = try await CaseAPITests.send(
                app, .POST, path + "/mentors", token: token,
                body: MentoringAPITests.json([
                    "csv": "name,email,profession,capacity,training_course,training_completed,training_expires\n"
                        + "Dr Xavier Mentor,x@example.org,doctor,10,NES,2025-01-01,2029-01-01\n"
                ]))
            #expect(status == .ok, "\(text)")
            (status, _, text) = try await CaseAPITests.send(
                app, .POST, path + "/mentees", token: token,
                body: MentoringAPITests.json([
                    "csv": "name,email,profession\n"
                        + (1...5).map { "Dr Mentee \($0),m\($0)@example.org,doctor" }.joined(separator: "\n")
                ]))
            #expect(status == .ok, "\(text)")
            let outboxBefore = try await OutboxMessage.query(on: app.db).count()

            // Every line is checked, first against the file, then against the programme; nothing is stored while
            // any is wrong.
            let bad = [
                Self.header,
                "P-1,m1@example.org,x@example.org,2026-11-10,2026-11-05,",
                "P-2,m2@example.org,x@example.org,2026-11-02,2026-11-03;2026-11-04;2026-11-05;2026-11-06;2026-11-09,",
                "P-1,m3@example.org,x@example.org,2026-11-02,,",
                "P-3,m4@example.org,x@example.org,2030-01-01,,",
            ].joined(separator: "\n")
            (status, _, text) = try await Self.send(app, programme, token: token, csv: bad)
            #expect(status == .unprocessableEntity)
            for expected in [
                "Line 2: held_on: A session cannot be held before the pair was made",
                "Line 3: held_on: 5 sessions held",
                "Line 4: reference: the same as line 2", "Line 5: paired_on: 2030-01-01 is in the future",
            ] {
                #expect(text.contains(expected), "\(expected) in \(text)")
            }
            let unknown = [
                Self.header,
                "P-1,nobody@example.org,x@example.org,2026-11-02,,",
                "P-2,amira@example.org,james@example.org,2026-11-02,,",
                "P-3,bilal@example.org,james@example.org,2026-11-02,,",
                "P-4,chen@example.org,helen@example.org,2026-11-02,,",
                "P-5,chen@example.org,x@example.org,2026-11-03,,",
            ].joined(separator: "\n")
            (status, _, text) = try await Self.send(app, programme, token: token, csv: unknown)
            #expect(status == .unprocessableEntity)
            for expected in [
                "Line 2: mentee_email: nobody@example.org is not a mentee of this programme",
                "Line 4: mentor_email: james@example.org has 1 place", "Line 6: mentee_email: a second running pair",
            ] {
                #expect(text.contains(expected), "\(expected) in \(text)")
            }
            #expect(!text.contains("Line 3") && !text.contains("Line 5"), "\(text)")
            #expect(try await MentoringPair.query(on: app.db).count() == 0)

            // Five pairs that held all four sessions, one still at its first, one that ended early.
            let days = "2026-11-03;2026-11-10;2026-11-17;2026-11-24"
            let good =
                ([Self.header]
                + (1...5).map { "NES-\($0),m\($0)@example.org,x@example.org,2026-11-02,\(days)," }
                + [
                    "NES-6,amira@example.org,james@example.org,2026-11-02,2026-11-04,",
                    "NES-7,bilal@example.org,helen@example.org,2026-11-02,2026-11-05,2026-11-12",
                ]).joined(separator: "\n")
            var report: [String: Any]
            (status, report, text) = try await Self.send(app, programme, token: token, csv: good)
            #expect(status == .ok, "\(text)")
            #expect(report["imported"] as? Int == 7)
            (status, report, _) = try await Self.send(app, programme, token: token, csv: good)
            #expect(report["imported"] as? Int == 0)
            #expect((report["alreadyThere"] as? [String]) == (1...7).map { "NES-\($0)" })
            // Letter case aside: "nes-1" is the pair "NES-1" already here.
            (status, report, _) = try await Self.send(
                app, programme, token: token, csv: good.replacingOccurrences(of: "NES-", with: "nes-"))
            #expect(report["imported"] as? Int == 0)

            // Recounted from the database: the pairs, their places, the sessions held, no one told.
            let pairs = try await MentoringPair.query(on: app.db).filter(\.$programmeID == programme).all()
            #expect(pairs.count == 7)
            #expect(pairs.filter { $0.status == .active }.count == 6)
            let x = try await fixture.mentor("x@example.org")
            let places = try await ProgrammeMentor.query(on: app.db).filter(\.$programmeID == programme).all()
            #expect(places.first { $0.mentorID == x.id }?.activeLoad == 5)
            let sessions = try await MentoringSession.query(on: app.db).filter(\.$pairID ~~ pairs.compactMap(\.id))
                .all()
            #expect(sessions.filter { $0.status == .held }.count == 22)
            #expect(sessions.filter { $0.status == .cancelled }.count == 3)
            #expect(try await OutboxMessage.query(on: app.db).count() == outboxBefore)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "past_pairs_imported").count() == 3)
            // Amira's pair is hers to work in, as one made here.
            let mine = try await CaseAPITests.token(for: fixture.amira, on: app)
            (_, _, text) = try await CaseAPITests.send(app, .GET, "/api/v1/mentoring/sessions", token: mine)
            #expect(text.contains("Dr James Okafor"))

            // The dashboard counts them: 22 sessions held, all in the window; one pair ended early (a count below 5,
            // protected, as is every count that would give it away).
            let dashboard = try await FiguresAPITests.get(
                app, path + "/figures", token: token, accept: "application/json")
            let tables = try FiguresAPITests.tables(dashboard)
            #expect(tables["Sessions"]?.contains(["Held", "22"]) == true, "\(tables)")
            #expect(tables["Sessions"]?.contains(["Held within the window", "22"]) == true, "\(tables)")
            #expect(tables["Pairs"]?.contains(["Pairs ended early", "*"]) == true, "\(tables)")
        }
    }

    @Test func theLeadBringsThemInFromThePageAndAMistakeKeepsWhatWasTyped() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock, publish: false)
            let path = fixture.programmePath + "/past-pairs"
            #expect(try await fixture.lead.get(fixture.programmePath).body.contains(#"href="\#(path)""#))
            var page = try await fixture.lead.get(path)
            #expect(page.status == .ok)
            let typo = Self.header + "\nNES-1,amira@example.org,james@example.org,2026-13-02,,"
            page = try await fixture.lead.post(path, [("pairs_csv", typo)])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Nothing was imported. Line 2: paired_on"))
            #expect(page.body.contains("2026-13-02"))
            page = try await fixture.lead.post(
                path, [("pairs_csv", Self.header + "\nNES-1,amira@example.org,james@example.org,2026-11-02,,")])
            #expect(page.status == .ok)
            #expect(page.body.contains("1 pair imported."))
            // Nobody but the programme's leads.
            let mentor = TestBrowser(app)
            try await mentor.signIn(fixture.james)
            #expect(try await mentor.get(path).status == .forbidden)
        }
    }
}
