import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s year of a regional unit: about 1,300 self-referrals over twelve months with a realistic mix of
/// professions, grades and reasons, cases in every state, plans with costs, notes and outcomes, so the triage
/// queue and the figures tell a story. Seeded, so every demo is the same. Demo clinicians cannot sign in.
enum DemoSupportYear {
    static let referrals = 1_300

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation else { return [] }
        let now = app.cairn.collaborators.now()
        let cipher = app.cairn.cipher
        let managers = try await caseManagers(app, organisationID: organisation.id)
        let started = ContinuousClock.now
        try await app.db.transaction { database in
            var random = SplitMix64(seed: 2012)
            for index in 0..<referrals {
                try await makeCase(
                    index: index, random: &random, now: now, organisationID: organisation.id,
                    managers: managers, cipher: cipher, calendar: app.cairn.workingDays, on: database)
            }
        }
        let seconds = (ContinuousClock.now - started).components.seconds
        return [
            "",
            "A year of support: \(referrals) self-referrals loaded in \(seconds) s (see /triage and /figures/support).",
        ]
    }

    /// The demo case manager plus three colleagues who exist only to carry a caseload.
    private static func caseManagers(_ app: Application, organisationID: UUID) async throws -> [UUID] {
        var ids = try await RoleGrant.query(on: app.db).filter(\.$roleName == Role.caseManager.rawValue).all().map(
            \.$person.id)
        for name in ["Jo Whitfield", "Dr Kwame Mensah", "Aileen Murray"] {
            let email =
                name.lowercased().replacingOccurrences(of: " ", with: ".").replacingOccurrences(of: "dr.", with: "")
                + "@demo.cairn.test"
            ids.append(
                try await PeopleDirectory.createForDemonstration(
                    email: email, name: name, roles: [.caseManager], organisationID: organisationID, on: app.db))
        }
        return ids
    }

    static let professions: [(Profession, Int)] = [
        (.doctor, 70), (.dentist, 10), (.nurse, 8), (.pharmacist, 4), (.alliedHealthProfessional, 4),
        (.physicianAssociate, 2), (.medicalSupportWorker, 2),
    ]
    static let reasons: [(ReferralReason, Int)] = [
        (.examDifficulty, 22), (.careerPlanning, 14), (.wellbeing, 12), (.health, 10), (.communication, 9),
        (.transition, 8), (.internationalGraduate, 8), (.adverseARCP, 6), (.trainingEnvironment, 6),
        (.returnToTraining, 5), (.neurodiversity, 4), (.lifeEvent, 4), (.professionalBehaviour, 3),
        (.coachingOrMentoring, 3), (.lessThanFullTime, 2), (.engagement, 2), (.clinicalKnowledge, 2), (.transfer, 1),
    ]
    static let countries: [(String, Int)] = [
        ("United Kingdom", 62), ("India", 10), ("Nigeria", 7), ("Pakistan", 6), ("Egypt", 5), ("Sudan", 3),
        ("Greece", 2), ("Sri Lanka", 2), ("Iraq", 2), ("Poland", 1),
    ]
    static let words = [
        "I failed the same exam twice and I am losing confidence.", "I am thinking of leaving medicine.",
        "Since arriving in the UK I find the way teams work hard to follow.",
        "I am returning after a year of parental leave.",
        "My rota leaves no time to study and I am exhausted.", "A complaint about my communication has shaken me.",
        "I would like a mentor who is not my supervisor.", "I think I might be dyslexic.",
    ]

    private static func makeCase(
        index: Int, random: inout SplitMix64, now: Date, organisationID: UUID, managers: [UUID],
        cipher: EnvelopeCipher, calendar: WorkingDays,
        on database: any Database
    ) async throws {
        let clinicianID = try await PeopleDirectory.createForDemonstration(
            email: "demo.clinician.\(index)@demo.cairn.test", name: random.name(), roles: [],
            organisationID: organisationID, on: database)
        let profession = random.weighted(professions)
        let grade = profession.grades.isEmpty ? Grade.other : profession.grades[random.below(profession.grades.count)]
        let ageDays = Double(random.below(365)) + random.unit()
        let received = now.addingTimeInterval(-ageDays * 86_400)
        let state = stateFor(ageDays: ageDays, random: &random)
        let caseID = UUID()
        let record = SupportCase()
        record.id = caseID
        record.version = 1
        record.organisationID = organisationID
        record.clinicianID = clinicianID
        record.reference = ReferralReference.generate(using: &random)
        record.stateName = state.rawValue
        record.profession = profession.rawValue
        record.grade = grade.rawValue
        let country = random.weighted(countries)
        record.qualificationCountry = country
        record.isInternationalGraduate = country != "United Kingdom"
        let chosen = Set((0..<(1 + random.below(3))).map { _ in random.weighted(reasons) })
        record.reasonNames = chosen.map(\.rawValue).sorted().joined(separator: ",")
        record.ownWords = try cipher.seal(
            words[random.below(words.count)], for: SupportCase.binding(caseID, "own_words"))
        record.contact = try cipher.seal("By email", for: SupportCase.binding(caseID, "contact"))
        record.consentToHold = true
        record.consentWording = SelfReferral.consentWording
        record.consentedAt = received
        record.shareWithEducator = random.below(5) == 0
        record.saidAtRisk = random.below(40) == 0
        record.receivedAt = received
        if state != .referred {
            let contacted = received.addingTimeInterval(Double(1 + random.below(8)) * 86_400 * 0.8)
            record.firstContactAt = contacted
            record.firstContactWorkingDays = calendar.count(from: received, to: contacted)
        }
        if [.closed, .declined, .withdrawn].contains(state) {
            record.closedAt = received.addingTimeInterval(min(ageDays, Double(30 + random.below(150))) * 86_400)
        }
        if state == .declined {
            try record.seal(
                "Your deanery's return-to-training team is best placed to help: we have passed on their details.",
                into: \.$declineReason, with: cipher)
        }
        if state == .closed {
            record.outcomes =
                ["goals_met", "in_work_or_training", "progression"].filter { _ in random.below(2) == 0 }.joined(
                    separator: ","
                ).nonEmpty ?? "in_work_or_training"
        }
        try await record.create(on: database)
        try await CaseEvent(caseID: caseID, at: received, actorID: record.clinicianID, kind: .submitted, to: .referred)
            .create(on: database)
        if state != .referred || random.below(2) == 0 {
            try await CaseAssignment(caseID: caseID, personID: managers[random.below(managers.count)], at: received)
                .create(on: database)
        }
        if [.active, .closing, .closed].contains(state) {
            for _ in 0..<(1 + random.below(3)) {
                let item = PlanItem()
                item.caseID = caseID
                item.intervention = Intervention.allCases[random.below(Intervention.allCases.count)].rawValue
                item.status = state == .closed ? .done : .inProgress
                item.costPence = [0, 15_000, 45_000, 60_000, 120_000][random.below(5)]
                item.createdAt = received.addingTimeInterval(7 * 86_400)
                item.version = 1
                try await item.create(on: database)
            }
        }
    }

    /// Older referrals have mostly closed; the last weeks' are still being arranged.
    private static func stateFor(ageDays: Double, random: inout SplitMix64) -> CaseState {
        if ageDays < 6 { return random.below(3) == 0 ? .triaged : .referred }
        if ageDays < 20 { return [.triaged, .active, .active, .declined][random.below(4)] }
        if ageDays < 120 { return [.active, .active, .closing, .closed, .withdrawn][random.below(5)] }
        return [.closed, .closed, .closed, .closed, .withdrawn, .declined][random.below(6)]
    }
}

extension SplitMix64 {
    static let given = [
        "Amira", "James", "Priya", "Chidi", "Fatima", "Tom", "Mei", "Olu", "Sara", "Ravi", "Hannah", "Yusuf",
    ]
    static let family = [
        "Haddad", "Okafor", "Shah", "Evans", "Khan", "Murphy", "Chen", "Adeyemi", "Nowak", "Patel", "Jones", "Ali",
    ]

    mutating func name() -> String {
        "Dr \(Self.given[below(Self.given.count)]) \(Self.family[below(Self.family.count)])"
    }
}
