import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s mentoring programme, after SERVICE.md §5 (NES Scotland): 12 trained mentors and 19 IMG GP trainees
/// in their first six months, matched by the real scorer and matcher, each pair with four 60-minute video sessions
/// held inside the window and feedback from both sides, so the dashboard shows 76 sessions and both perspectives.
/// The demo mentor (Dr James Okafor) and the demo clinician (Dr Amira Haddad) are one of the pairs' people.
enum DemoMentoring {
    static let mentorCount = 12
    static let menteeCount = 19

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation else { return [] }
        let state = app.cairn
        let database = app.db
        guard
            let lead = try await Accounts.person(email: "morag.campbell@demo.cairn.test", on: database),
            let james = try await Accounts.person(email: "james.okafor@demo.cairn.test", on: database),
            let amira = try await Accounts.person(email: "amira.haddad@demo.cairn.test", on: database)
        else { return [] }
        let actor = Actor(
            personID: try lead.requireID(), displayName: lead.displayName, organisationID: organisation.id,
            roles: [.programmeLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
        let context = ServiceContext(application: app, actor: actor)
        let programmes = try ProgrammeService(context: context)
        var draft = ProgrammeDraft()
        draft.name = "IMG GP trainee mentoring (NES pilot)"
        draft.audience = "International medical graduates in their first six months of GP training in Scotland"
        draft.cohortStartsOn = "2026-02-02"
        (draft.sessionCount, draft.sessionMinutes, draft.sessionMode, draft.windowMonths) = (4, 60, "video", 6)
        draft.matchingMode = ProgrammeMatching.optimal.rawValue
        let created = try await programmes.create(draft)
        guard case .success(let programme) = created else { return [] }

        let boards = ["NHS Lothian", "NHS Greater Glasgow and Clyde", "NHS Tayside", "NHS Grampian", "NHS Fife"]
        let languages = ["arabic", "urdu", "hindi", "yoruba", "igbo", "tamil", "bengali", "spanish", "polish"]
        let mentorNames = [
            "Dr Fiona MacLeod", "Dr Ravi Menon", "Dr Catriona Ross", "Dr Hamish Grant", "Dr Nadia Rahman",
            "Dr Euan Fraser", "Dr Morven Stewart", "Dr Kofi Boateng", "Dr Isla Campbell", "Dr Samir Aziz",
            "Dr Eilidh Munro",
        ]
        try await database.transaction { database in
            var random = SplitMix64(seed: 2019)
            var mentorEmails = [james.email]
            _ = try await programmes.store(
                entry(
                    mentor: james.displayName, email: james.email, language: "yoruba", board: boards[0],
                    gender: "man", random: &random), in: programme, on: database)
            for (index, name) in mentorNames.enumerated() {
                let email = PeopleDirectory.demonstrationEmail(for: name)
                try await person(name: name, email: email, organisationID: organisation.id, on: database)
                mentorEmails.append(email)
                _ = try await programmes.store(
                    entry(
                        mentor: name, email: email, language: languages[index % languages.count],
                        board: boards[(index + 1) % boards.count], gender: index % 2 == 0 ? "woman" : "man",
                        random: &random), in: programme, on: database)
            }
            let trainees = [
                "Dr Amira Haddad", "Dr Chidi Okonkwo", "Dr Priya Nair", "Dr Omar Farouk", "Dr Ayesha Siddiqui",
                "Dr Tunde Adebayo", "Dr Lakshmi Iyer", "Dr Hassan Ali", "Dr Ngozi Eze", "Dr Imran Qureshi",
                "Dr Sofia Alvarez", "Dr Anil Sharma", "Dr Fatima Zahra", "Dr Kwabena Owusu", "Dr Meera Pillai",
                "Dr Yusuf Ibrahim", "Dr Aleksandra Nowak", "Dr Rahul Das", "Dr Zainab Bello",
            ]
            for (index, name) in trainees.enumerated() {
                let email = index == 0 ? amira.email : PeopleDirectory.demonstrationEmail(for: name)
                if index > 0 {
                    try await person(name: name, email: email, organisationID: organisation.id, on: database)
                }
                let language = index == 0 ? "arabic" : languages[random.below(languages.count)]
                let entry = MenteeEntry(
                    name: name, email: email, profession: .doctor, specialty: "general practice", grade: .gpst1,
                    languages: ["english", language], region: .scotland, employer: boards[random.below(boards.count)],
                    isInternationalGraduate: true, supervisorEmail: mentorEmails[random.below(mentorEmails.count)],
                    wishes: MenteeWishes(language: random.below(3) == 0 ? StatedWish(language) : nil))
                _ = try await programmes.store(entry, in: programme, source: .demo, on: database)
            }
        }

        let matching = try MatchingService(context: context)
        let run = try await matching.start(programme, app: app)
        await state.backgroundWork.wait(for: try run.requireID())
        guard let finished = try await MatchingRun.find(try run.requireID(), on: database), finished.status == .proposed
        else { return [] }
        let outcome = try await matching.publish(finished)
        let (held, answers) = try await holdSessions(of: programme, state: state, on: database)
        let evaluations = try await evaluate(programme, state: state, on: database)
        return [
            "",
            "Mentoring: \(programme.name) with \(mentorCount) mentors and \(menteeCount) mentees; \(outcome.published) "
                + "pairs, \(held) sessions held, \(answers) feedback answers, \(evaluations) evaluations (programme "
                + "lead: /mentoring; mentor and mentee: /mentoring/my).",
        ]
    }

    /// Demo people other than the demo accounts cannot sign in (no password).
    private static func person(name: String, email: String, organisationID: UUID, on database: any Database)
        async throws
    {
        _ = try await PeopleDirectory.createForDemonstration(
            email: email, name: name, roles: [], organisationID: organisationID, on: database)
    }

    private static func entry(
        mentor name: String, email: String, language: String, board: String, gender: String,
        random: inout SplitMix64
    ) -> MentorEntry {
        MentorEntry(
            name: name, email: email, profession: .doctor, specialty: "general practice",
            grade: random.below(2) == 0 ? .gpPartner : .salariedGP, languages: ["english", language],
            region: .scotland, employer: board, hasInternationalGraduateExperience: random.below(3) > 0,
            gender: gender, interests: "Transition to UK general practice", capacity: 2,
            training: TrainingRecord(
                course: "NES mentor development programme", completed: CalendarDay(2025, 9, 12),
                expires: CalendarDay(2028, 9, 12)))
    }

    /// Every planned session held a few days before its due date, with a link, a short sealed record and both
    /// sides' answers.
    private static func holdSessions(
        of programme: MentoringProgramme, state: CairnState, on database: any Database
    ) async throws -> (held: Int, answers: Int) {
        let pairs = try await MentoringPair.query(on: database).filter(\.$programmeID == programme.requireID()).all()
        let sessions = try await MentoringSession.query(on: database).filter(\.$pairID ~~ pairs.compactMap(\.id)).all()
        let zone = state.configuration.timeZone
        let answers = try await database.transaction { database -> Int in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            var random = SplitMix64(seed: 2020)
            var answers = 0
            for session in sessions {
                guard let due = CalendarDay(iso: session.dueOn),
                    let day = calendar.date(
                        from: DateComponents(year: due.year, month: due.month, day: due.day, hour: 14))
                else { continue }
                let startsAt = day.addingTimeInterval(-Double(random.below(4)) * 86_400)
                session.startsAt = startsAt
                session.heldAt = startsAt
                session.status = .held
                session.videoLink =
                    "https://video.nhs.example/mentoring/\(session.id!.uuidString.prefix(8).lowercased())"
                session.sequence = 2
                session.record = try state.cipher.seal(
                    "Session \(session.number): goals for the next weeks agreed.",
                    for: MentoringSession.recordBinding(try session.requireID()))
                session.recordUpdatedAt = startsAt.addingTimeInterval(3_600)
                session.updatedAt = startsAt.addingTimeInterval(3_600)
                try await session.update(on: database)
                for side in ["mentor", "mentee"] {
                    let row = SessionFeedback()
                    row.id = UUID()
                    row.sessionID = try session.requireID()
                    row.side = side
                    row.answeredAt = startsAt.addingTimeInterval(Double(1 + random.below(48)) * 3_600)
                    row.feltSafe = side == "mentee" ? 4 + random.below(2) : 3 + random.below(3)
                    row.useful = 3 + random.below(3)
                    row.actionsAgreed = random.below(5) > 0
                    row.recommend = 7 + random.below(4)
                    try await row.create(on: database)
                    answers += 1
                }
            }
            return answers
        }
        return (sessions.count, answers)
    }

    /// Both sides of every pair answer the standard end-of-programme questions.
    private static func evaluate(_ programme: MentoringProgramme, state: CairnState, on database: any Database)
        async throws -> Int
    {
        let pairs = try await MentoringPair.query(on: database).filter(\.$programmeID == programme.requireID()).all()
        let comments = [
            "Having someone outside my practice to talk to", "Protected time that was really mine",
            "Help with the AKT and with consultations", "Someone who had made the same move", "Honest, kind feedback",
        ]
        return try await database.transaction { database -> Int in
            var random = SplitMix64(seed: 2021)
            var count = 0
            for pair in pairs {
                for side in [DualBlindFeedback.Side.mentee, .mentor] {
                    let questionnaire = side == .mentee ? Questionnaire.standardMentee : .standardMentor
                    var ratings: [String: Int] = [:]
                    var texts: [String: String] = [:]
                    for question in questionnaire.questions {
                        switch question.kind {
                        case .rating: ratings[question.text] = 3 + random.below(3)
                        case .text:
                            if random.below(2) == 0 { texts[question.text] = comments[random.below(comments.count)] }
                        }
                    }
                    let row = EvaluationResponse()
                    row.id = UUID()
                    row.programmeID = try programme.requireID()
                    row.pairID = try pair.requireID()
                    row.side = side.rawValue
                    row.answeredAt = state.collaborators.now()
                    row.ratings = String(decoding: try JSONEncoder().encode(ratings), as: UTF8.self)
                    if !texts.isEmpty {
                        row.texts = try state.cipher.seal(
                            String(decoding: try JSONEncoder().encode(texts), as: UTF8.self),
                            for: EvaluationResponse.textsBinding(row.id!))
                    }
                    try await row.create(on: database)
                    count += 1
                }
            }
            return count
        }
    }
}
