import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Events in calendars (RFC 5545 through `ICalendar`), and in a person's CPD record.
package enum EventCalendar {
    /// One calendar entry per session. The video address is written only for someone with a place.
    static func entries(
        for event: LearningEvent, sessions: [LearningEventSession], withLink: Bool, stamp: Date
    ) -> [ICalendar.Event] {
        sessions.compactMap { session in
            guard let id = session.id else { return nil }
            var location = event.place ?? ""
            if withLink, let link = event.videoLink { location = location.isEmpty ? link : location + " / " + link }
            return ICalendar.Event(
                uid: "\(id.uuidString.lowercased())@cairn-events", sequence: event.version, start: session.startsAt,
                minutes: session.minutes, summary: event.title,
                description: "\(event.format.title). " + SafeMarkdown.plainText(event.description).prefix(500),
                location: location.isEmpty ? nil : location, cancelled: event.status == .cancelled, stamp: stamp)
        }
    }

    /// Sessions from a month ago on of events at which the person has a place.
    package static func events(for personID: UUID, state: CairnState, on database: any Database) async throws
        -> [ICalendar.Event]
    {
        let now = state.collaborators.now()
        let bookings = try await EventBooking.query(on: database).filter(\.$personID == personID)
            .filter(\.$status == .booked).join(LearningEvent.self, on: \EventBooking.$eventID == \LearningEvent.$id)
            .filter(LearningEvent.self, \.$endsAt >= now.addingTimeInterval(-30 * 86_400))
            .sort(LearningEvent.self, \.$startsAt).limit(200).all()
        let events = try bookings.map { try $0.joined(LearningEvent.self) }
        guard !events.isEmpty else { return [] }
        let sessions = try await LearningEventSession.query(on: database).filter(\.$eventID ~~ events.compactMap(\.id))
            .sort(\.$startsAt).all()
        return events.flatMap { event in
            entries(for: event, sessions: sessions.filter { $0.eventID == event.id }, withLink: true, stamp: now)
        }
    }

    /// `/events/:id/invite.ics`: the event's sessions as an invitation (a cancellation once it is called off); the
    /// video address only for those with a place and the organisers.
    @Sendable static func invite(request: Request) async throws -> Response {
        let view = try request.authorisedRecord(EventAccess.View.self)
        let service = EventService(context: ServiceContext(request))
        let sessions = try await service.sessions(of: view.event)
        let booked = try await service.myBooking(at: view.event).booking?.status == .booked
        let text = ICalendar.calendar(
            entries(
                for: view.event, sessions: sessions,
                withLink: booked
                    || Policy.decide(request.actor, .runLearningEvents, on: .record(view.standing)) == .allow,
                stamp: request.application.cairn.collaborators.now()),
            method: view.event.status == .cancelled ? "CANCEL" : "REQUEST")
        return .file(text, type: Response.calendar, filename: "event.ics")
    }

    /// Events the person attended, with their CPD hours (facts, counted in SQL).
    static func portfolioFacts(for personID: UUID, context: ServiceContext) async throws -> [PortfolioFact] {
        let bookings = try await EventBooking.query(on: context.database).filter(\.$personID == personID)
            .filter(\.$attended == true).join(LearningEvent.self, on: \EventBooking.$eventID == \LearningEvent.$id)
            .sort(LearningEvent.self, \.$startsAt, .descending).limit(200).all()
        return try bookings.map { booking in
            let event = try booking.joined(LearningEvent.self)
            return PortfolioFact(
                source: "learning_event", reference: try event.requireID().uuidString.lowercased(),
                day: context.state.workingDays.day(of: event.startsAt).description,
                title: "Learning event: \(event.title)", minutes: event.cpdMinutes, kind: .cpd)
        }
    }
}

/// The day-before reminder for each session, sent once to everyone with a place.
struct EventReminders {
    let context: ServiceContext

    /// Sessions starting in the next 24 hours (within 36 hours at most, so a late round still reminds), not yet
    /// reminded, of published events; 200 a round.
    func sendDue() async throws {
        let now = context.now
        let sessions = try await LearningEventSession.query(on: context.database).filter(\.$remindedAt == nil)
            .filter(\.$startsAt > now).filter(\.$startsAt <= now.addingTimeInterval(24 * 3_600))
            .join(LearningEvent.self, on: \LearningEventSession.$eventID == \LearningEvent.$id)
            .filter(LearningEvent.self, \.$status == .published).sort(\.$startsAt).limit(200).all()
        for session in sessions {
            let event = try session.joined(LearningEvent.self)
            try await context.transaction { context in
                let sql = context.database as! any SQLDatabase
                let claimed = try await sql.update(LearningEventSession.schema).set("reminded_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(session.requireID())).where("reminded_at", .is, SQLLiteral.null)
                    .returning("id").all()
                guard !claimed.isEmpty else { return }
                let personIDs = try await EventBooking.query(on: context.database)
                    .filter(\.$eventID == event.requireID()).filter(\.$status == .booked).all(\.$personID)
                let people = try await Person.query(on: context.database).filter(\.$id ~~ personIDs).all()
                let time = DisplayTime.format(session.startsAt, in: context.configuration.timeZone)
                let whereText = [event.place, event.videoLink].compactMap { $0 }.joined(separator: " / ")
                for person in people {
                    try await Outbox.enqueue(
                        to: person.email, subject: "Tomorrow: \(event.title)",
                        body: """
                            A reminder that \(event.title) is on \(time), \(whereText).

                            If you can no longer come, please give up your place so someone on the waiting list can:
                            \(context.link(.event(event.id)))
                            """, now: context.now, on: context.database)
                }
            }
        }
    }
}
