import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Loads an event with the actor's standing to it (or a visitor's): the gate decides every event route with it.
package enum EventAccess {
    /// An event as a route's gate loads it, with how the actor stands to it (the page shows organiser's tools and the
    /// booking form from the same standing the gate decided with).
    package struct View: Sendable {
        package var event: LearningEvent
        package var standing: Policy.EventStanding
    }

    static func standing(of actor: Actor?, to event: LearningEvent, on database: any Database) async throws
        -> Policy.EventStanding
    {
        var standing = Policy.EventStanding(
            isSameOrganisation: actor?.organisationID == event.organisationID,
            isPublished: event.status != .draft, isPublic: event.visibility == .public, staffOnly: event.staffOnly)
        guard let actor else {
            standing.isSameOrganisation = false
            return standing
        }
        let eventID = try event.requireID()
        standing.isOrganiser =
            try await LearningEventOrganiser.query(on: database).filter(\.$eventID == eventID)
            .filter(\.$personID == actor.personID).first() != nil
        standing.attended =
            try await EventBooking.query(on: database).filter(\.$eventID == eventID)
            .filter(\.$personID == actor.personID).filter(\.$attended == true).first() != nil
        return standing
    }

    package static func loader(parameter: String = "eventID") -> RecordLoader {
        .of(
            View.self, parameter: parameter,
            load: { id, request in
                guard let event = try await LearningEvent.find(id, on: request.db) else { return nil }
                return View(
                    event: event, standing: try await standing(of: request.actor, to: event, on: request.db))
            },
            standing: { view, _, _ in .record(view.standing) },
            describe: { .init(type: .learningEvent, id: $0.event.id?.uuidString ?? "") },
            visitorStanding: { view, _ in .record(view.standing) })
    }
}
