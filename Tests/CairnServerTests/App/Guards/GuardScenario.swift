import CairnCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnDevelopment
@testable import CairnEvents
@testable import CairnInduction
@testable import CairnLibrary
@testable import CairnMentoring
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

// The scenario both guards share: one organisation's relationships, built by their rightful owners through the
// pages (a clinician's referrals and cases, a case manager's work, a unit lead's break-glass, an educator's
// suggestion, a mentoring pair's session, feedback, evaluation and ending), plus people who stand outside all of
// it. `PlantedMarkerGuardTests` fills every protected field with a unique marker; `HostileMarkupTests` fills every
// free-text field with markup that tries to break out of the page.

/// Every kind of protected content the scenario writes, the field it goes into, and that field's length limit.
///
/// The sealed fields (`grep -rn 'seal(\|binding(\|field: "' Sources`), each with at least one kind:
/// referral_drafts.answers (`referralDraft`); cases.own_words (`ownWords`, `otherReason`, which is folded into it);
/// cases.what_would_help (`whatWouldHelp`); cases.contact (`contactTimes`, `educatorName`, both folded into it);
/// cases.goals (`assessmentGoals`); case_notes.body (`sharedNote`, `privateNote`); case_messages.body
/// (`messageFromManager`, `messageFromClinician`); case_feedback.comment (`caseFeedback`); educator_referrals.note
/// (`educatorNote`); educator_updates.body (`educatorUpdate`); mentoring_sessions.record (`sessionRecord`);
/// session_feedback.comment (`mentorFeedback`, `menteeFeedback`); evaluation_responses.texts (`menteeEvaluation`,
/// `mentorEvaluation`). Not planted: people.totp_secret and people.totp_pending, which hold server-made secrets,
/// not anything a person writes.
///
/// Protected and stored in the clear on main at the time of writing (some are being sealed): cases.transition,
/// .specialty, .employer, .qualification_country, .registration_number, .decline_reason (`caseDeclineReason`);
/// case_events.detail and audit_entries.reason (`breakGlassReason`); plan_items.provider (`planProvider`);
/// mentoring_pairs.decline_reason (`pairDeclineReason`); match_proposals.override_reason (`overrideReason`, a
/// programme lead's reason for changing a proposal); mentoring_sessions.video_link (`videoLink`, the pair's
/// meeting address).
///
/// Peer groups (issue #16): peer_meetings.record (`meetingRecord`, for the meeting's attendees and the group's
/// facilitators); reflections.content (`reflectionTitle`, `reflection`, the author's alone).
///
/// Induction (issue #17): induction_items.evidence (`inductionEvidence`, for the new starter, their supervisor and the
/// organisation's programme leads); supervision_meetings.topics and .record (`supervisionTopics`,
/// `supervisionRecord`) and supervision_actions.text (`supervisionAction`), for the new starter and their supervisor;
/// supervision_private_notes.text (`supervisionNote`, its author's alone).
///
/// Practice development (issue #18): pdp_items.objective (`pdpObjective`) and development_evidence.title
/// (`portfolioEvidence`), their owner's alone; practice_workshops.notes (`workshopNotes`) and senge_entries.happened
/// (`challengeLog`), the practice's facilitator's alone.
///
/// Learning events (issue #19): learning_event_feedback.comment (`eventFeedback`), kept without a name; organisers
/// read comments only once five people have written one, so nobody reads this one.
///
/// 43 kinds in all.
enum PlantedKind: String, CaseIterable, Sendable, Comparable {
    case referralDraft = "draft"
    case ownWords = "ownwords"
    case otherReason = "other"
    case whatWouldHelp = "help"
    case contactTimes = "contact"
    case educatorName = "educatorname"
    case transition = "transition"
    case specialty = "specialty"
    case employer = "employer"
    case sharedNote = "noteshared"
    case privateNote = "noteprivate"
    case messageFromManager = "msgmanager"
    case messageFromClinician = "msgclinician"
    case planProvider = "plan"
    case assessmentGoals = "goals"
    case educatorNote = "educatornote"
    case educatorUpdate = "educatorupdate"
    case caseDeclineReason = "decline"
    case breakGlassReason = "breakglass"
    case caseFeedback = "casefeedback"
    case sessionRecord = "record"
    case mentorFeedback = "fbmentor"
    case menteeFeedback = "fbmentee"
    case menteeEvaluation = "evalmentee"
    case mentorEvaluation = "evalmentor"
    case pairDeclineReason = "pairdecline"
    case videoLink = "videolink"
    case overrideReason = "override"
    case meetingRecord = "meetingrecord"
    case reflectionTitle = "reflectiontitle"
    case reflection = "reflection"
    case inductionEvidence = "evidence"
    case supervisionTopics = "suptopics"
    case supervisionRecord = "suprecord"
    case supervisionAction = "supaction"
    case supervisionNote = "supnote"
    case pdpObjective = "pdpobjective"
    case portfolioEvidence = "portfolio"
    case workshopNotes = "wsnotes"
    case challengeLog = "challengelog"
    case eventFeedback = "eventfeedback"

    static func < (lhs: PlantedKind, rhs: PlantedKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The most characters the field takes (the page refuses more).
    var limit: Int {
        switch self {
        case .specialty, .educatorName, .reflectionTitle: 120
        case .employer, .planProvider: 160
        case .contactTimes: 300
        case .otherReason, .transition, .videoLink, .overrideReason, .supervisionAction: 500
        case .portfolioEvidence: 300
        case .supervisionTopics: 1_000
        case .caseDeclineReason, .breakGlassReason, .pairDeclineReason: 1_000
        default: 2_000
        }
    }
}

/// Free text that is not protected content but is shown on pages: names, programme and profile fields.
enum ProfileField: String, CaseIterable, Sendable {
    case programmeName, programmeAudience, mentorName, menteeName, otherMentorName, mentorSpecialty, mentorEmployer
    case mentorGender, mentorInterests, menteeSpecialty, menteeEmployer, trainingCourse, ratingQuestion, textQuestion
    case suggestedName, tokenName, groupName, groupPlace, groupAgreement, eventTitle, eventDescription, eventPlace
    case libraryTitle, librarySummary, libraryBody

    var limit: Int {
        switch self {
        case .tokenName: 80
        case .groupName: 120
        case .groupPlace: 300
        case .groupAgreement: 3_000
        case .eventTitle: 160
        case .eventDescription: 20_000
        case .eventPlace: 300
        case .libraryTitle: 200
        case .librarySummary: 600
        case .libraryBody: 60_000
        case .mentorSpecialty, .mentorEmployer, .mentorGender, .menteeSpecialty, .menteeEmployer: 100
        case .suggestedName: 120
        case .programmeName: 160
        case .mentorName, .menteeName, .otherMentorName, .trainingCourse: 200
        case .ratingQuestion, .textQuestion: 300
        case .programmeAudience, .mentorInterests: 500
        }
    }
}

/// The people of the scenario. The first eight own something; the rest stand outside every relationship
/// (the educator is both: the author of the suggestion's note, outside everything else).
enum PersonKey: String, CaseIterable, Sendable {
    case clinician, secondClinician, caseManager, unitLead, educator, programmeLead, mentor, mentee
    case menteeSupervisor, admin, outsiderCaseManager, outsiderUnitLead, outsiderProgrammeLead, facilitator
    case otherMentor, otherClinician, newStarter, inductionSupervisor, responsibleOfficer

    var roles: Set<Role> {
        switch self {
        case .clinician, .secondClinician, .mentee, .otherClinician, .newStarter: [.clinician]
        case .caseManager, .outsiderCaseManager: [.caseManager]
        case .unitLead, .outsiderUnitLead: [.unitLead]
        case .educator, .menteeSupervisor, .inductionSupervisor: [.supervisor]
        case .programmeLead, .outsiderProgrammeLead: [.programmeLead]
        case .mentor, .otherMentor: [.mentor]
        case .admin: [.admin]
        case .facilitator: [.facilitator]
        case .responsibleOfficer: [.responsibleOfficer]
        }
    }

    var email: String { "\(rawValue.lowercased())@guard.example.org" }

    static let password = "granite meadow lantern"
}

/// What the scenario writes into each field.
struct ScenarioTexts: Sendable {
    var names: [PersonKey: String]
    var content: [PlantedKind: String]
    var profile: [ProfileField: String]
    /// Tried in turn until the session page accepts one (the page takes only https:// addresses).
    var videoLinks: [String]
    /// Extra steps for the markup guard: the clinician agrees to the educator update (so the educator's page shows
    /// it), the admin invites a case manager who accepts with their own name, and the unit lead allocates to them.
    var extras = false

    func name(_ key: PersonKey) -> String { names[key] ?? "Dr \(key.rawValue)" }
    func text(_ kind: PlantedKind) -> String { content[kind] ?? "Plain \(kind.rawValue)" }
    func text(_ field: ProfileField) -> String { profile[field] ?? "Plain \(field.rawValue)" }
}

/// Someone taking part: signed in through the pages (session cookie, the session's CSRF token) and holding an API
/// token made on `/account/tokens`. A visitor has neither, only the anonymous CSRF cookie.
final class GuardActor: @unchecked Sendable {
    let label: String
    let person: TestPerson?
    let browser: TestBrowser
    let api: TestBrowser
    let csrf: String

    private init(label: String, person: TestPerson?, browser: TestBrowser, api: TestBrowser, csrf: String) {
        self.label = label
        self.person = person
        self.browser = browser
        self.api = api
        self.csrf = csrf
    }

    static func signIn(_ label: String, _ person: TestPerson?, app: Application, tokenName: String) async throws
        -> GuardActor
    {
        let browser = TestBrowser(app)
        let api = TestBrowser(app)
        guard let person else {
            try await browser.get("/sign-in")
            return GuardActor(label: label, person: nil, browser: browser, api: api, csrf: browser.csrfToken ?? "")
        }
        let signedIn = try await browser.signIn(person)
        #expect(
            signedIn.status == .seeOther && signedIn.location?.hasPrefix("/sign-in") != true,
            "\(label) could not sign in: \(signedIn.status.code) \(signedIn.location ?? "")")
        try await browser.get("/account/tokens")
        let csrf = browser.csrfToken ?? ""
        let made = try await browser.post("/account/tokens", [("name", tokenName)])
        if let range = made.body.range(of: #"cairn_[A-Za-z0-9_-]{20,}"#, options: .regularExpression) {
            api.headers.replaceOrAdd(name: .authorization, value: "Bearer \(made.body[range])")
        } else {
            Issue.record("\(label) got no API token from /account/tokens (\(made.status.code))")
        }
        return GuardActor(label: label, person: person, browser: browser, api: api, csrf: csrf)
    }

    /// Pages with the cookie (and, for a change, only the CSRF field plus `fields`); `/api/` with the bearer token
    /// (and, for a change, an empty JSON object).
    func send(_ method: HTTPMethod, _ path: String, fields: [(String, String)] = []) async throws -> TestBrowser.Page {
        if path.hasPrefix("/api/") {
            return try await api.send(method, path, body: method == .GET ? nil : "{}", contentType: .json)
        }
        if method == .GET { return try await browser.get(path) }
        let body = (fields + [("_csrf", csrf)]).map { "\(TestBrowser.encode($0.0))=\(TestBrowser.encode($0.1))" }
            .joined(separator: "&")
        return try await browser.send(method, path, body: body)
    }
}

/// The scenario, built.
struct GuardWorld {
    let app: Application
    /// Stands still, except where a step needs time to pass.
    let clock: TestClock
    let texts: ScenarioTexts
    var people: [PersonKey: TestPerson] = [:]
    var actors: [PersonKey: GuardActor] = [:]
    var visitor: GuardActor!
    /// 0: the main case (everything), 1: declined, 2: opened by the unit lead breaking the glass, 3: closed, with
    /// the clinician's feedback.
    var cases: [UUID] = []
    var programmeID = UUID()
    var pairID = UUID()
    var sessionIDs: [UUID] = []
    var updateID: UUID?
    var feedPath: String?
    var acceptedVideoLink: String?
    var groupID = UUID()
    /// The group's meeting on 3 November 2026, which the clinician attended (the other clinician did not).
    var meetingID = UUID()
    var reflectionID = UUID()
    var inductionID = UUID()
    var supervisionID = UUID()
    var practiceID = UUID()
    var workshopID = UUID()
    var developmentID = UUID()
    var pdpItemID = UUID()
    var eventID = UUID()

    func actor(_ key: PersonKey) -> GuardActor { actors[key]! }

    static func path(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// The clock starts at Wednesday 25 November 2026, 09:46 UTC: session 1 was held on the 20th.
    static let start = Date(timeIntervalSince1970: 1_795_600_000)

    /// Builds everything through the pages, as the owners would; `observe` sees every response on the way.
    static func build(
        app: Application, clock: TestClock, texts: ScenarioTexts,
        observe: @escaping (String, String, TestBrowser.Page) -> Void = { _, _, _ in }
    ) async throws -> GuardWorld {
        var world = GuardWorld(app: app, clock: clock, texts: texts)
        let flow = Flow(observe: observe)

        // People. The clinician registers through the pages; everyone else is made directly, as the suite does.
        let registration = TestBrowser(app)
        try await flow.get(registration, "/register")
        try await flow.post(
            registration, "/register",
            [
                ("displayName", texts.name(.clinician)), ("email", PersonKey.clinician.email),
                ("password", PersonKey.password),
            ])
        let link = try #require(try await Self.emailedPath(to: PersonKey.clinician.email, app: app))
        try await flow.get(registration, link)
        try await flow.post(registration, link, [])
        let clinician = try #require(try await Accounts.person(email: PersonKey.clinician.email, on: app.db))
        world.people[.clinician] = TestPerson(
            id: try clinician.requireID(), email: PersonKey.clinician.email, password: PersonKey.password)
        for key in PersonKey.allCases where key != .clinician {
            world.people[key] = try await app.makePerson(
                key.roles, name: texts.name(key), email: key.email, password: PersonKey.password)
        }
        for key in PersonKey.allCases {
            world.actors[key] = try await GuardActor.signIn(
                key.rawValue, world.people[key], app: app, tokenName: texts.text(.tokenName))
        }
        world.visitor = try await GuardActor.signIn("visitor", nil, app: app, tokenName: "")
        for actor in world.actors.values { flow.remember(actor) }

        try await world.buildCases(flow)
        try await world.buildMentoring(flow)
        try await world.buildPeerGroups(flow)
        try await world.buildInduction(flow)
        try await world.buildDevelopment(flow)
        try await world.buildEvents(flow)
        try await world.buildLibrary(flow)
        if texts.extras { try await world.buildExtras(flow) }
        await app.cairn.backgroundWork.waitForAll()
        return world
    }

    // MARK: Cases

    private mutating func buildCases(_ flow: Flow) async throws {
        let texts = self.texts
        let clinician = actor(.clinician).browser
        let educator = actor(.educator).browser
        let manager = actor(.caseManager).browser

        // The educator suggests support, with a note; the clinician confirms and refers herself.
        try await flow.get(educator, "/refer-someone")
        try await flow.post(
            educator, "/refer-someone",
            [
                ("clinicianName", texts.text(.suggestedName)), ("clinicianEmail", PersonKey.clinician.email),
                ("reasons[]", "exam_difficulty"), ("note", texts.text(.educatorNote)), ("theyKnow[]", "yes"),
            ])
        let suggestion = try #require(try await EducatorReferral.query(on: app.db).first())
        try await flow.get(clinician, "/my-support")
        try await flow.post(
            clinician, "/my-support/suggestions/\(Self.path(try suggestion.requireID()))/confirm", [])
        let mainCase = try await referral(
            clinician, flow,
            [
                (
                    "about-you",
                    [
                        ("profession", "doctor"), ("grade", "st3"), ("specialty", texts.text(.specialty)),
                        ("employer", texts.text(.employer)), ("region", "london"),
                        // Checked against the register and the ISO list (issue #13 item 7): no free text to plant.
                        ("registrationNumber", "70 12 345"), ("qualificationCountry", "Nigeria"),
                    ]
                ),
                (
                    "what-is-happening",
                    [
                        ("reasons[]", "exam_difficulty"), ("reasons[]", "other"),
                        ("otherReason", texts.text(.otherReason)), ("transition", texts.text(.transition)),
                    ]
                ),
                (
                    "in-your-own-words",
                    [("ownWords", texts.text(.ownWords)), ("whatWouldHelp", texts.text(.whatWouldHelp))]
                ),
                ("are-you-safe", [("atRisk", "yes")]),
                (
                    "contact",
                    [("contactBy", "phone"), ("phone", "07700 900 982"), ("contactTimes", texts.text(.contactTimes))]
                ),
                (
                    "consent",
                    [
                        ("consentToHold", "yes"), ("shareWithEducator", "yes"),
                        ("educatorName", texts.text(.educatorName)), ("educatorEmail", PersonKey.educator.email),
                    ]
                ),
            ])
        cases.append(mainCase)
        // A second request, which the case manager declines with a reason; then a third, begun and not sent.
        let declined = try await referral(clinician, flow, Self.plainReferral)
        cases.append(declined)
        try await flow.get(clinician, "/refer/in-your-own-words")
        try await flow.post(clinician, "/refer/in-your-own-words", [("ownWords", texts.text(.referralDraft))])
        // Another clinician's two requests: one the unit lead opens by breaking the glass, one closed with feedback.
        let second = actor(.secondClinician).browser
        let brokenGlass = try await referral(second, flow, Self.plainReferral)
        let closedCase = try await referral(second, flow, Self.plainReferral)
        cases += [brokenGlass, closedCase]

        // The case manager takes all four and works on them.
        try await flow.get(manager, "/triage")
        for id in cases {
            try await flow.post(manager, "/triage/\(Self.path(id))/take", [])
        }
        let main = "/cases/\(Self.path(cases[0]))"
        try await flow.get(manager, main)
        try await flow.post(manager, main + "/notes", [("body", texts.text(.sharedNote)), ("shared[]", "yes")])
        try await flow.post(manager, main + "/notes", [("body", texts.text(.privateNote))])
        try await flow.post(manager, main + "/messages", [("message", texts.text(.messageFromManager))])
        try await flow.post(
            manager, main + "/plan",
            [("intervention", "coaching"), ("status", "proposed"), ("provider", texts.text(.planProvider))])
        try await flow.post(
            manager, main + "/assessment",
            [("version", "1"), ("confirmedReasons[]", "exam_difficulty"), ("goals", texts.text(.assessmentGoals))])
        try await flow.post(
            manager, main + "/educator-updates", [("stage", "introduction"), ("update", texts.text(.educatorUpdate))])
        updateID = try await EducatorUpdate.query(on: app.db).first()?.requireID()
        #expect(updateID != nil, "the educator update was not drafted")
        try await flow.post(
            manager, "/cases/\(Self.path(cases[1]))/transition",
            [("to", "declined"), ("version", "1"), ("reason", texts.text(.caseDeclineReason))])
        let closed = "/cases/\(Self.path(cases[3]))/transition"
        try await flow.post(manager, closed, [("to", "triaged"), ("version", "1"), ("firstContact", "yes")])
        try await flow.post(manager, closed, [("to", "active"), ("version", "2")])
        try await flow.post(manager, closed, [("to", "closing"), ("version", "3")])
        try await flow.post(manager, closed, [("to", "closed"), ("version", "4"), ("outcomes[]", "goals_met")])

        // The clinicians answer.
        let mine = "/my-support/\(Self.path(cases[0]))"
        try await flow.get(clinician, mine)
        try await flow.post(clinician, mine + "/messages", [("message", texts.text(.messageFromClinician))])
        try await flow.get(second, "/my-support/\(Self.path(cases[3]))")
        try await flow.post(
            second, "/my-support/\(Self.path(cases[3]))/feedback",
            [
                ("feltSafe", "5"), ("wasUseful", "5"), ("wouldRecommend", "9"),
                ("comment", texts.text(.caseFeedback)),
            ])

        // The unit lead opens the third case by giving a reason.
        let lead = actor(.unitLead).browser
        let glass = "/cases/\(Self.path(cases[2]))"
        try await flow.get(lead, glass, expect: .ok)
        try await flow.post(lead, glass + "/break-glass", [("reason", texts.text(.breakGlassReason))])
    }

    static let plainReferral: [(String, [(String, String)])] = [
        ("about-you", [("profession", "doctor"), ("grade", "st3"), ("qualificationCountry", "United Kingdom")]),
        ("what-is-happening", [("reasons[]", "health")]),
        ("in-your-own-words", [("ownWords", "Things are hard at the moment.")]),
        ("are-you-safe", [("atRisk", "yes")]),
        ("contact", [("contactBy", "email")]),
        ("consent", [("consentToHold", "yes"), ("shareWithEducator", "no")]),
    ]

    /// Every page of the referral in turn, then send; the new case's id.
    private func referral(_ browser: TestBrowser, _ flow: Flow, _ steps: [(String, [(String, String)])])
        async throws -> UUID
    {
        for (step, fields) in steps {
            try await flow.get(browser, "/refer/\(step)")
            try await flow.post(browser, "/refer/\(step)", fields)
        }
        try await flow.get(browser, "/refer/check-your-answers")
        let sent = try await flow.post(browser, "/refer/check-your-answers", [])
        let reference = try #require(sent.location?.split(separator: "/").last.map(String.init))
        let record = try #require(try await SupportCase.query(on: app.db).filter(\.$reference == reference).first())
        return try record.requireID()
    }

    // MARK: Mentoring

    private mutating func buildMentoring(_ flow: Flow) async throws {
        let texts = self.texts
        let lead = actor(.programmeLead).browser
        try await flow.get(lead, "/mentoring")
        let created = try await flow.post(
            lead, "/mentoring/programmes",
            [
                ("name", texts.text(.programmeName)), ("audience", texts.text(.programmeAudience)),
                ("cohort_starts_on", "2026-11-02"), ("session_count", "4"), ("session_minutes", "60"),
                ("session_mode", "video"), ("window_months", "6"), ("matching_mode", "optimal"),
            ])
        programmeID = try #require(UUID(uuidString: String(created.locationPath?.split(separator: "/").last ?? "")))
        let programme = "/mentoring/programmes/\(Self.path(programmeID))"
        try await flow.get(lead, programme + "/mentors/new")
        try await flow.post(
            lead, programme + "/mentors/new",
            [
                ("name", texts.text(.mentorName)), ("email", PersonKey.mentor.email), ("profession", "doctor"),
                ("specialty", texts.text(.mentorSpecialty)), ("grade", "gp_partner"), ("languages", "English"),
                ("region", "scotland"), ("employer", texts.text(.mentorEmployer)), ("img_experience", "yes"),
                ("gender", texts.text(.mentorGender)), ("interests", texts.text(.mentorInterests)),
                ("capacity", "1"), ("training_course", texts.text(.trainingCourse)),
                ("training_completed", "2025-03-01"), ("training_expires", "2028-03-01"),
            ])
        // The other mentor is paused for the first run, so the mentee's first mentor is the mentor.
        try await flow.post(
            lead, programme + "/mentors/new",
            [
                ("name", texts.text(.otherMentorName)), ("email", PersonKey.otherMentor.email),
                ("profession", "doctor"), ("languages", "English"), ("capacity", "2"),
                ("training_course", texts.text(.trainingCourse)), ("training_completed", "2025-03-01"),
                ("training_expires", "2028-03-01"),
            ])
        let otherMentor = try #require(
            try await Mentor.query(on: app.db).filter(\.$personID == people[.otherMentor]!.id).first())
        let pause = programme + "/mentors/\(Self.path(try otherMentor.requireID()))/pause"
        try await flow.post(lead, pause, [("paused", "yes")])
        try await flow.get(lead, programme + "/mentees/new")
        try await flow.post(
            lead, programme + "/mentees/new",
            [
                ("name", texts.text(.menteeName)), ("email", PersonKey.mentee.email), ("profession", "doctor"),
                ("specialty", texts.text(.menteeSpecialty)), ("grade", "gpst1"), ("languages", "English"),
                ("employer", texts.text(.menteeEmployer)), ("img", "yes"),
                ("supervisor_email", PersonKey.menteeSupervisor.email),
            ])
        // The programme's own end-of-programme questions, one rated and one free text for each side.
        try await flow.get(lead, programme)
        let questions = "\(texts.text(.ratingQuestion))\nText: \(texts.text(.textQuestion))"
        try await flow.post(
            lead, programme + "/evaluation-questions",
            [("menteeQuestions", questions), ("mentorQuestions", questions)], expect: .ok)
        try await flow.post(lead, programme + "/matching", [])
        await app.cairn.backgroundWork.waitForAll()
        try await flow.get(lead, programme + "/matching")
        let published = try await flow.post(lead, programme + "/matching/publish", [], expect: .ok)
        #expect(published.body.contains("Published 1 pair"), "the mentoring pair was not published")

        let mentee = try #require(
            try await Mentee.query(on: app.db).filter(\.$personID == people[.mentee]!.id).first())
        let pair = try #require(
            try await MentoringPair.query(on: app.db).filter(\.$menteeID == mentee.requireID()).first())
        pairID = try pair.requireID()
        sessionIDs = try await MentoringSession.query(on: app.db).filter(\.$pairID == pairID).sort(\.$number).all()
            .map { try $0.requireID() }
        let mentor = actor(.mentor).browser
        let menteeBrowser = actor(.mentee).browser
        let first = "/mentoring/sessions/\(Self.path(sessionIDs[0]))"
        try await flow.get(mentor, "/mentoring/my")
        try await flow.get(mentor, first)
        for link in texts.videoLinks {
            let page = try await flow.post(
                mentor, first, [("date", "2026-11-20"), ("time", "10:00"), ("videoLink", link), ("status", "held")],
                expect: nil)
            if page.status == .seeOther {
                acceptedVideoLink = link
                break
            }
        }
        #expect(acceptedVideoLink != nil, "no video link was accepted")
        try await flow.post(mentor, first + "/record", [("record", texts.text(.sessionRecord))])
        try await flow.post(mentor, first + "/feedback", Self.feedback(texts.text(.mentorFeedback)))
        try await flow.get(menteeBrowser, first)
        try await flow.post(menteeBrowser, first + "/feedback", Self.feedback(texts.text(.menteeFeedback)))
        for id in sessionIDs.dropFirst() {
            try await flow.post(mentor, "/mentoring/sessions/\(Self.path(id))", [("status", "cancelled")])
        }
        let evaluation = "/mentoring/pairs/\(Self.path(pairID))/evaluation"
        try await flow.get(menteeBrowser, evaluation)
        try await flow.post(menteeBrowser, evaluation, [("q1", "4"), ("q2", texts.text(.menteeEvaluation))])
        try await flow.get(mentor, evaluation)
        try await flow.post(mentor, evaluation, [("q1", "4"), ("q2", texts.text(.mentorEvaluation))])
        let made = try await flow.post(mentor, "/mentoring/my/calendar", [], expect: .ok)
        feedPath = made.body.range(of: #"/calendar/[A-Za-z0-9_-]+\.ics"#, options: .regularExpression).map {
            String(made.body[$0])
        }
        #expect(feedPath != nil, "the mentor got no calendar feed")
        try await flow.get(menteeBrowser, "/mentoring/my")
        try await flow.post(
            menteeBrowser, "/mentoring/pairs/\(Self.path(pairID))/decline",
            [("reason", texts.text(.pairDeclineReason))])
        // The mentee is free again (never with the same mentor twice): the lead resumes the other mentor, reruns
        // matching and confirms that proposal as a change, giving a reason.
        try await flow.post(lead, pause, [("paused", "no")])
        clock.advance(by: 60)  // a later run is the latest one
        try await flow.post(lead, programme + "/matching", [])
        await app.cairn.backgroundWork.waitForAll()
        try await flow.get(lead, programme + "/matching")
        try await flow.post(
            lead, programme + "/matching/change",
            [
                ("mentee", try mentee.requireID().uuidString), ("mentor", try otherMentor.requireID().uuidString),
                ("reason", texts.text(.overrideReason)),
            ])
    }

    static func feedback(_ comment: String) -> [(String, String)] {
        [("feltSafe", "5"), ("useful", "4"), ("actionsAgreed", "yes"), ("recommend", "9"), ("comment", comment)]
    }

    // MARK: Extras for the markup guard

    // MARK: Peer groups

    /// The facilitator starts a group meeting on first Tuesdays since October; the clinician and the other clinician
    /// join; the clinician attended (as a walk-in) the meeting of 3 November, whose record the facilitator writes;
    /// the clinician reflects on it.
    private mutating func buildPeerGroups(_ flow: Flow) async throws {
        let texts = self.texts
        let facilitator = actor(.facilitator).browser
        try await flow.get(facilitator, "/groups/new")
        try await flow.post(
            facilitator, "/groups",
            [
                ("name", texts.text(.groupName)), ("place", texts.text(.groupPlace)),
                ("agreement", texts.text(.groupAgreement) + " " + PeerGroupDraft.standardAgreement),
                ("capacity", "10"), ("ordinal", "1"), ("weekday", "2"), ("startTime", "12:30"), ("minutes", "60"),
                ("firstDay", "2026-10-01"),
            ])
        let group = try #require(try await PeerGroup.query(on: app.db).first())
        groupID = try group.requireID()
        let groupPath = "/groups/\(Self.path(groupID))"
        for key in [PersonKey.clinician, .otherClinician] {
            try await flow.get(actor(key).browser, groupPath)
            try await flow.post(actor(key).browser, groupPath + "/join", [("accept[]", "1")])
        }
        let meeting = try #require(
            try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID).filter(\.$day == "2026-11-03")
                .first())
        meetingID = try meeting.requireID()
        let meetingPath = "/meetings/\(Self.path(meetingID))"
        let clinicianID = try #require(people[.clinician]?.id).uuidString
        try await flow.get(facilitator, meetingPath)
        try await flow.post(
            facilitator, meetingPath + "/attendance",
            [("attended[]", clinicianID), ("presenters[]", clinicianID), ("version", "1")])
        try await flow.get(facilitator, meetingPath)
        try await flow.post(
            facilitator, meetingPath + "/record",
            [("record", texts.text(.meetingRecord)), ("themes[]", "uncertainty"), ("version", "2")])
        // The other clinician takes a place at the next meeting.
        if let next = try await PeerMeeting.query(on: app.db).filter(\.$groupID == groupID)
            .filter(\.$day == "2026-12-01").first()
        {
            let nextPath = "/meetings/\(Self.path(try next.requireID()))"
            try await flow.get(actor(.otherClinician).browser, nextPath)
            try await flow.post(actor(.otherClinician).browser, nextPath + "/place", [("intent", "come")])
        }
        let clinician = actor(.clinician).browser
        try await flow.get(clinician, "/reflections/new?meeting=\(Self.path(meetingID))")
        try await flow.post(
            clinician, "/reflections",
            [
                ("model", "atkins_murphy"), ("title", texts.text(.reflectionTitle)),
                ("answers[awareness]", texts.text(.reflection)), ("meeting", meetingID.uuidString),
                ("writtenOn", "2026-11-25"), ("cpdMinutes", "60"),
            ])
        reflectionID = try #require(try await Reflection.query(on: app.db).first()).requireID()
    }

    // MARK: Induction

    /// The programme lead sets up the templates and starts the new starter's induction ten days ago, with their
    /// supervisor; the new starter marks an item done with evidence; the supervisor records the first supervision
    /// meeting with an action; each keeps a private note on it (the new starter's holds the marker).
    private mutating func buildInduction(_ flow: Flow) async throws {
        let texts = self.texts
        let lead = actor(.programmeLead).browser
        try await flow.get(lead, "/induction/templates")
        try await flow.post(lead, "/induction/templates", [])
        let template = try #require(
            try await InductionTemplate.query(on: app.db).filter(\.$role == .medicalSupportWorker).first())
        try await flow.get(lead, "/induction/new")
        try await flow.post(
            lead, "/induction",
            [
                ("inducteeName", texts.name(.newStarter)), ("inducteeEmail", PersonKey.newStarter.email),
                ("supervisorName", texts.name(.inductionSupervisor)),
                ("supervisorEmail", PersonKey.inductionSupervisor.email), ("templateID", template.id!.uuidString),
                ("startsOn", "2026-11-15"), ("cohort", "Guard intake"),
            ])
        let induction = try #require(try await Induction.query(on: app.db).first())
        inductionID = try induction.requireID()
        let inductionPath = "/induction/\(Self.path(inductionID))"
        let item = try #require(
            try await InductionItem.query(on: app.db).filter(\.$inductionID == inductionID)
                .filter(\.$owner == .inductee).sort(\.$position).first())
        let starter = actor(.newStarter).browser
        let itemPath = inductionPath + "/items/\(Self.path(try item.requireID()))"
        try await flow.get(starter, itemPath)
        try await flow.post(
            starter, itemPath + "/complete", [("evidence", texts.text(.inductionEvidence)), ("version", "1")])
        let meeting = try #require(
            try await SupervisionMeeting.query(on: app.db).filter(\.$inductionID == inductionID)
                .sort(\.$startsAt).first())
        supervisionID = try meeting.requireID()
        let meetingPath = "/supervision/\(Self.path(supervisionID))"
        let supervisor = actor(.inductionSupervisor).browser
        try await flow.get(supervisor, meetingPath)
        try await flow.post(
            supervisor, meetingPath + "/record",
            [
                ("topics", texts.text(.supervisionTopics)), ("record", texts.text(.supervisionRecord)),
                ("version", "1"),
            ])
        try await flow.get(supervisor, meetingPath)
        try await flow.post(
            supervisor, meetingPath + "/actions",
            [("actionText", texts.text(.supervisionAction)), ("actionOwner", "inductee"), ("actionDue", "2026-12-10")])
        try await flow.get(starter, meetingPath)
        try await flow.post(starter, meetingPath + "/private-note", [("privateNote", texts.text(.supervisionNote))])
        try await flow.get(supervisor, meetingPath)
        try await flow.post(supervisor, meetingPath + "/private-note", [("privateNote", "The supervisor's own note")])
    }

    // MARK: Practice development

    /// The facilitator starts a practice's plan with the clinician in its team, records a workshop (its notes hold
    /// the marker), a need and a development, proposes the development into the clinician's plan and logs a
    /// challenge; the clinician adds an item of their own and a piece of evidence, and sets a revalidation date.
    private mutating func buildDevelopment(_ flow: Flow) async throws {
        let texts = self.texts
        let facilitator = actor(.facilitator).browser
        try await flow.get(facilitator, "/practices")
        try await flow.post(facilitator, "/practices", [("name", "Guard Practice"), ("vision", "Reviews on time")])
        practiceID = try #require(try await Practice.query(on: app.db).first()).requireID()
        let plan = "/practices/\(Self.path(practiceID))"
        try await flow.get(facilitator, plan + "/plan")
        try await flow.post(
            facilitator, plan + "/members",
            [
                ("memberName", texts.name(.clinician)), ("memberEmail", PersonKey.clinician.email),
                ("staffGroup", "doctor"),
            ])
        try await flow.get(facilitator, plan + "/plan")
        try await flow.post(
            facilitator, plan + "/needs",
            [("needTitle", "Diabetes recall"), ("source", "practice"), ("finding", "audit")])
        try await flow.get(facilitator, plan + "/plan")
        try await flow.post(
            facilitator, plan + "/workshops",
            [
                ("workshopDay", "2026-11-20"), ("notes", texts.text(.workshopNotes)),
                ("attendees[]", Self.path(people[.clinician]!.id)),
            ])
        workshopID = try #require(try await PracticeWorkshop.query(on: app.db).first()).requireID()
        let need = try #require(try await PracticeNeed.query(on: app.db).first()).requireID()
        try await flow.get(facilitator, plan + "/workshops/\(Self.path(workshopID))")
        try await flow.post(
            facilitator, plan + "/workshops/\(Self.path(workshopID))/rankings",
            [("attendee", Self.path(people[.clinician]!.id)), ("rank-\(Self.path(need))", "1")])
        try await flow.get(facilitator, plan + "/plan")
        try await flow.post(
            facilitator, plan + "/developments",
            [
                ("title", "Named-nurse recall"), ("aim", "Reviews on time"),
                ("objective", "95% reviewed within 12 months by March"), ("startsOn", "2026-12-01"),
                ("dueOn", "2027-03-31"), ("status", "underway"), ("need", Self.path(need)),
            ])
        developmentID = try #require(try await PracticeDevelopment.query(on: app.db).first()).requireID()
        let development = plan + "/developments/\(Self.path(developmentID))"
        try await flow.get(facilitator, development)
        try await flow.post(
            facilitator, development + "/objectives",
            [
                ("member", Self.path(people[.clinician]!.id)), ("targetOn", "2027-03-31"),
                ("domain", "colleagues_culture_safety"),
            ])
        try await flow.get(facilitator, plan + "/challenges")
        try await flow.post(
            facilitator, plan + "/challenges",
            [
                ("challenge", "not_enough_time"), ("day", "2026-11-20"), ("happened", texts.text(.challengeLog)),
                ("negotiated", "Protected learning time"),
            ])
        let clinician = actor(.clinician).browser
        let proposed = Set(try await PDPItem.query(on: app.db).all().compactMap(\.id))
        try await flow.get(clinician, "/my-development")
        try await flow.post(
            clinician, "/my-development/items",
            [
                ("learningNeed", "Dermoscopy"), ("objective", texts.text(.pdpObjective)), ("activity", "A course"),
                ("targetOn", "2027-05-01"), ("domain", "knowledge_skills_development"), ("status", "agreed"),
                ("development", Self.path(developmentID)),
            ])
        pdpItemID = try #require(
            try await PDPItem.query(on: app.db).all().compactMap(\.id).first { !proposed.contains($0) })
        try await flow.get(clinician, "/my-development")
        try await flow.post(
            clinician, "/my-development/evidence",
            [
                ("kind", "cpd"), ("title", texts.text(.portfolioEvidence)), ("day", "2026-11-20"), ("hours", "2"),
                ("item", Self.path(pdpItemID)),
            ])
        try await flow.get(clinician, "/my-development")
        try await flow.post(
            clinician, "/my-development/revalidation", [("register", "gmc"), ("revalidationDue", "2027-02-28")])
    }

    // MARK: Learning events

    /// The facilitator runs a public event starting in half an hour; the clinician books, attends and leaves feedback.
    private mutating func buildEvents(_ flow: Flow) async throws {
        let texts = self.texts
        let facilitator = actor(.facilitator).browser
        let zone = app.cairn.configuration.timeZone
        let start = clock.now.addingTimeInterval(1_800)
        try await flow.get(facilitator, "/events/new")
        try await flow.post(
            facilitator, "/events",
            [
                ("title", texts.text(.eventTitle)), ("description", texts.text(.eventDescription)),
                ("format", "hybrid"), ("place", texts.text(.eventPlace)),
                ("videoLink", "https://meet.example.org/guard-event"), ("capacity", "5"), ("cpdHours", "1"),
                ("visibility", "public"), ("session1Date", DisplayTime.isoDay(start, in: zone)),
                ("session1Start", DisplayTime.clock(start, in: zone)),
                ("session1End", DisplayTime.clock(start.addingTimeInterval(3_600), in: zone)),
            ])
        let event = try #require(try await LearningEvent.query(on: app.db).first())
        eventID = try event.requireID()
        let path = "/events/\(Self.path(eventID))"
        try await flow.get(facilitator, path)
        try await flow.post(facilitator, path + "/publish", [("version", String(event.version))])
        let clinician = actor(.clinician).browser
        try await flow.get(clinician, path)
        try await flow.post(clinician, path + "/booking", [])
        let published = try #require(try await LearningEvent.find(eventID, on: app.db))
        try await flow.get(facilitator, path + "/attendance")
        try await flow.post(
            facilitator, path + "/attendance",
            [("attended[]", people[.clinician]!.id.uuidString), ("version", String(published.version))])
        try await flow.get(clinician, path + "/feedback")
        try await flow.post(
            clinician, path + "/feedback",
            [("rating", "4"), ("usefulness", "5"), ("comment", texts.text(.eventFeedback))])
    }

    // MARK: The library

    /// The unit lead writes an article for members and publishes it (published guidance: nothing protected, but its
    /// words are shown to everyone of the organisation, so the markup guard fills them).
    private mutating func buildLibrary(_ flow: Flow) async throws {
        let texts = self.texts
        let lead = actor(.unitLead).browser
        try await flow.get(lead, "/library/new")
        try await flow.post(
            lead, "/library",
            [
                ("kind", "article"), ("title", texts.text(.libraryTitle)), ("summary", texts.text(.librarySummary)),
                ("body", texts.text(.libraryBody)), ("reasons[]", "wellbeing"), ("visibility", "members"),
                ("reviewOn", app.cairn.today.adding(years: 1).description),
            ])
        let item = try #require(try await LibraryItem.query(on: app.db).first())
        let path = "/library/\(Self.path(try item.requireID()))"
        try await flow.get(lead, path)
        try await flow.post(lead, path + "/status", [("status", "published"), ("version", String(item.version))])
    }

    // MARK: Extras

    private mutating func buildExtras(_ flow: Flow) async throws {
        let texts = self.texts
        // The clinician agrees to the update, so the educator's page shows its words.
        if let updateID {
            try await flow.post(
                actor(.clinician).browser,
                "/my-support/\(Self.path(cases[0]))/educator-updates/\(Self.path(updateID))",
                [("decision", "approve")])
        }
        // The admin invites a case manager, who accepts and gives their own name; the unit lead allocates to them.
        let admin = actor(.admin).browser
        try await flow.get(admin, "/admin/people/invite")
        try await flow.post(admin, "/admin/people/invite", [("displayName", texts.name(.admin))], expect: .ok)
        try await flow.post(
            admin, "/admin/people/invite",
            [
                ("displayName", texts.name(.caseManager)), ("email", "invited@guard.example.org"),
                ("roles[]", "case_manager"),
            ])
        if let link = try await Self.emailedPath(to: "invited@guard.example.org", app: app) {
            let invited = TestBrowser(app)
            try await flow.get(invited, link)
            try await flow.post(
                invited, link, [("password", "copper kettle on the hob"), ("displayName", texts.name(.unitLead))])
        } else {
            Issue.record("no invitation was sent")
        }
        if let invited = try await Accounts.person(email: "invited@guard.example.org", on: app.db) {
            let lead = actor(.unitLead).browser
            try await flow.get(lead, "/triage")
            try await flow.post(
                lead, "/triage/\(Self.path(cases[0]))/assign", [("caseManager", try invited.requireID().uuidString)],
                expect: nil)
        }
    }

    // MARK: Helpers

    /// The site path of the last link emailed to an address (verification, invitation).
    static func emailedPath(to address: String, app: Application) async throws -> String? {
        let messages = try await OutboxMessage.query(on: app.db).filter(\.$recipient == address)
            .sort(\.$createdAt, .descending).all()
        for message in messages {
            for marker in ["/verify-email/", "/invitation/"] {
                if let range = message.body.range(of: marker) {
                    return marker + message.body[range.upperBound...].prefix { !$0.isWhitespace }
                }
            }
        }
        return nil
    }

    /// Gets and posts during the build, checking each step did what it should. Each browser's form token is
    /// remembered from its pages, so a post does not depend on which page came last.
    final class Flow {
        let observe: (String, String, TestBrowser.Page) -> Void
        private var tokens: [ObjectIdentifier: String] = [:]

        init(observe: @escaping (String, String, TestBrowser.Page) -> Void) {
            self.observe = observe
        }

        func remember(_ actor: GuardActor) {
            if !actor.csrf.isEmpty { tokens[ObjectIdentifier(actor.browser)] = actor.csrf }
        }

        @discardableResult
        func get(
            _ browser: TestBrowser, _ path: String, expect: HTTPStatus? = .ok,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> TestBrowser.Page {
            let page = try await browser.get(path)
            observe("GET", path, page)
            if let token = browser.csrfToken { tokens[ObjectIdentifier(browser)] = token }
            if let expect {
                #expect(page.status == expect, "setup GET \(path): \(page.status.code)", sourceLocation: sourceLocation)
            }
            return page
        }

        @discardableResult
        func post(
            _ browser: TestBrowser, _ path: String, _ fields: [(String, String)], expect: HTTPStatus? = .seeOther,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> TestBrowser.Page {
            let page = try await browser.post(
                path, fields, csrf: tokens[ObjectIdentifier(browser)] ?? browser.csrfToken)
            observe("POST", path, page)
            if let expect {
                #expect(
                    page.status == expect, "setup POST \(path): \(page.status.code) \(Self.problem(page.body))",
                    sourceLocation: sourceLocation)
            }
            return page
        }

        /// The error summary's first line, to say why a step failed.
        static func problem(_ body: String) -> String {
            guard let range = body.range(of: ##"href="#field-[^"]*">[^<]*"##, options: .regularExpression) else {
                return ""
            }
            return String(body[range])
        }
    }
}

// MARK: Sweeping the routes

/// One request of a sweep: a registered route with its parameters filled in.
struct SweepTarget: Sendable {
    var method: HTTPMethod
    var pattern: String
    var path: String
}

/// The values each route parameter is filled with, decided by the parameter's name (not the full cross product of
/// every id with every parameter): `caseID` → every case, `sessionID` → every mentoring and sign-in session, …; a
/// name not listed gets every id. Secrets (calendar feed tokens, one-time link tokens) are never handed out: an
/// outsider would not have them.
struct IDBook: Sendable {
    var byName: [String: [String]]
    var all: [String]

    func values(for name: String) -> [String] { byName[name.lowercased()] ?? all }

    static func load(_ app: Application) async throws -> IDBook {
        let db = app.db
        func ids<M: Model>(_ type: M.Type) async throws -> [String] where M.IDValue == UUID {
            try await M.query(on: db).all().compactMap(\.id).map { $0.uuidString.lowercased() }
        }
        let cases = try await SupportCase.query(on: db).all()
        let caseIDs = cases.compactMap(\.id).map { $0.uuidString.lowercased() }
        let mentoringSessions = try await ids(MentoringSession.self)
        let signInSessions = try await ids(SignInSession.self)
        var byName: [String: [String]] = [
            "caseid": caseIDs,
            "reference": cases.map(\.reference),
            "personid": try await ids(Person.self),
            "sessionid": mentoringSessions + signInSessions,
            "tokenid": try await ids(APIToken.self),
            "updateid": try await ids(EducatorUpdate.self),
            "suggestionid": try await ids(EducatorReferral.self),
            "programmeid": try await ids(MentoringProgramme.self),
            "mentorid": try await ids(Mentor.self),
            "pairid": try await ids(MentoringPair.self),
            "runid": try await ids(MatchingRun.self),
            "groupid": try await ids(PeerGroup.self),
            "meetingid": try await ids(PeerMeeting.self),
            "reflectionid": try await ids(Reflection.self),
            "inductionid": try await ids(Induction.self),
            "itemid": try await ids(InductionItem.self) + ids(PlanItem.self) + ids(PDPItem.self),
            "inductionitemid": try await ids(InductionItem.self),
            "templateid": try await ids(InductionTemplate.self),
            "entryid": try await ids(InductionTemplateEntry.self),
            "templateitemid": try await ids(InductionTemplateEntry.self),
            "supervisionid": try await ids(SupervisionMeeting.self),
            "supervisionmeetingid": try await ids(SupervisionMeeting.self),
            "actionid": try await ids(SupervisionAction.self),
            "descriptionid": try await ids(RoleDescription.self),
            "practiceid": try await ids(Practice.self),
            "workshopid": try await ids(PracticeWorkshop.self),
            "developmentid": try await ids(PracticeDevelopment.self),
            "pdpitemid": try await ids(PDPItem.self),
            "evidenceid": try await ids(DevelopmentEvidence.self),
            "eventid": try await ids(LearningEvent.self),
            "libraryitemid": try await ids(LibraryItem.self),
            "step": SelfReferral.Step.allCases.map(\.rawValue),
        ]
        var all: [String] = []
        for values in byName.values where values.first.map({ UUID(uuidString: $0) != nil }) == true {
            all += values
        }
        all = Array(Set(all)).sorted()
        byName["feed"] = all.map { $0 + ".ics" }
        return IDBook(byName: byName, all: all)
    }
}

enum RouteSweep {
    static func pattern(_ route: Route) -> String {
        "/" + route.path.map(\.description).joined(separator: "/")
    }

    /// Every path the route's parameters expand to.
    static func paths(_ route: Route, _ book: IDBook, extra: (String) -> [String] = { _ in [] }) -> [String] {
        var paths = [""]
        for component in route.path {
            let options: [String]
            switch component {
            case .constant(let text): options = [text]
            case .parameter(let name): options = book.values(for: name) + extra(name)
            case .anything, .catchall: options = ["anything"]
            }
            paths = paths.flatMap { prefix in options.map { prefix + "/" + $0 } }
        }
        return paths.map { $0.isEmpty ? "/" : $0 }
    }

    static func targets(
        _ app: Application, _ book: IDBook, extra: (String) -> [String] = { _ in [] }, where include: (Route) -> Bool
    ) -> [SweepTarget] {
        app.routes.all.filter(include).flatMap { route in
            paths(route, book, extra: extra).map {
                SweepTarget(method: route.method, pattern: pattern(route), path: $0)
            }
        }
    }

    /// Routes that end the sender's own session or token, or sign in again: sent last, after the reads.
    static func endsOwnAccess(_ pattern: String) -> Bool {
        pattern.hasPrefix("/sign-") || pattern.hasPrefix("/account/") || pattern.hasPrefix("/api/v1/me/tokens/")
    }
}

/// Failure messages a person can read: one line per page (ids shown as `{id}`), with who and what.
enum GuardReport {
    static func shape(_ path: String) -> String {
        path.replacingOccurrences(
            of: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", with: "{id}",
            options: .regularExpression
        ).replacingOccurrences(of: "Eve%20[^/?&\\s]*", with: "{breakout}", options: .regularExpression)
    }

    /// `(who, method, path, what)` rows, grouped by method, path shape and what happened: who got it, how often.
    static func grouped(_ rows: [(who: String, method: String, path: String, what: [String])]) -> String {
        var order: [String] = []
        var who: [String: [String: Int]] = [:]
        for row in rows {
            let key = "\(row.method) \(shape(row.path))  \(row.what.joined(separator: "; "))"
            if who[key] == nil { order.append(key) }
            who[key, default: [:]][row.who, default: 0] += 1
        }
        return order.map { key in
            let readers = who[key]!.keys.sorted().map { "\($0) ×\(who[key]![$0]!)" }.joined(separator: ", ")
            return "[\(readers)] \(key)"
        }.joined(separator: "\n")
    }
}
