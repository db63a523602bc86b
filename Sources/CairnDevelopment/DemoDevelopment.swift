import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s practice development scheme, at the size of the Welsh feasibility study (seed 001): a health
/// board's 18 practices, each with its team (doctors, nurses, a manager), four workshops over the past year, five
/// needs ranked by the attendees of the second workshop, three developments (one evaluated and realised), an
/// objective in each doctor's and nurse's personal plan linked to a development, and the facilitator's challenge
/// log. Every doctor and nurse has a revalidation date and an appraisal, so the responsible officer's overview has
/// a year of dates. The demo clinician belongs to the first practice. Written through the services, as the
/// facilitator, so the demo obeys the rules people do.
enum DemoDevelopment {
    static let facilitatorEmail = "priya.shah@demo.cairn.test"
    static let clinicianEmail = "amira.haddad@demo.cairn.test"

    static let towns = [
        "Aberaeron", "Bala", "Builth Wells", "Cardigan", "Crickhowell", "Dolgellau", "Fishguard", "Hay-on-Wye",
        "Knighton", "Lampeter", "Llandovery", "Llandrindod Wells", "Llanidloes", "Machynlleth", "Newtown",
        "Presteigne", "Rhayader", "Tregaron",
    ]
    static let given = [
        "Alys", "Bethan", "Carys", "Dafydd", "Eleri", "Ffion", "Gethin", "Huw", "Iolo", "Lowri", "Megan", "Nia",
        "Owain", "Rhian", "Siân", "Tomos",
    ]
    static let family = [
        "Bowen", "Davies", "Evans", "Griffiths", "Hughes", "Jenkins", "Morgan", "Powell", "Rees", "Thomas",
    ]
    static let needs: [(String, NeedSource, NeedFinding)] = [
        ("Patients with diabetes missing their annual review", .localPriority, .audit),
        ("Repeat prescribing errors", .practice, .significantEvent),
        ("Telephone access at 8 am", .practice, .patientFeedback),
        ("Minor surgery skills in the team", .individual, .appraisal),
        ("Antibiotic prescribing above the board's average", .nhsPriority, .data),
    ]

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation,
            let facilitator = try await Accounts.person(email: facilitatorEmail, on: app.db)
        else { return [] }
        let clinician = try await Accounts.person(email: clinicianEmail, on: app.db)
        let actor = Actor(
            personID: try facilitator.requireID(), displayName: facilitator.displayName,
            organisationID: organisation.id, roles: [.facilitator], channel: .api(tokenID: UUID()),
            isFullySignedIn: true)
        let today = app.cairn.today
        var people = 0
        for (index, town) in towns.enumerated() {
            people += try await app.db.transaction { database -> Int in
                var random = SplitMix64(seed: 2009 + UInt64(index))
                let context = ServiceContext(application: app, actor: actor, database: database)
                let service = PracticeService(context: context)
                guard
                    case .success(let practice) = try await service.create(
                        PracticeDraft(
                            name: "\(town) Medical Practice",
                            vision: "A practice where every patient with a long-term condition is reviewed on time, "
                                + "and where the whole team learns from what goes wrong."))
                else { return 0 }
                let practiceID = try practice.requireID()
                // The team: two or three doctors, one or two nurses, a practice manager.
                var team: [(UUID, StaffGroup)] = []
                let groups: [StaffGroup] =
                    [.doctor, .doctor] + (index % 2 == 0 ? [.doctor] : []) + [.nurse] + (index % 3 == 0 ? [.nurse] : [])
                    + [.manager]
                for (position, group) in groups.enumerated() {
                    let name =
                        (group == .doctor ? "Dr " : "") + given[(index * 3 + position) % given.count] + " "
                        + family[(index + position * 7) % family.count]
                    let personID = try await PeopleDirectory.createForDemonstration(
                        email:
                            "\(name.replacingOccurrences(of: "Dr ", with: "").lowercased().replacingOccurrences(of: " ", with: ".")).\(index)@demo.cairn.test"
                            .folding(options: .diacriticInsensitive, locale: nil),
                        name: name, roles: [.clinician], organisationID: organisation.id, on: database)
                    team.append((personID, group))
                }
                if index == 0, let clinician {
                    team.insert((try clinician.requireID(), .doctor), at: 0)
                }
                for (personID, group) in team {
                    let member = PracticeMember()
                    member.id = context.newID()
                    member.practiceID = practiceID
                    member.personID = personID
                    member.staffGroup = group
                    member.joinedAt = Date()
                    try await member.create(on: database)
                }
                var needRecords: [PracticeNeed] = []
                for (title, source, finding) in needs {
                    if case .success(let need) = try await service.addNeed(
                        to: practice, NeedDraft(title: title, source: source.rawValue, finding: finding.rawValue))
                    {
                        needRecords.append(need)
                    }
                }
                // Four workshops over the past year; the second ranks the needs.
                var workshops: [PracticeWorkshop] = []
                for number in 0..<4 {
                    let day = today.adding(days: -330 + number * 75 + index)
                    let attendees = team.filter { _ in Int.random(in: 0..<10, using: &random) < 8 }.map(\.0)
                    if case .success(let workshop) = try await service.addWorkshop(
                        to: practice,
                        WorkshopDraft(
                            day: day.description,
                            notes: number == 0 ? "Vision agreed; needs gathered from audit, events and feedback." : ""),
                        attendees: attendees.isEmpty ? [team[0].0] : attendees)
                    {
                        workshops.append(workshop)
                    }
                }
                if workshops.count > 1 {
                    let view = DevelopmentAccess.WorkshopView(workshop: workshops[1], practice: practice)
                    for attendee in try await service.attendees(of: workshops[1]) {
                        var order = Array(needRecords.indices)
                        order.shuffle(using: &random)
                        // Most teams put the diabetes reviews or prescribing first.
                        if Int.random(in: 0..<3, using: &random) > 0, let at = order.firstIndex(of: index % 2) {
                            order.swapAt(0, at)
                        }
                        var ranks: [String: String] = [:]
                        for (rank, needIndex) in order.enumerated() {
                            ranks[needRecords[needIndex].id?.uuidString.lowercased() ?? ""] = String(rank + 1)
                        }
                        _ = try await service.recordRanking(at: view, attendee: attendee.id, ranks: ranks)
                    }
                }
                // Three developments, the first evaluated as a realised change.
                let plans: [(String, String, String, Int)] = [
                    (
                        "Diabetes recall by named nurse", "Every patient with diabetes reviewed within 12 months",
                        "95% of patients with diabetes have a review recorded within 12 months by 31 March", 0
                    ),
                    (
                        "Safer repeat prescribing", "Fewer repeat prescribing errors",
                        "Halve repeat prescribing significant events in six months, measured monthly", 1
                    ),
                    (
                        "Telephone triage rota", "Patients reach a clinician on the day they call",
                        "80% of calls answered within five minutes at 8 am within three months", 2
                    ),
                ]
                for (number, plan) in plans.enumerated() {
                    let start = today.adding(days: -250 + number * 30)
                    guard
                        case .success(let development) = try await service.addDevelopment(
                            to: practice,
                            DevelopmentDraft(
                                title: plan.0, aim: plan.1, objective: plan.2, startsOn: start.description,
                                dueOn: start.adding(days: 180 + number * 60).description,
                                status: (number == 2 ? DevelopmentStatus.planned : .underway).rawValue),
                            needID: needRecords.count > plan.3 ? needRecords[plan.3].id?.uuidString ?? "" : "",
                            ownerID: team[number % team.count].0.uuidString)
                    else { continue }
                    let view = DevelopmentAccess.DevelopmentView(development: development, practice: practice)
                    if number == 0 {
                        _ = try await service.evaluate(
                            view,
                            EvaluationDraft(
                                before: "Audit in April: 71% reviewed within 12 months.",
                                after: "Re-audit in October: 93% reviewed; 2 patients declined.",
                                conclusion: "Named-nurse recall works; the last few need a home visit.",
                                change: "Each patient with diabetes now has a named nurse who books their review.",
                                realised: true), version: development.version)
                    }
                    // Each doctor and nurse has an objective behind one development.
                    for (position, member) in team.enumerated()
                    where member.1 != .manager && position % plans.count == number {
                        _ = try await service.proposeObjective(
                            view, memberID: member.0.uuidString,
                            targetOn: start.adding(days: 180 + number * 60).description,
                            domain: (number == 0 ? GMPDomain.patients : .colleagues).rawValue)
                    }
                }
                // The facilitator's log: the first two challenges of initiating, and one of sustaining.
                let challenges: [(SengeChallenge, String, String)] = [
                    (
                        .notEnoughTime, "Partners said the workshops took them from clinics.",
                        "Moved the workshops to protected learning time afternoons."
                    ),
                    (
                        index % 2 == 0 ? .notRelevant : .walkingTheTalk,
                        "A partner asked whether this was a management agenda.",
                        "Started from the practice's own significant events and audit."
                    ),
                    (
                        .assessmentAndMeasurement, "The team doubted the audit figures.",
                        "The nurse lead re-ran the search with the team watching."
                    ),
                ]
                for (number, entry) in challenges.enumerated() {
                    _ = try await service.logChallenge(
                        at: practice,
                        SengeEntryDraft(
                            challenge: entry.0.rawValue,
                            day: today.adding(days: -300 + number * 100 + index).description,
                            happened: entry.1, negotiated: entry.2, outcome: "Agreed and carried on."))
                }
                // Revalidation dates spread over five years, and this year's appraisal for most.
                for (position, member) in team.enumerated() where member.1 != .manager {
                    let profile = DevelopmentProfile()
                    profile.id = context.newID()
                    profile.personID = member.0
                    profile.register = member.1 == .nurse ? .nmc : .gmc
                    profile.revalidationDueOn =
                        today.adding(days: 20 + (index * 97 + position * 211) % 1_800).description
                    profile.updatedAt = Date()
                    try await profile.create(on: database)
                    if (index + position) % 4 != 0 {
                        let appraisal = Appraisal()
                        appraisal.id = context.newID()
                        appraisal.personID = member.0
                        appraisal.heldOn =
                            max(
                                Revalidation.appraisalYear(containing: today).lowerBound,
                                today.adding(days: -60 - position * 9)
                            ).description
                        appraisal.createdAt = Date()
                        try await appraisal.create(on: database)
                    }
                    for (number, kind) in EvidenceKind.supportingInformation.enumerated()
                    where (position + number + index) % 3 != 0 {
                        let evidence = DevelopmentEvidence()
                        evidence.id = context.newID()
                        evidence.personID = member.0
                        evidence.kind = kind
                        evidence.day =
                            max(
                                Revalidation.appraisalYear(containing: today).lowerBound,
                                today.adding(days: -20 - number * 11)
                            ).description
                        try evidence.seal(kind.title, into: \.$title, with: context.cipher)
                        evidence.minutes = kind == .cpd ? 180 : 0
                        evidence.participatory = kind == .cpd
                        evidence.source = "own"
                        evidence.createdAt = Date()
                        try await evidence.create(on: database)
                    }
                }
                return team.count
            }
        }
        return [
            "Practice development: \(towns.count) practices, \(people) people in their teams, 4 workshops each, "
                + "facilitated by \(facilitator.displayName)"
        ]
    }
}
