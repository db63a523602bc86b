import CairnAccounts
import CairnCore
import CairnPlatform

/// Who runs, sees, books and follows up learning events. An event's organisers (facilitators and programme leads of
/// its organisation) run it; a published event is seen and booked by the people of its organisation, by anyone
/// signed in when it is public, and read by visitors when it is public; "unit staff only" events by staff alone.
/// Certificates and feedback are for those who attended.
extension Action {
    /// Create an event; on one: its organisers.
    package static let runLearningEvents = Action("run_learning_events", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.facilitator) || actor.roles.contains(.programmeLead) else { return .deny }
        if resource == .none { return .allow }
        guard let event = resource.standing(Policy.EventStanding.self) else { return .deny }
        return event.isSameOrganisation && event.isOrganiser ? .allow : .deny
    }

    /// The list of events (each person sees what they may); an event: its organisers, or anyone it is open to once
    /// published. Visitors read public events.
    package static let viewLearningEvents = Action(
        "view_learning_events", decidedOnARecord: true,
        rule: { actor, resource in
            if resource == .none { return .allow }
            guard let event = resource.standing(Policy.EventStanding.self) else { return .deny }
            let organises =
                event.isOrganiser && event.isSameOrganisation
                && (actor.roles.contains(.facilitator) || actor.roles.contains(.programmeLead))
            return organises || event.isOpen(to: actor) ? .allow : .deny
        },
        visitors: { resource in
            guard let event = resource.standing(Policy.EventStanding.self) else { return .deny }
            return event.isPublished && event.isPublic && !event.staffOnly ? .allow : .deny
        })

    /// Book a place or join the waiting list, or give it up: anyone a published event is open to.
    package static let bookLearningEvents = Action("book_learning_events", decidedOnARecord: true) {
        actor, resource in
        if resource == .none { return .allow }
        guard let event = resource.standing(Policy.EventStanding.self) else { return .deny }
        return event.isOpen(to: actor) ? .allow : .deny
    }

    /// A certificate of attendance and the feedback form: those who attended.
    package static let followUpLearningEvents = Action("follow_up_learning_events", decidedOnARecord: true) {
        actor, resource in
        if resource == .none { return .allow }
        guard let event = resource.standing(Policy.EventStanding.self) else { return .deny }
        return event.attended ? .allow : .deny
    }

    package static let eventActions: [Action] = [
        .runLearningEvents, .viewLearningEvents, .bookLearningEvents, .followUpLearningEvents,
    ]
}

extension Policy {
    /// How an actor (or a visitor) stands to a learning event.
    package struct EventStanding: PolicyStanding {
        package var isSameOrganisation: Bool
        package var isOrganiser = false
        package var isPublished = false
        package var isPublic = false
        package var staffOnly = false
        /// The actor's booking is marked attended.
        package var attended = false

        package init(
            isSameOrganisation: Bool, isOrganiser: Bool = false, isPublished: Bool = false, isPublic: Bool = false,
            staffOnly: Bool = false, attended: Bool = false
        ) {
            self.isSameOrganisation = isSameOrganisation
            self.isOrganiser = isOrganiser
            self.isPublished = isPublished
            self.isPublic = isPublic
            self.staffOnly = staffOnly
            self.attended = attended
        }

        /// Published, reachable (public, or of the actor's organisation), and for staff only if the actor is staff.
        func isOpen(to actor: Actor) -> Bool {
            guard isPublished, isPublic || isSameOrganisation else { return false }
            return !staffOnly || (isSameOrganisation && actor.roles.contains(where: \.isStaff))
        }
    }
}
