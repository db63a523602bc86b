import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnEvents
@testable import CairnPlatform
@testable import CairnServer

/// Issue #19's events through the pages, on SQLite and PostgreSQL: an organiser creates and publishes an event,
/// clinicians book its places at once (capacity holds, the rest wait), the waiting list moves up when a place frees
/// or capacity grows, attendance gives certificates, feedback is seen only as figures from five, and visitors read
/// only public events.
@Suite("Learning events: booking, the waiting list, attendance, certificates and feedback")
struct EventJourneyTests {
    static func id(_ location: String?) -> String? {
        guard let location, location.hasPrefix("/events/") else { return nil }
        return String(location.dropFirst("/events/".count).prefix(36))
    }

    /// The form of an event, with a session `daysAhead` days from the clock's today.
    static func form(
        _ app: Application, title: String = "Returning to practice", capacity: Int = 2, daysAhead: Int = 7,
        visibility: String = "members", extra: [(String, String)] = []
    ) -> [(String, String)] {
        let day = app.cairn.today.adding(days: daysAhead).description
        let overridden = Set(extra.map(\.0))
        return [
            ("title", title), ("description", "For doctors **returning** after a break."), ("format", "in_person"),
            ("place", "Room 2, the Deanery"), ("capacity", String(capacity)), ("cpdHours", "3"),
            ("visibility", visibility), ("session1Date", day), ("session1Start", "09:30"), ("session1End", "12:30"),
        ].filter { !overridden.contains($0.0) } + extra
    }

    /// Creates and publishes an event as `organiser`; returns its path.
    static func publishedEvent(
        _ app: Application, by organiser: TestBrowser, capacity: Int = 2, daysAhead: Int = 7,
        visibility: String = "members", extra: [(String, String)] = []
    ) async throws -> String {
        try await organiser.get("/events/new")
        let made = try await organiser.post(
            "/events",
            form(app, capacity: capacity, daysAhead: daysAhead, visibility: visibility, extra: extra))
        let id = try #require(Self.id(made.location))
        try await organiser.get("/events/\(id)")
        let event = try #require(try await LearningEvent.find(UUID(uuidString: id), on: app.db))
        let published = try await organiser.post("/events/\(id)/publish", [("version", String(event.version))])
        #expect(published.status == .seeOther)
        return "/events/\(id)"
    }

    @Test func placesNeverExceedCapacityAndTheWaitingListMovesUp() async throws {
        try await withCairn { app in
            let organiserPerson = try await app.makePerson([.facilitator], name: "Priya Organiser")
            let organiser = TestBrowser(app)
            try await organiser.signIn(organiserPerson)

            // Bad input keeps what was typed and says what is wrong; nothing is stored.
            try await organiser.get("/events/new")
            let bad = try await organiser.post(
                "/events",
                Self.form(app).filter { $0.0 != "capacity" && $0.0 != "session1End" }
                    + [("capacity", "lots"), ("session1End", "08:00")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Returning to practice"))
            #expect(bad.body.contains("Enter the number of places"))
            #expect(try await LearningEvent.query(on: app.db).count() == 0)

            let made = try await organiser.post("/events", Self.form(app))
            let id = try #require(Self.id(made.location))
            let path = "/events/\(id)"
            // A draft is the organisers' alone.
            let clinicianPerson = try await app.makePerson([.clinician], name: "Dr Early")
            let early = TestBrowser(app)
            try await early.signIn(clinicianPerson)
            #expect(try await early.get(path).status == .notFound)
            #expect(!(try await early.get("/events").body.contains("Returning to practice")))
            let draftPage = try await organiser.get(path)
            #expect(draftPage.body.contains("Draft: only its organisers see this event."))
            #expect(draftPage.body.contains("<strong>returning</strong>"))
            let event = try #require(try await LearningEvent.find(UUID(uuidString: id), on: app.db))
            #expect(try await organiser.post("\(path)/publish", [("version", "99")]).status == .conflict)
            #expect(
                try await organiser.post("\(path)/publish", [("version", String(event.version))]).status == .seeOther)

            // Six clinicians ask for the two places at once: two book, four wait, in the order they asked.
            var clinicians: [(TestBrowser, TestPerson)] = []
            for index in 0..<6 {
                let person = try await app.makePerson([.clinician], name: "Dr Booker \(index)")
                let browser = TestBrowser(app)
                try await browser.signIn(person)
                try await browser.get(path)
                clinicians.append((browser, person))
            }
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for (browser, _) in clinicians {
                    tasks.addTask {
                        let answer = try await browser.post("\(path)/booking", [])
                        #expect(answer.status == .seeOther)
                    }
                }
                try await tasks.waitForAll()
            }
            let eventID = try #require(UUID(uuidString: id))
            var bookings = try await EventBooking.query(on: app.db).filter(\.$eventID == eventID).all()
            #expect(bookings.filter { $0.status == .booked }.count == 2)
            #expect(bookings.filter { $0.status == .waiting }.count == 4)
            #expect(try await LearningEvent.find(eventID, on: app.db)?.taken == 2)
            // Asking again changes nothing.
            let (first, _) = clinicians[0]
            #expect(try await first.post("\(path)/booking", []).status == .seeOther)
            #expect(try await EventBooking.query(on: app.db).filter(\.$eventID == eventID).count() == 6)

            // One with a place gives it up: the first waiting moves up and is emailed.
            let leaving = try #require(bookings.first { $0.status == .booked })
            let firstWaiting = try #require(
                bookings.filter { $0.status == .waiting }.min {
                    ($0.askedAt, $0.id!.uuidString) < ($1.askedAt, $1.id!.uuidString)
                })
            let (leaver, _) = try #require(clinicians.first { $0.1.id == leaving.personID })
            try await leaver.get(path)
            #expect(try await leaver.post("\(path)/booking/cancel", []).status == .seeOther)
            bookings = try await EventBooking.query(on: app.db).filter(\.$eventID == eventID).all()
            #expect(bookings.first { $0.personID == firstWaiting.personID }?.status == .booked)
            #expect(bookings.filter { $0.status == .booked }.count == 2)
            #expect(try await LearningEvent.find(eventID, on: app.db)?.taken == 2)
            let movedUp = try #require(clinicians.first { $0.1.id == firstWaiting.personID }?.1)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == movedUp.email).all()
                    .contains { $0.subject.contains("is yours") })
            // A waiting person sees their number.
            let stillWaiting = try #require(bookings.first { $0.status == .waiting })
            let (waiter, _) = try #require(clinicians.first { $0.1.id == stillWaiting.personID })
            #expect(try await waiter.get(path).body.contains("on the waiting list"))

            // A larger capacity moves the next one up; a capacity below the places booked is refused.
            let current = try #require(try await LearningEvent.find(eventID, on: app.db))
            try await organiser.get("\(path)/edit")
            let shrink = try await organiser.post(
                "\(path)/edit",
                Self.form(app, capacity: 1) + [("version", String(current.version))])
            #expect(shrink.status == .conflict)
            #expect(shrink.body.contains("2 places are booked"))
            let grow = try await organiser.post(
                "\(path)/edit", Self.form(app, capacity: 3) + [("version", String(current.version))])
            #expect(grow.status == .seeOther)
            bookings = try await EventBooking.query(on: app.db).filter(\.$eventID == eventID).all()
            #expect(bookings.filter { $0.status == .booked }.count == 3)
            #expect(try await LearningEvent.find(eventID, on: app.db)?.taken == 3)
            // A stale version is a 409 that keeps what was typed.
            let stale = try await organiser.post(
                "\(path)/edit", Self.form(app, title: "Renamed", capacity: 3) + [("version", String(current.version))])
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Renamed"))

            // Cancelling asks first, then tells everyone with a place or waiting.
            let confirm = try await organiser.get("\(path)/cancel")
            #expect(confirm.body.contains("5 people with a place or on the waiting list will be emailed"))
            let latest = try #require(try await LearningEvent.find(eventID, on: app.db))
            #expect(
                try await organiser.post("\(path)/cancel", [("version", String(latest.version))]).status == .seeOther)
            let told = try await OutboxMessage.query(on: app.db).all().filter { $0.subject.hasPrefix("Cancelled:") }
            #expect(told.count == 5)
            #expect(try await first.post("\(path)/booking", []).status == .conflict)
        }
    }

    @Test func attendanceGivesCertificatesAndFeedbackIsSeenOnlyFromFive() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let organiserPerson = try await app.makePerson([.programmeLead], name: "Pat Lead")
            let organiser = TestBrowser(app)
            try await organiser.signIn(organiserPerson)
            let path = try await Self.publishedEvent(app, by: organiser, capacity: 10, daysAhead: 2)
            let eventID = try #require(UUID(uuidString: String(path.dropFirst("/events/".count))))
            var people: [(TestBrowser, TestPerson)] = []
            for index in 0..<11 {
                let person = try await app.makePerson([.clinician], name: "Dr Attender \(index)")
                let browser = TestBrowser(app)
                try await browser.signIn(person)
                try await browser.get(path)
                #expect(try await browser.post("\(path)/booking", []).status == .seeOther)
                people.append((browser, person))
            }
            // Before the event, attendance cannot be recorded and nobody has a certificate.
            let before = try await organiser.get("\(path)/attendance")
            #expect(before.body.contains("Attendance can be recorded from the event"))
            #expect(!before.body.contains("Save attendance"))
            #expect(try await people[0].0.get("\(path)/certificate").status == .notFound)

            // The day before: one reminder to each person with a place, once.
            clock.advance(by: 86_400 + 3_600 * 12)
            try await EventsFeature().housekeeping(app, now: clock.now)
            try await EventsFeature().housekeeping(app, now: clock.now)
            let reminders = try await OutboxMessage.query(on: app.db).all().filter { $0.subject.hasPrefix("Tomorrow:") }
            #expect(reminders.count == 10)  // the tenth place; the eleventh waits

            clock.advance(by: 86_400)
            // Sessions lapse over two days: everyone signs in again.
            try await organiser.signIn(organiserPerson)
            for (browser, person) in people { try await browser.signIn(person) }
            // Six attended, one did not.
            let event = try #require(try await LearningEvent.find(eventID, on: app.db))
            let attendancePage = try await organiser.get("\(path)/attendance")
            #expect(attendancePage.body.contains("Dr Attender 6"))
            let attended = people.prefix(9).map { ("attended[]", $0.1.id.uuidString) }
            let saved = try await organiser.post("\(path)/attendance", attended + [("version", String(event.version))])
            #expect(saved.status == .seeOther)
            let absent = people[9].0
            #expect(try await absent.get("\(path)/certificate").status == .notFound)
            #expect(
                try await absent.post("\(path)/feedback", [("rating", "5"), ("usefulness", "5")]).status == .notFound)
            let certificate = try await people[0].0.get("\(path)/certificate")
            #expect(certificate.status == .ok)
            #expect(certificate.body.contains("Dr Attender 0"))
            #expect(certificate.body.contains("Continuing professional development: 3 hours."))

            // Feedback: four answers show nothing; the fifth shows figures; comments only once five wrote one.
            for (index, (browser, _)) in people.prefix(5).enumerated() {
                try await browser.get("\(path)/feedback")
                let given = try await browser.post(
                    "\(path)/feedback",
                    [("rating", String(5 - index % 2)), ("usefulness", "4")]
                        + (index < 4 ? [("comment", "Comment number \(index)")] : []))
                #expect(given.status == .seeOther)
                if index == 3 {
                    let page = try await organiser.get("\(path)/attendance")
                    #expect(page.body.contains("Fewer than 5 responses"))
                    #expect(!page.body.contains("Comment number"))
                }
            }
            // Once only.
            try await people[0].0.get("\(path)/feedback")
            #expect(
                try await people[0].0.post("\(path)/feedback", [("rating", "1"), ("usefulness", "1")]).status
                    == .conflict)
            var page = try await organiser.get("\(path)/attendance")
            #expect(page.body.contains("4.6"))  // 5, 4, 5, 4, 5
            #expect(page.body.contains("100%"))
            #expect(!page.body.contains("Comment number"))
            // Figures move in steps of five answers: three more (all rating 1, with comments) change nothing shown.
            for index in 5..<8 {
                try await people[index].0.get("\(path)/feedback")
                #expect(
                    try await people[index].0.post(
                        "\(path)/feedback",
                        [("rating", "1"), ("usefulness", "2"), ("comment", "Later comment \(index)")]
                    ).status == .seeOther)
                page = try await organiser.get("\(path)/attendance")
                #expect(page.body.contains("4.6"))
                #expect(!page.body.contains("Later comment"))
            }
            // The ninth answers (still four of the second five); the tenth, marked attended late, completes it.
            try await people[8].0.get("\(path)/feedback")
            #expect(
                try await people[8].0.post("\(path)/feedback", [("rating", "1"), ("usefulness", "1")]).status
                    == .seeOther)
            page = try await organiser.get("\(path)/attendance")
            #expect(page.body.contains("4.6"))
            let event2 = try #require(try await LearningEvent.find(eventID, on: app.db))
            let ten = try await organiser.post(
                "\(path)/attendance",
                people.prefix(10).map { ("attended[]", $0.1.id.uuidString) } + [("version", String(event2.version))])
            #expect(ten.status == .seeOther)
            try await people[9].0.get("\(path)/feedback")
            #expect(
                try await people[9].0.post("\(path)/feedback", [("rating", "1"), ("usefulness", "1")]).status
                    == .seeOther)
            page = try await organiser.get("\(path)/attendance")
            #expect(page.body.contains("2.8"))  // (23 + 5) / 10
            #expect(page.body.contains("Comment number 0"))
            #expect(page.body.contains("Later comment 7"))
            // Feedback rows carry no person.
            #expect(try await EventFeedback.query(on: app.db).filter(\.$eventID == eventID).count() == 10)

            // The CPD record and the calendar feed.
            let facts = try await EventCalendar.portfolioFacts(
                for: people[0].1.id, context: ServiceContext(application: app))
            #expect(facts.map(\.minutes) == [180])
            #expect(
                try await EventCalendar.portfolioFacts(for: people[10].1.id, context: ServiceContext(application: app))
                    .isEmpty)
        }
    }

    @Test func attendanceImportChecksEveryLineFirstAndAddsWalkIns() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let organiserPerson = try await app.makePerson([.facilitator])
            let organiser = TestBrowser(app)
            try await organiser.signIn(organiserPerson)
            let path = try await Self.publishedEvent(app, by: organiser, capacity: 5, daysAhead: 1)
            let eventID = try #require(UUID(uuidString: String(path.dropFirst("/events/".count))))
            let booked = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(booked)
            try await browser.get(path)
            #expect(try await browser.post("\(path)/booking", []).status == .seeOther)
            let walkIn = try await app.makePerson([.clinician], name: "Dr Walk In")
            clock.advance(by: 2 * 86_400)
            try await organiser.signIn(organiserPerson)
            try await organiser.get("\(path)/attendance")
            let wrong = try await organiser.postMultipart(
                "\(path)/attendance/import", [],
                file: (
                    "attendance.csv",
                    "email,attended\n\(booked.email),yes\nnobody@example.org,yes\n\(walkIn.email),maybe\n"
                ),
                field: "attendanceFile")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("Line 3: No one with the address nobody@example.org"))
            #expect(wrong.body.contains("Line 4: Write attended as yes or no"))
            #expect(try await EventBooking.query(on: app.db).filter(\.$attended == true).count() == 0)
            let right = try await organiser.postMultipart(
                "\(path)/attendance/import", [],
                file: ("attendance.csv", "Email\n\(booked.email)\n\(walkIn.email.uppercased())\n"),
                field: "attendanceFile")
            #expect(right.status == .ok)
            #expect(right.body.contains("Imported: 2 attended (1 without a place)"))
            let attended = try await EventBooking.query(on: app.db).filter(\.$eventID == eventID)
                .filter(\.$attended == true).all()
            #expect(Set(attended.map(\.personID)) == [booked.id, walkIn.id])
            // The walk-in holds a place now: `taken` counts both, so a place given up later frees exactly one.
            #expect(try await LearningEvent.find(eventID, on: app.db)?.taken == 2)
        }
    }

    @Test func visitorsReadOnlyPublicEventsAndStaffEventsStayWithStaff() async throws {
        try await withCairn { app in
            let organiserPerson = try await app.makePerson([.facilitator])
            let organiser = TestBrowser(app)
            try await organiser.signIn(organiserPerson)
            let members = try await Self.publishedEvent(app, by: organiser)
            let open = try await Self.publishedEvent(
                app, by: organiser, visibility: "public",
                extra: [("format", "hybrid"), ("videoLink", "https://meet.example.org/abc")])
            let staff = try await Self.publishedEvent(app, by: organiser, extra: [("staffOnly[]", "yes")])
            let visitor = TestBrowser(app)
            let publicPage = try await visitor.get(open)
            #expect(publicPage.status == .ok)
            #expect(publicPage.body.contains("Sign in to book a place"))
            #expect(!publicPage.body.contains("meet.example.org"))
            #expect(try await visitor.get(members).status == .seeOther)
            #expect(try await visitor.get(staff).status == .seeOther)
            let list = try await visitor.get("/events")
            #expect(list.status == .ok)
            #expect(list.body.components(separatedBy: "Returning to practice").count == 2)
            // A visitor cannot book: they are sent to sign in and nothing is stored.
            let visitorBooking = try await visitor.post("\(open)/booking", [])
            #expect(visitorBooking.status.code >= 300 && visitorBooking.status.code < 500)
            #expect(visitorBooking.status != .ok)
            #expect(try await EventBooking.query(on: app.db).count() == 0)

            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson([.clinician]))
            #expect(try await clinician.get(staff).status == .notFound)
            #expect(try await clinician.get(members).status == .ok)
            #expect(try await clinician.post("\(staff)/booking", []).status == .notFound)
            let caseManager = TestBrowser(app)
            try await caseManager.signIn(try await app.makePerson([.caseManager]))
            #expect(try await caseManager.get(staff).status == .ok)
            // Booked, the video address shows.
            try await clinician.get(open)
            #expect(try await clinician.post("\(open)/booking", []).status == .seeOther)
            #expect(try await clinician.get(open).body.contains("https://meet.example.org/abc"))
        }
    }
}
