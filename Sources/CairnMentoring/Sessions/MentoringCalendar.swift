import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Calendars: an invitation per session and a private feed per person (RFC 5545 through `ICalendar`).
package enum MentoringCalendar {
    package static func event(
        for session: MentoringSession, otherName: String, programmeName: String, count: Int, stamp: Date
    ) -> ICalendar.Event? {
        guard let start = session.startsAt, let id = session.id else { return nil }
        let mode = SessionTemplate.Mode(rawValue: session.mode)?.title.lowercased() ?? session.mode
        return ICalendar.Event(
            uid: "\(id.uuidString.lowercased())@cairn", sequence: session.sequence, start: start,
            minutes: session.minutes,
            summary: "Mentoring session \(session.number) of \(count) with \(otherName)",
            description: "\(programmeName): \(session.minutes) minutes, \(mode)."
                + (session.videoLink.map { " Join: \($0)" } ?? ""),
            location: session.videoLink, cancelled: session.status == .cancelled, stamp: stamp)
    }

    /// Makes (or replaces) the person's feed address; the token is shown once, only its hash is kept.
    package static func newFeed(for personID: UUID, state: CairnState, on database: any Database) async throws -> String
    {
        let token = Secrets.token()
        try await CalendarFeed.query(on: database).filter(\.$personID == personID).delete()
        let feed = CalendarFeed()
        feed.id = state.collaborators.newID()
        feed.personID = personID
        feed.tokenHash = Secrets.hash(token)
        feed.createdAt = state.collaborators.now()
        try await feed.create(on: database)
        return token
    }

    package static func hasFeed(_ personID: UUID, on database: any Database) async throws -> Bool {
        try await CalendarFeed.query(on: database).filter(\.$personID == personID).first() != nil
    }

    /// The feed's owner's calendar: every feature's events for them (mentoring sessions, peer group meetings, …).
    package static func feed(token: String, state: CairnState, on database: any Database) async throws -> String? {
        guard token.count >= 20, token.count <= 100,
            let feed = try await CalendarFeed.query(on: database).filter(\.$tokenHash == Secrets.hash(token)).first(),
            let person = try await Person.find(feed.personID, on: database), person.status == .active
        else { return nil }
        var events: [ICalendar.Event] = []
        for feature in state.features {
            events += try await feature.calendarEvents(for: feed.personID, state: state, on: database)
        }
        return ICalendar.calendar(events, method: "PUBLISH")
    }

    /// Every session with a time in every pair the person is in, cancelled ones marked so.
    package static func events(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        let (pairs, mentorIDs) = try await MentoringAccess.pairs(
            of: personID, asMentor: true, asMentee: true, on: database)
        var events: [ICalendar.Event] = []
        let pairing = PairLifecycle(database: database, state: state)
        for pair in pairs {
            let names = try await pairing.names(menteeID: pair.menteeID, mentorID: pair.mentorID)
            let other = mentorIDs.contains(pair.mentorID) ? names.mentee.displayName : names.mentor.displayName
            let programme = try await MentoringProgramme.find(pair.programmeID, on: database)
            let sessions = try await MentoringSession.query(on: database).filter(\.$pairID == pair.requireID())
                .sort(\.$number).all()
            events += sessions.compactMap {
                event(
                    for: $0, otherName: other, programmeName: programme?.name ?? "Mentoring", count: sessions.count,
                    stamp: $0.updatedAt)
            }
        }
        return events
    }
}
