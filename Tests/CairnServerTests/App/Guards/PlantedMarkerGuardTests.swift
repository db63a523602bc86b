import CairnCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnEvents
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// The probe's method, kept: plant a unique marker in every kind of protected content (see `PlantedKind`: 30 kinds,
/// every sealed field among them), written by its rightful owner through the pages; then, as each person outside
/// those relationships (one per role, plus a visitor), send every registered change route with nothing but the form
/// token (pages) or `{}` (API), the "take it / assign it to me / add myself" attempts, and read every registered
/// page and API route. No response, body or header, may carry a marker the sender has no right to.
///
/// Parameters are filled by name (`IDBook`): every case id for `caseID`, every session for `sessionID`, and so on.
/// For `POST /triage/:caseID/assign` the sender also names themself as the case manager.
@Suite("Guard: planted markers reach no one outside the relationship")
struct PlantedMarkerGuardTests {
    /// One response that carried markers its reader may not see.
    struct Leak: CustomStringConvertible {
        var role: String
        var method: HTTPMethod
        var path: String
        var status: UInt
        var kinds: [PlantedKind]

        var description: String {
            "\(role)  \(method.rawValue) \(path)  \(status)  \(kinds.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// The outsiders, in the order they try (the administrator last: an empty roles form removes roles). Each may
    /// see only what the list says, and why.
    static let outsiders: [(key: PersonKey?, mayRead: Set<PlantedKind>)] = [
        (nil, []),  // a visitor with no session
        (.otherClinician, []),
        (.otherMentor, []),
        // The group's facilitator reads the record of its meetings; never a member's reflection. As the practice's
        // facilitator they read their own workshop notes and challenge log; never a member's personal plan.
        (.facilitator, [.meetingRecord, .workshopNotes, .challengeLog]),
        // The responsible officer sees dates and counts, never a plan's or a portfolio's words.
        (.responsibleOfficer, []),
        (.menteeSupervisor, []),
        // The educator wrote the suggestion's note; an update is theirs only once the clinician agrees (she has not).
        (.educator, [.educatorNote]),
        (.outsiderCaseManager, []),
        (.outsiderUnitLead, []),
        // Programme leads are told who ended a pair and why ("written for the programme lead"), and every lead of the
        // organisation runs its programmes, so sees the reasons given for changing a proposal.
        (.outsiderProgrammeLead, [.pairDeclineReason, .overrideReason, .inductionEvidence]),
        // …and follows every induction of the organisation, with the evidence its items were done; never supervision.
        (.admin, []),
    ]

    static func markers() -> [PlantedKind: String] {
        Dictionary(
            uniqueKeysWithValues: PlantedKind.allCases.map { kind in
                (kind, "MARKER-\(kind.rawValue)-" + String(Int.random(in: 0x10_0000..<0x100_0000), radix: 16))
            })
    }

    static func texts(_ markers: [PlantedKind: String]) -> ScenarioTexts {
        var content = markers
        content[.videoLink] = "https://meet.example.org/" + markers[.videoLink]!
        return ScenarioTexts(
            names: [
                .clinician: "Dr Clara Marsh", .secondClinician: "Dr Tom Reed", .caseManager: "Sam Taylor",
                .unitLead: "Dr Rachel Evans", .educator: "Dr Ed Carter", .programmeLead: "Dr Morag Campbell",
                .mentor: "Dr James Okafor", .mentee: "Dr Amira Haddad", .menteeSupervisor: "Dr Helen Price",
                .admin: "Alex Admin", .outsiderCaseManager: "Bo Lindqvist", .outsiderUnitLead: "Dr Lee Park",
                .outsiderProgrammeLead: "Dr Pat Doyle", .facilitator: "Fran Hughes", .otherMentor: "Dr Kate Moss",
                .otherClinician: "Dr Chen Wei", .newStarter: "Dr Nadia Osei", .inductionSupervisor: "Dr Ian Fraser",
                .responsibleOfficer: "Dr Gareth Lloyd",
            ],
            content: content,
            profile: [
                .programmeName: "IMG GP trainee mentoring", .programmeAudience: "IMG GP trainees in their first year",
                .mentorName: "Dr James Okafor", .menteeName: "Dr Amira Haddad", .otherMentorName: "Dr Kate Moss",
                .mentorSpecialty: "general practice", .mentorEmployer: "NHS Fife", .mentorGender: "man",
                .mentorInterests: "rural practice", .menteeSpecialty: "general practice",
                .menteeEmployer: "NHS Lothian", .trainingCourse: "NES mentor training",
                .ratingQuestion: "I could talk openly", .textQuestion: "What made the most difference?",
                .suggestedName: "Dr Clara Marsh", .tokenName: "guard",
            ],
            videoLinks: [content[.videoLink]!])
    }

    /// The kinds a response carries, among those the reader may not see.
    static func found(
        in page: TestBrowser.Page, _ markers: [(kind: PlantedKind, lowered: String)], except allowed: Set<PlantedKind>
    ) -> [PlantedKind] {
        var text = page.body
        for (name, value) in page.headers { text += "\n\(name): \(value)" }
        let lowered = text.lowercased()
        guard lowered.contains("marker-") else { return [] }
        return markers.filter { !allowed.contains($0.kind) && lowered.contains($0.lowered) }.map(\.kind)
    }

    @Test func noOneOutsideARelationshipSeesAnyOfItsMarkersWhateverTheySend() async throws {
        let began = ContinuousClock.now
        let clock = TestClock(GuardWorld.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let markers = Self.markers()
            let world = try await GuardWorld.build(app: app, clock: clock, texts: Self.texts(markers))
            let built = ContinuousClock.now
            try await Self.ownersSeeTheirMarkers(world, markers)

            let lowered = PlantedKind.allCases.map { (kind: $0, lowered: markers[$0]!.lowercased()) }
            let book = try await IDBook.load(app)
            var leaks: [Leak] = []
            var serverErrors: [String: Int] = [:]
            // For each outsider who got something: the changes the site accepted before their first leak.
            var wayIn: [String: [String]] = [:]
            var requests = 0
            for outsider in Self.outsiders {
                let actor = outsider.key.map { world.actor($0) } ?? world.visitor!
                var accepted: [String] = []
                var leaked = false
                func send(_ method: HTTPMethod, _ path: String, pattern: String, fields: [(String, String)] = [])
                    async throws
                {
                    let page = try await actor.send(method, path, fields: fields)
                    requests += 1
                    if page.status.code >= 500 {
                        serverErrors["\(method.rawValue) \(pattern) \(page.status.code)", default: 0] += 1
                    }
                    let kinds = Self.found(in: page, lowered, except: outsider.mayRead)
                    if !kinds.isEmpty {
                        leaks.append(
                            Leak(role: actor.label, method: method, path: path, status: page.status.code, kinds: kinds))
                        if !leaked { wayIn[actor.label] = accepted }
                        leaked = true
                    } else if method != .GET,
                        (300..<400).contains(page.status.code)
                            || (path.hasPrefix("/api/") && (200..<300).contains(page.status.code)), !leaked
                    {
                        let named = fields.isEmpty ? "" : " (" + fields.map { "\($0.0)=self" }.joined() + ")"
                        accepted.append("\(method.rawValue) \(GuardReport.shape(path))\(named) → \(page.status.code)")
                    }
                }
                let writes = RouteSweep.targets(app, book) {
                    $0.method != .GET && !RouteSweep.endsOwnAccess(RouteSweep.pattern($0))
                }
                // Phase 1a: where a route gives a case to someone, name oneself.
                for target in writes where target.pattern == "/triage/:caseID/assign" {
                    if let me = actor.person?.id {
                        try await send(
                            .POST, target.path, pattern: target.pattern, fields: [("caseManager", me.uuidString)])
                    }
                }
                // Phase 1b: every change route, with nothing but the form token (pages) or {} (API).
                for target in writes {
                    try await send(target.method, target.path, pattern: target.pattern)
                }
                await app.cairn.backgroundWork.waitForAll()
                // Still signed in, on the pages and the API, or phase 2 would read as a stranger and prove nothing.
                if actor.person != nil {
                    #expect(try await actor.send(.GET, "/account").status == .ok, "\(actor.label) lost its session")
                    #expect(try await actor.send(.GET, "/api/v1/me").status == .ok, "\(actor.label) lost its token")
                }
                // Phase 2: every page and API read, feeds, invitations and CSV exports included.
                for target in RouteSweep.targets(app, book, where: { $0.method == .GET }) {
                    try await send(target.method, target.path, pattern: target.pattern)
                }
                // Last, what ends the sender's own session or token (sign out, end session, revoke, sign in again).
                let own = RouteSweep.targets(app, book) {
                    $0.method != .GET && RouteSweep.endsOwnAccess(RouteSweep.pattern($0))
                }
                for target in own {
                    try await send(target.method, target.path, pattern: target.pattern)
                }
                await app.cairn.backgroundWork.waitForAll()
            }

            let finished = ContinuousClock.now
            func seconds(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant) -> String {
                let elapsed = to - from
                return String(
                    format: "%.1f s",
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            print(
                "PlantedMarkerGuard: \(PlantedKind.allCases.count) kinds planted; scenario built in "
                    + "\(seconds(began, built)); \(requests) requests by \(Self.outsiders.count) outsiders in "
                    + "\(seconds(built, finished)); \(leaks.count) responses leaked")
            if !serverErrors.isEmpty {
                print(
                    "PlantedMarkerGuard: server errors (not leaks): "
                        + serverErrors.keys.sorted().joined(separator: "; "))
            }
            let count = leaks.count
            #expect(
                count == 0,
                """
                \(count) responses carried protected content to someone outside the relationship.
                How they got in (the changes the site accepted from them before their first leak):
                \(wayIn.keys.sorted().map { role in
                    "\(role): " + Self.counted(wayIn[role]!).joined(separator: "; ")
                }.joined(separator: "\n"))
                By page (method, path with ids as {id}, [who ×responses], marker kinds):
                \(GuardReport.grouped(leaks.map { ($0.role, $0.method.rawValue, $0.path, $0.kinds.map(\.rawValue)) }))
                Every response (role, method, path, status, marker kinds):
                \(leaks.prefix(60).map(\.description).joined(separator: "\n"))\(count > 60 ? "\n… and \(count - 60) more" : "")
                """)
        }
    }

    /// "x ×3" for repeated lines, in first-seen order.
    static func counted(_ lines: [String]) -> [String] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for line in lines {
            if counts[line] == nil { order.append(line) }
            counts[line, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }
    }

    /// The guard cannot pass by seeing nothing: each owner sees their own marker where they should, and the kinds
    /// no page shows back are at least stored.
    static func ownersSeeTheirMarkers(_ world: GuardWorld, _ markers: [PlantedKind: String]) async throws {
        func expectSeen(
            _ key: PersonKey, _ path: String, _ kinds: [PlantedKind], api: Bool = false,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let actor = world.actor(key)
            let page = try await actor.send(.GET, path)
            #expect(page.status == .ok, "\(key) GET \(path): \(page.status.code)", sourceLocation: sourceLocation)
            for kind in kinds {
                #expect(
                    page.body.contains(markers[kind]!), "\(key) does not see \(kind) on \(path)",
                    sourceLocation: sourceLocation)
            }
        }
        let main = GuardWorld.path(world.cases[0])
        try await expectSeen(
            .caseManager, "/cases/\(main)",
            [
                .ownWords, .otherReason, .whatWouldHelp, .contactTimes, .educatorName, .transition, .specialty,
                .employer, .sharedNote, .privateNote, .messageFromManager,
                .messageFromClinician, .planProvider, .assessmentGoals, .educatorUpdate,
            ])
        try await expectSeen(.caseManager, "/cases/\(GuardWorld.path(world.cases[2]))", [.breakGlassReason])
        try await expectSeen(.caseManager, "/api/v1/cases/\(main)", [.ownWords])
        try await expectSeen(.caseManager, "/api/v1/cases/\(main)/plan-items", [.planProvider])
        try await expectSeen(.unitLead, "/cases/\(GuardWorld.path(world.cases[2]))", [.breakGlassReason])
        try await expectSeen(.clinician, "/my-support", [.caseDeclineReason])
        try await expectSeen(
            .clinician, "/my-support/\(main)",
            [.sharedNote, .messageFromManager, .messageFromClinician, .planProvider, .educatorUpdate])
        let mine = try await world.actor(.clinician).send(.GET, "/my-support/\(main)")
        #expect(!mine.body.contains(markers[.privateNote]!), "the clinician sees a note not shared with her")
        try await expectSeen(.clinician, "/refer/in-your-own-words", [.referralDraft])
        let session = "/mentoring/sessions/\(GuardWorld.path(world.sessionIDs[0]))"
        for key in [PersonKey.mentor, .mentee] {
            try await expectSeen(key, session, [.sessionRecord, .mentorFeedback, .menteeFeedback, .videoLink])
            try await expectSeen(
                key, "/api/v1/mentoring/sessions/\(GuardWorld.path(world.sessionIDs[0]))", [.sessionRecord])
        }
        if let feed = world.feedPath {
            #expect(try await TestBrowser(world.app).get(feed).body.contains(markers[.videoLink]!))
        }
        let induction = "/induction/\(GuardWorld.path(world.inductionID))"
        let supervision = "/supervision/\(GuardWorld.path(world.supervisionID))"
        for key in [PersonKey.newStarter, .inductionSupervisor, .programmeLead] {
            try await expectSeen(key, induction, [.inductionEvidence])
        }
        try await expectSeen(.newStarter, supervision, [.supervisionTopics, .supervisionRecord, .supervisionAction])
        try await expectSeen(.newStarter, supervision, [.supervisionNote])
        try await expectSeen(
            .inductionSupervisor, "/api/v1/supervision/\(GuardWorld.path(world.supervisionID))",
            [.supervisionTopics, .supervisionAction])
        let theirs = try await world.actor(.inductionSupervisor).send(.GET, supervision)
        #expect(!theirs.body.contains(markers[.supervisionNote]!), "the supervisor sees the new starter's own note")
        let led = try await world.actor(.programmeLead).send(.GET, induction)
        #expect(!led.body.contains(markers[.supervisionTopics]!), "the lead sees what was said at supervision")
        let practice = "/practices/\(GuardWorld.path(world.practiceID))"
        try await expectSeen(
            .facilitator, practice + "/workshops/\(GuardWorld.path(world.workshopID))", [.workshopNotes])
        try await expectSeen(.facilitator, practice + "/challenges", [.challengeLog])
        try await expectSeen(.clinician, "/my-development", [.portfolioEvidence])
        try await expectSeen(.clinician, "/my-development/items/\(GuardWorld.path(world.pdpItemID))", [.pdpObjective])
        try await expectSeen(.clinician, "/my-development/export.json", [.pdpObjective, .portfolioEvidence])
        let plan = try await world.actor(.clinician).send(.GET, practice + "/plan")
        #expect(plan.status == .ok && !plan.body.contains(markers[.workshopNotes]!), "a member reads workshop notes")
        let meeting = "/meetings/\(GuardWorld.path(world.meetingID))"
        try await expectSeen(.clinician, meeting, [.meetingRecord])
        try await expectSeen(.facilitator, meeting, [.meetingRecord])
        let reflection = "/reflections/\(GuardWorld.path(world.reflectionID))"
        try await expectSeen(.clinician, reflection, [.reflectionTitle, .reflection])
        try await expectSeen(.clinician, "/api/v1/reflections/\(GuardWorld.path(world.reflectionID))", [.reflection])
        try await expectSeen(.clinician, reflection + "/export", [.reflection])
        // The member who did not attend sees the meeting, not its record.
        let absent = try await world.actor(.otherClinician).send(.GET, meeting)
        #expect(absent.status == .ok && !absent.body.contains(markers[.meetingRecord]!))
        try await expectSeen(
            .programmeLead, "/mentoring/programmes/\(GuardWorld.path(world.programmeID))", [.pairDeclineReason])
        try await expectSeen(
            .programmeLead, "/mentoring/programmes/\(GuardWorld.path(world.programmeID))/matching", [.overrideReason])

        // No page shows these back to anyone (the registration number, the educator's note, the clinician's feedback
        // on closed support, the evaluation's free text until five people answer): they are stored, sealed where
        // the schema says so.
        let app = world.app
        let cipher = app.cairn.cipher
        let record = try #require(try await SupportCase.find(world.cases[0], on: app.db))
        #expect(record.registrationNumber == "7012345")  // kept in the register's own form
        let suggestion = try #require(try await EducatorReferral.query(on: app.db).first())
        let note = try cipher.open(
            try #require(suggestion.note),
            for: .init(table: EducatorReferral.schema, recordID: try suggestion.requireID(), field: "note"))
        #expect(note == markers[.educatorNote])
        let feedback = try #require(try await CaseFeedback.query(on: app.db).first())
        let comment = try cipher.open(
            try #require(feedback.comment),
            for: .init(table: CaseFeedback.schema, recordID: try feedback.requireID(), field: "comment"))
        #expect(comment == markers[.caseFeedback])
        let evaluations = try await EvaluationResponse.query(on: app.db).all()
        let texts = try evaluations.map { response in
            try cipher.open(
                try #require(response.texts), for: EvaluationResponse.textsBinding(try response.requireID()))
        }.joined()
        #expect(texts.contains(markers[.menteeEvaluation]!) && texts.contains(markers[.mentorEvaluation]!))
        let eventFeedback = try #require(try await EventFeedback.query(on: app.db).first())
        #expect(try eventFeedback.opened(\.$comment, with: cipher) == markers[.eventFeedback])
    }
}
