import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s peer groups, after the clinical café account (SERVICE.md §4): one department's monthly hour from
/// September 2015 to September 2021, 73 monthly dates of which two (April and May 2020, the move to video) did not
/// take place; 2 to 10 attending from a pool of 25 clinicians who join and leave over the years; a presenter each
/// time, themes, and a short record. The demo clinician joined in 2019 and wrote reflections after some meetings.
/// A second group, meeting now, has two recent meetings waiting for their attendance and a year planned ahead.
enum DemoPeerGroups {
    static let facilitatorEmail = "priya.shah@demo.cairn.test"
    static let clinicianEmail = "amira.haddad@demo.cairn.test"

    static let pool = [
        "Dr Aled Hughes", "Dr Bethan Rees", "Dr Ciaran Doyle", "Dr Deepa Kapoor", "Dr Emeka Obi", "Dr Frances Lowe",
        "Dr Gareth Pryce", "Dr Hannah Whitfield", "Dr Ioan Jenkins", "Dr Julia Moreno", "Dr Kieran Walsh",
        "Dr Leah Goldberg", "Dr Marcus Chen", "Dr Niamh Byrne", "Dr Owain Davies", "Dr Pooja Reddy",
        "Dr Quentin Hale", "Dr Rhiannon Evans", "Dr Sanjay Patel", "Dr Tess Morgan", "Dr Usman Tariq",
        "Dr Verity Lane", "Dr Will Thomas", "Dr Yasmin Khalil",
    ]

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation,
            let facilitator = try await Accounts.person(email: facilitatorEmail, on: app.db),
            let clinician = try await Accounts.person(email: clinicianEmail, on: app.db)
        else { return [] }
        let actor = Actor(
            personID: try facilitator.requireID(), displayName: facilitator.displayName,
            organisationID: organisation.id, roles: [.facilitator], channel: .api(tokenID: UUID()),
            isFullySignedIn: true)
        let context = ServiceContext(application: app, actor: actor)
        let state = app.cairn
        let zone = state.configuration.timeZone
        let (cafe, held) = try await app.db.transaction { database in
            let context = context.on(database)
            var random = SplitMix64(seed: 2015)
            var people: [UUID] = []
            for name in pool {
                people.append(
                    try await PeopleDirectory.createForDemonstration(
                        email: PeopleDirectory.demonstrationEmail(for: name),
                        name: name, roles: [.clinician], organisationID: organisation.id, on: database))
            }
            people.append(try clinician.requireID())
            let cafe = try await group(
                name: "Clinical café", place: "Department seminar room (on video from June 2020)",
                audience: "Doctors, nurses and trainees of the department", createdAt: day(2015, 8, 1, zone),
                facilitator: actor.personID, organisationID: organisation.id, context: context)
            // Each person's years in the group: the demo clinician from 2019 to the end.
            var spans: [(UUID, from: Int, to: Int)] = []
            for (index, person) in people.enumerated() {
                if person == clinician.id {
                    spans.append((person, 48, 72))
                    continue
                }
                // The founding eight stay at least three years; others come and go, a few within months.
                let from = index < 8 ? 0 : random.int(in: 0...60)
                let to = min(72, from + (index < 8 ? random.int(in: 36...72) : random.int(in: 3...60)))
                spans.append((person, from, to))
            }
            for (person, from, to) in spans {
                try await member(
                    person, of: cafe, joined: monthStart(from, zone), left: to < 72 ? monthStart(to, zone) : nil,
                    context: context)
            }
            var held = 0
            for month in 0..<73 {
                let (year, monthOfYear) = (2015 + (8 + month) / 12, (8 + month) % 12 + 1)
                guard let date = MeetingRule.day(ordinal: 1, weekday: 2, year: year, month: monthOfYear) else {
                    continue
                }
                let cancelled = year == 2020 && (monthOfYear == 4 || monthOfYear == 5)
                // Members from their first month until the month they left (those still there at the end, to it).
                let current = spans.filter { $0.from <= month && (month < $0.to || $0.to == 72) }.map(\.0)
                let attending = current.shuffled(using: &random).prefix(min(current.count, random.int(in: 2...10)))
                let themes = Array(DiscussionTheme.allCases.shuffled(using: &random).prefix(random.int(in: 1...3)))
                try await meeting(
                    of: cafe, on: date, status: cancelled ? .cancelled : .held,
                    attended: cancelled ? [] : Array(attending), presenter: attending.first, themes: themes,
                    context: context)
                if !cancelled { held += 1 }
            }
            cafe.endedAt = monthStart(73, zone)
            try await cafe.update(on: database)
            return (cafe, held)
        }

        // Reflections by the demo clinician after three of the café's meetings she attended, and one on its own.
        let reflections = ReflectionService(
            context: ServiceContext(
                application: app,
                actor: Actor(
                    personID: try clinician.requireID(), displayName: clinician.displayName,
                    organisationID: organisation.id, roles: [.clinician], channel: .api(tokenID: UUID()),
                    isFullySignedIn: true)))
        let attended = try await MeetingPlace.query(on: app.db).filter(\.$personID == clinician.requireID())
            .filter(\.$status == .attended).all(\.$meetingID)
        let meetings = try await PeerMeeting.query(on: app.db).filter(\.$id ~~ attended).sort(\.$startsAt).all()
        var written = 0
        for (meeting, draft) in zip(meetings.suffix(3), demoReflections) {
            var draft = draft
            draft.meetingID = meeting.id
            draft.writtenOn = meeting.day
            draft.cpdMinutes = String(meeting.minutes)
            if case .success = try await reflections.save(draft) { written += 1 }
        }
        var standalone = ReflectionService.Draft(
            model: ReflectiveModel.rolfe.id, title: "Feedback from a patient survey",
            answers: [
                "what": "Several patients said I seemed rushed at the end of consultations.",
                "so_what": "I had not noticed; I was watching the clock because clinics overrun.",
                "now_what": "I will summarise and check for questions before I look at the time.",
            ], writtenOn: state.today.description)
        standalone.codeThemes = [CodeTheme.prioritisePeople.rawValue]
        if case .success = try await reflections.save(standalone) { written += 1 }

        let current = try await currentGroup(app, context: context, clinician: try clinician.requireID())
        let invited = try await invitationGroup(app, context: context)
        return [
            "",
            "Peer groups: \(cafe.name), monthly from September 2015 to September 2021, \(held) meetings held from a "
                + "pool of \(pool.count + 1) clinicians; \(current.name) meets now; \(invited.name) is by invitation, "
                + "with a request to join waiting; \(written) reflections by the demo "
                + "clinician (facilitator: /groups; clinician: /groups and /reflections).",
        ]
    }

    /// A group meeting now: two recent meetings still to be marked, then a year planned by its rule.
    private static func currentGroup(_ app: Application, context: ServiceContext, clinician: UUID) async throws
        -> PeerGroup
    {
        guard let organisation = app.cairn.organisation else { throw Abort(.internalServerError) }
        let today = app.cairn.today
        let group = try await group(
            name: "Trainees' case discussion", place: "Video (link sent with each invitation)",
            audience: "GP trainees and first-five GPs", createdAt: context.now.addingTimeInterval(-86_400 * 90),
            facilitator: try context.requireActor().personID, organisationID: organisation.id, context: context)
        try await member(
            clinician, of: group, joined: context.now.addingTimeInterval(-86_400 * 80), left: nil,
            context: context)
        var month = today.month
        var year = today.year
        for _ in 0..<2 {
            month -= 1
            if month == 0 {
                month = 12
                year -= 1
            }
            if let date = MeetingRule.day(ordinal: 1, weekday: 2, year: year, month: month) {
                try await meeting(
                    of: group, on: date, status: .planned, attended: [], presenter: nil, themes: [],
                    context: context, coming: [clinician])
            }
        }
        try await PeerGroupService(context: context).planMeetings(for: group, from: today)
        // Nine of the pool are members, all coming to the next meeting: one place is left.
        let nine = try await Person.query(on: context.database)
            .filter(\.$email ~~ pool.prefix(9).map(PeopleDirectory.demonstrationEmail(for:))).all()
        guard
            let next = try await PeerMeeting.query(on: context.database).filter(\.$groupID == group.requireID())
                .filter(\.$status == .planned).filter(\.$startsAt > context.now).sort(\.$startsAt).first()
        else { return group }
        for person in nine {
            let personID = try person.requireID()
            try await member(personID, of: group, joined: group.createdAt, left: nil, context: context)
            let place = MeetingPlace()
            place.id = context.newID()
            place.meetingID = try next.requireID()
            place.personID = personID
            place.status = .coming
            place.askedAt = group.createdAt
            place.presenter = false
            try await place.create(on: context.database)
        }
        next.taken = nine.count
        // The rota's turn at the next meeting is named: the first of them brings a case.
        next.presenterID = nine.first?.id
        try await next.update(on: context.database)
        return group
    }

    /// A group by invitation: one request to join waits for the facilitator's answer, one invitation is not yet
    /// taken up; and the unit's own reflective model beside the four Cairn ships.
    private static func invitationGroup(_ app: Application, context: ServiceContext) async throws -> PeerGroup {
        guard let organisation = app.cairn.organisation else { throw Abort(.internalServerError) }
        let facilitator = try context.requireActor().personID
        let group = try await group(
            name: "Nurses' reflective circle", place: "Ward 9 seminar room",
            audience: "Registered nurses and nursing associates",
            createdAt: context.now.addingTimeInterval(-86_400 * 30),
            facilitator: facilitator, organisationID: organisation.id, context: context)
        group.joining = .invitation
        try await group.update(on: context.database)
        try await PeerGroupService(context: context).planMeetings(for: group, from: app.cairn.today)
        let asking = try await Person.query(on: context.database)
            .filter(\.$email ~~ pool.suffix(2).map(PeopleDirectory.demonstrationEmail(for:))).sort(\.$email).all()
        for (index, person) in asking.enumerated() {
            let row = PeerGroupInvitation()
            row.id = context.newID()
            row.groupID = try group.requireID()
            row.personID = try person.requireID()
            row.kind = index == 0 ? .asked : .invited
            row.status = .open
            row.createdBy = index == 0 ? try person.requireID() : facilitator
            row.createdAt = context.now.addingTimeInterval(-86_400 * Double(3 + index))
            try await row.create(on: context.database)
        }
        _ = try await ReflectionService(context: context).addTemplate(
            ReflectionTemplateDraft(
                title: "Driscoll's What model", citation: "Driscoll (2007)",
                stages: [
                    .init(title: "What?", prompt: "What happened? What did you see and do?"),
                    .init(title: "So what?", prompt: "What did it mean? How did you feel, and what did you notice?"),
                    .init(title: "Now what?", prompt: "What will you do next, and what difference will it make?"),
                ]))
        return group
    }

    private static let demoReflections: [ReflectionService.Draft] = [
        ReflectionService.Draft(
            model: ReflectiveModel.atkinsMurphy.id, title: "Not knowing, and saying so",
            answers: [
                "awareness": "I felt exposed when I could not answer a question about a test result.",
                "describe": "A telephone consultation where the result was borderline and the guidance unclear.",
                "analyse": "I assumed I should always have an answer; the group pointed out how often they do not.",
                "evaluate": "I knew the guideline but not how others handle the grey zone.",
                "learning": "I will say what I do not know, and agree a time to call back after checking.",
            ]),
        ReflectionService.Draft(
            model: ReflectiveModel.gibbs.id, title: "A complaint that stayed with me",
            answers: [
                "description": "A relative complained that I had not listened during a home visit.",
                "feelings": "Hurt at first, then worried that it was true.",
                "evaluation": "The clinical care was sound; the conversation was hurried.",
                "analysis": "Others in the group had met the same pressure at the end of a long list.",
                "conclusion": "I could have asked what mattered most to them before examining.",
                "action_plan": "Open home visits by asking about the family's concerns.",
            ]),
        ReflectionService.Draft(
            model: ReflectiveModel.atkinsMurphy.id, title: "When a colleague made an error",
            answers: [
                "awareness": "I was uncomfortable raising a prescribing error with a senior colleague.",
                "describe": "A dose that was ten times too high was caught at the pharmacy.",
                "analyse": "My hesitation came from hierarchy, not from doubt about the facts.",
                "evaluate": "The practice's significant event process gave a way to raise it without blame.",
                "learning": "I will raise concerns early and in writing, through the process we have.",
            ]),
    ]

    private static func group(
        name: String, place: String, audience: String, createdAt: Date, facilitator: UUID, organisationID: UUID,
        context: ServiceContext
    ) async throws -> PeerGroup {
        let group = PeerGroup()
        group.id = context.newID()
        group.organisationID = organisationID
        group.name = name
        group.audience = audience
        group.capacity = 10
        group.place = place
        group.agreement = PeerGroupDraft.standardAgreement
        group.agreementVersion = 1
        group.ruleOrdinal = 1
        group.ruleWeekday = 2
        group.ruleStartMinute = 750
        group.ruleMinutes = 60
        group.createdBy = facilitator
        group.joining = .open
        group.createdAt = createdAt
        try await group.create(on: context.database)
        try await member(facilitator, of: group, joined: createdAt, left: nil, kind: .facilitator, context: context)
        return group
    }

    private static func member(
        _ personID: UUID, of group: PeerGroup, joined: Date, left: Date?, kind: PeerGroupMember.Kind = .member,
        context: ServiceContext
    ) async throws {
        let member = PeerGroupMember()
        member.id = context.newID()
        member.groupID = try group.requireID()
        member.personID = personID
        member.kind = kind
        member.agreementVersion = 1
        member.acceptedAt = joined
        member.joinedAt = joined
        member.leftAt = left
        try await member.create(on: context.database)
    }

    private static func meeting(
        of group: PeerGroup, on date: CalendarDay, status: PeerMeeting.Status, attended: [UUID], presenter: UUID?,
        themes: [DiscussionTheme], context: ServiceContext, coming: [UUID] = []
    ) async throws {
        let zone = context.configuration.timeZone
        let meeting = PeerMeeting()
        meeting.id = context.newID()
        meeting.groupID = try group.requireID()
        meeting.day = date.description
        meeting.startsAt = group.rule.start(on: date, in: zone) ?? context.now
        meeting.minutes = group.rule.minutes
        meeting.status = status
        meeting.taken = attended.count + coming.count
        meeting.themes = DiscussionTheme.allCases.filter(themes.contains).map(\.rawValue).joined(separator: ",")
        meeting.version = 1
        if status == .held, !themes.isEmpty {
            let words = themes.map { $0.title.lowercased() }.joined(separator: " and ")
            try meeting.seal(
                "The group talked through a situation involving \(words); the presenter's learning points were "
                    + "shared and two members described similar experiences.", into: \.$record, with: context.cipher)
        }
        try await meeting.create(on: context.database)
        for (personID, status) in attended.map({ ($0, MeetingPlace.Status.attended) })
            + coming.map({ ($0, MeetingPlace.Status.coming) })
        {
            let place = MeetingPlace()
            place.id = context.newID()
            place.meetingID = try meeting.requireID()
            place.personID = personID
            place.status = status
            place.askedAt = meeting.startsAt.addingTimeInterval(-86_400 * 7)
            place.presenter = personID == presenter
            try await place.create(on: context.database)
        }
    }

    /// The start of the `offset`th month after September 2015, in the organisation's zone.
    private static func monthStart(_ offset: Int, _ zone: TimeZone) -> Date {
        day(2015 + (8 + offset) / 12, (8 + offset) % 12 + 1, 1, zone)
    }

    private static func day(_ year: Int, _ month: Int, _ day: Int, _ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date()
    }
}
