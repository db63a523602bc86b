import CairnAccounts
import CairnCore
import CairnPlatform

/// What facilitators and members do in peer groups, each with its rule. What is said in the room stays in the room:
/// a meeting's record is for that meeting's attendees and the group's facilitators, and a reflection is its
/// author's alone. No supervisor, administrator, programme lead or case manager reaches either through a rule here.
extension Action {
    /// Create a group; on a group or one of its meetings: its own facilitators (of the actor's organisation).
    package static let runPeerGroups = Action("run_peer_groups", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.facilitator) else { return .deny }
        if resource == .none { return .allow }
        if let group = resource.standing(Policy.PeerGroupStanding.self) {
            return group.isSameOrganisation && group.isFacilitator ? .allow : .deny
        }
        if let meeting = resource.standing(Policy.PeerMeetingStanding.self) {
            return meeting.group.isSameOrganisation && meeting.group.isFacilitator ? .allow : .deny
        }
        return .deny
    }

    /// See the organisation's groups, join one by accepting its agreement, leave it; on a meeting: say you will come
    /// or withdraw, as a member who accepted the group's current agreement.
    package static let takePartInPeerGroups = Action("take_part_in_peer_groups", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.clinician) || actor.roles.contains(.facilitator) else { return .deny }
        if resource == .none { return .allow }
        if let group = resource.standing(Policy.PeerGroupStanding.self) {
            return group.isSameOrganisation ? .allow : .deny
        }
        if let meeting = resource.standing(Policy.PeerMeetingStanding.self) {
            return meeting.group.isSameOrganisation && meeting.group.isMember ? .allow : .deny
        }
        return .deny
    }

    /// A meeting's record of the discussion: those who attended it and the group's facilitators.
    package static let readMeetingRecord = Action("read_meeting_record", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.clinician) || actor.roles.contains(.facilitator) else { return .deny }
        if resource == .none { return .allow }
        guard let meeting = resource.standing(Policy.PeerMeetingStanding.self), meeting.group.isSameOrganisation
        else { return .deny }
        let asFacilitator = meeting.group.isFacilitator && actor.roles.contains(.facilitator)
        return meeting.attended || asFacilitator ? .allow : .deny
    }

    /// Write reflections, and read, change and export one's own: the author only.
    package static let writeOwnReflections = Action("write_own_reflections", decidedOnARecord: true) {
        actor, resource in
        let reflective: Set<Role> = [.clinician, .mentor, .supervisor, .facilitator]
        guard !actor.roles.isDisjoint(with: reflective) else { return .deny }
        if resource == .none { return .allow }
        return resource.standing(Policy.ReflectionStanding.self)?.isTheAuthor == true ? .allow : .deny
    }

    /// Add the organisation's own reflective models (templates everyone there may then write with): facilitators,
    /// who run reflective groups, and administrators. A template holds no one's reflection.
    package static let manageReflectionTemplates = Action(
        "manage_reflection_templates", rule: holding(.facilitator, .admin))

    package static let peerGroupActions: [Action] = [
        .runPeerGroups, .takePartInPeerGroups, .readMeetingRecord, .writeOwnReflections, .manageReflectionTemplates,
    ]
}

extension Policy {
    /// How an actor stands to a peer group.
    package struct PeerGroupStanding: PolicyStanding {
        package var isSameOrganisation: Bool
        package var isFacilitator = false
        /// A current member who has accepted the group's current agreement.
        package var isMember = false

        package init(isSameOrganisation: Bool, isFacilitator: Bool = false, isMember: Bool = false) {
            self.isSameOrganisation = isSameOrganisation
            self.isFacilitator = isFacilitator
            self.isMember = isMember
        }
    }

    /// How an actor stands to one meeting: their standing to its group, and whether they attended it.
    package struct PeerMeetingStanding: PolicyStanding {
        package var group: PeerGroupStanding
        package var attended = false

        package init(group: PeerGroupStanding, attended: Bool = false) {
            self.group = group
            self.attended = attended
        }
    }

    /// Whether the actor wrote the reflection.
    package struct ReflectionStanding: PolicyStanding {
        package var isTheAuthor: Bool

        package init(isTheAuthor: Bool) { self.isTheAuthor = isTheAuthor }
    }
}
