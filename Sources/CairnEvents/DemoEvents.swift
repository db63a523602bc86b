import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s year of learning events (issue #19 item 9): 40 events from eight months ago to four months ahead,
/// run by the demo facilitator and programme lead; interdisciplinary workshops, exam and return-to-practice courses,
/// IMG induction to UK practice, and four sessions for the unit's own staff; half public. Past events have bookings,
/// attendance and anonymous feedback (some with fewer than five answers, so the suppression shows); upcoming ones have
/// bookings, and some are full with a waiting list. The demo clinician attended three and is booked on two.
/// Bookings are written as rows (most of these events were booked before the demo's "now", which the booking
/// service rightly refuses), keeping what the service keeps: `taken` is the number booked and never passes capacity.
enum DemoEvents {
    static let facilitatorEmail = "priya.shah@demo.cairn.test"
    static let programmeLeadEmail = "morag.campbell@demo.cairn.test"
    static let clinicianEmail = "amira.haddad@demo.cairn.test"

    struct Topic {
        var title: String
        var about: String
        var professions: [Profession]
        var format: EventFormat
        var minutes: Int
        var staffOnly = false
    }

    static let topics: [Topic] = [
        Topic(
            title: "Difficult conversations: breaking bad news",
            about: "A half-day workshop with simulated patients and relatives. You practise **breaking bad news**, "
                + "responding to anger, and ending a conversation well.\n\n- Small groups of four\n- Feedback from "
                + "an experienced facilitator\n- A reflective template for your portfolio",
            professions: [], format: .inPerson, minutes: 210),
        Topic(
            title: "Preparing for the MRCGP Recorded Consultation Assessment",
            about: "For GP trainees in ST2–ST3. We watch and mark consultations together against the RCA's "
                + "criteria, and you leave with a plan for your own recordings.",
            professions: [.doctor], format: .video, minutes: 120),
        Topic(
            title: "Returning to practice after a break",
            about: "For doctors, nurses and dentists coming back after illness, parental leave or a career break. "
                + "What the regulators expect, supervised return, and how to ask for adjustments. See the "
                + "[GMC's guidance](https://www.gmc-uk.org/registration-and-licensing).",
            professions: [.doctor, .nurse, .dentist], format: .hybrid, minutes: 180),
        Topic(
            title: "Resilience and recovery: looking after yourself at work",
            about: "An interactive session on stress, sleep and recovery after difficult shifts, and where to find "
                + "confidential help. Nothing you say is shared with your employer.",
            professions: [], format: .video, minutes: 90),
        Topic(
            title: "Welcome to UK practice: induction for international medical graduates",
            about: "Two mornings for doctors new to the NHS: the GMC's *Good medical practice*, consent and "
                + "capacity, prescribing in the UK, working with the team, and where to get support.",
            professions: [.doctor], format: .inPerson, minutes: 195),
        Topic(
            title: "Human factors and learning from incidents",
            about: "A multidisciplinary workshop on why errors happen, how to talk about them, and how teams learn "
                + "from significant events without blame.",
            professions: [.doctor, .nurse, .pharmacist, .alliedHealthProfessional], format: .inPerson, minutes: 180),
        Topic(
            title: "Consultation skills for dentists",
            about: "Shared decision-making, consent and handling complaints in general dental practice.",
            professions: [.dentist], format: .hybrid, minutes: 150),
        Topic(
            title: "Supervising medical support workers",
            about: "For supervisors and senior nurses: the MSW role, what to delegate, and the induction and "
                + "GMC-registration pathway.",
            professions: [.doctor, .nurse], format: .video, minutes: 90),
        Topic(
            title: "Case managers' forum: working with risk",
            about: "For the unit's own staff: a case discussion on risk, safeguarding and when to escalate.",
            professions: [], format: .inPerson, minutes: 120, staffOnly: true),
        Topic(
            title: "Mentoring skills refresher",
            about: "For trained mentors: active listening, goal setting and ending a mentoring relationship well.",
            professions: [], format: .video, minutes: 120),
    ]

    static let comments = [
        "Practical and well paced.", "The small group work was the most useful part.",
        "I would have liked more time for questions.", "Good to hear I am not the only one.",
        "The handout will help with my appraisal.", "Excellent facilitator.", "Too much content for the time.",
        "I will use the framework in clinic next week.",
    ]

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation,
            let facilitator = try await Accounts.person(email: facilitatorEmail, on: app.db),
            let lead = try await Accounts.person(email: programmeLeadEmail, on: app.db)
        else { return [] }
        let clinician = try await Accounts.person(email: clinicianEmail, on: app.db)
        let pool = try await Person.query(on: app.db).sort(\.$emailNormalised).limit(800).all().compactMap(\.id)
        guard pool.count > 40 else { return [] }
        let zone = app.cairn.configuration.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let now = app.cairn.collaborators.now()
        let today = app.cairn.today
        let cipher = app.cairn.cipher
        var totals = (events: 0, bookings: 0, waiting: 0, attended: 0, feedback: 0)
        for index in 0..<40 {
            let topic = topics[index % topics.count]
            let day = today.adding(days: -240 + index * 9)
            guard
                let start = calendar.date(
                    from: DateComponents(
                        year: day.year, month: day.month, day: day.day, hour: index % 3 == 0 ? 13 : 9,
                        minute: 30))
            else { continue }
            let twoDays = topic.minutes > 180
            let capacity = [12, 16, 20, 24, 30][index % 5]
            let past = start < now
            let counted = try await app.db.transaction { database -> (Int, Int, Int, Int) in
                var random = SplitMix64(seed: 2019 + UInt64(index))
                var counts = (booked: 0, waiting: 0, attended: 0, feedback: 0)
                let event = LearningEvent()
                event.id = UUID()
                let eventID = event.id!
                event.organisationID = organisation.id
                event.title = topic.title
                event.description = topic.about
                event.professionCodes = topic.professions.map(\.rawValue).joined(separator: ",")
                event.gradeCodes = ""
                event.staffOnly = topic.staffOnly
                event.visibility = !topic.staffOnly && index % 2 == 0 ? .public : .members
                event.format = topic.format
                event.place = topic.format.needsPlace ? "Seminar room 2, Postgraduate Centre, Edinburgh" : nil
                event.videoLink = topic.format.needsLink ? "https://meet.example.org/cairn-event-\(index + 1)" : nil
                event.capacity = capacity
                event.cpdMinutes = (topic.minutes / 15) * 15 * (twoDays ? 2 : 1)
                event.status = index == 37 ? .cancelled : .published
                event.bookingOpensAt = start.addingTimeInterval(-45 * 86_400)
                event.bookingClosesAt = start
                event.startsAt = start
                let sessionMinutes = twoDays ? topic.minutes : topic.minutes
                let secondStart = start.addingTimeInterval(7 * 86_400)
                event.endsAt = (twoDays ? secondStart : start).addingTimeInterval(Double(sessionMinutes) * 60)
                event.createdBy = try (index % 2 == 0 ? facilitator : lead).requireID()
                event.createdAt = event.bookingOpensAt
                event.version = 2
                // Full (with a waiting list) for every fourth upcoming event; otherwise most places taken.
                let full = !past && index % 4 == 1
                let booked =
                    event.status == .cancelled
                    ? 0 : full ? capacity : Int.random(in: capacity / 2...capacity, using: &random)
                let waiting = full ? Int.random(in: 3...6, using: &random) : 0
                event.taken = booked
                try await event.create(on: database)
                for session in [start] + (twoDays ? [secondStart] : []) {
                    let row = LearningEventSession()
                    row.id = UUID()
                    row.eventID = eventID
                    row.startsAt = session
                    row.endsAt = session.addingTimeInterval(Double(sessionMinutes) * 60)
                    row.remindedAt = session < now ? session.addingTimeInterval(-86_400) : nil
                    try await row.create(on: database)
                }
                for person in [facilitator, lead] where index % 2 == 0 || person.id == facilitator.id {
                    let organiser = LearningEventOrganiser()
                    organiser.id = UUID()
                    organiser.eventID = eventID
                    organiser.personID = try person.requireID()
                    try await organiser.create(on: database)
                }
                // People: a slice of the pool; the demo clinician attended three past events and holds two places.
                var people = Array(pool.shuffled(using: &random).prefix(booked + waiting))
                if let clinicianID = clinician?.id, [5, 14, 23, 30, 34].contains(index), booked > 0 {
                    people.removeAll { $0 == clinicianID }
                    people.insert(clinicianID, at: 0)
                }
                var answered = 0
                for (position, personID) in people.enumerated() {
                    let booking = EventBooking()
                    booking.id = UUID()
                    booking.eventID = eventID
                    booking.personID = personID
                    booking.status = position < booked ? .booked : .waiting
                    booking.askedAt = event.bookingOpensAt.addingTimeInterval(Double(position) * 3_700)
                    booking.attended =
                        past && position < booked && (position == 0 || Int.random(in: 0..<10, using: &random) < 8)
                    // Feedback from about half of those who came; one event in five gets fewer than five answers.
                    let answers =
                        booking.attended && (index % 5 == 2 ? answered < 3 : Int.random(in: 0..<2, using: &random) == 0)
                    booking.feedbackGiven = answers
                    try await booking.create(on: database)
                    counts.booked += booking.status == .booked ? 1 : 0
                    counts.waiting += booking.status == .waiting ? 1 : 0
                    counts.attended += booking.attended ? 1 : 0
                    if answers {
                        answered += 1
                        let feedback = EventFeedback()
                        feedback.id = UUID()
                        feedback.eventID = eventID
                        feedback.batch = (answered - 1) / EventFeedbackSummary.threshold
                        feedback.rating = [3, 4, 4, 5, 5][Int.random(in: 0..<5, using: &random)]
                        feedback.usefulness = [2, 3, 4, 4, 5][Int.random(in: 0..<5, using: &random)]
                        let comment =
                            Int.random(in: 0..<3, using: &random) == 0
                            ? nil : comments[Int.random(in: 0..<comments.count, using: &random)]
                        try feedback.seal(comment, into: \.$comment, with: cipher)
                        try await feedback.create(on: database)
                        counts.feedback += 1
                    }
                }
                return (counts.booked, counts.waiting, counts.attended, counts.feedback)
            }
            totals.events += 1
            totals.bookings += counted.0
            totals.waiting += counted.1
            totals.attended += counted.2
            totals.feedback += counted.3
        }
        return [
            "Learning events: \(totals.events) from eight months ago to four months ahead (\(totals.bookings) places "
                + "booked, \(totals.waiting) waiting, \(totals.attended) attended, \(totals.feedback) feedback "
                + "answers); organisers Priya Shah and Dr Morag Campbell; the demo clinician has certificates "
                + "(/events)."
        ]
    }
}
