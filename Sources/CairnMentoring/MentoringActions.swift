import CairnAccounts
import CairnCore
import CairnPlatform

/// What programme leads, mentors, mentees and supervisors do in mentoring, each with its rule. A pair's sessions,
/// private record and named feedback are for its mentor and mentee only: no supervisor, programme lead or
/// administrator reaches them through a rule here.
extension Action {
    /// Programmes, their mentors and mentees, matching runs and the programme dashboard (aggregates only): the
    /// organisation's programme leads. Never a session record or a named feedback answer.
    package static let runMentoringProgrammes = Action("run_mentoring_programmes", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.programmeLead) else { return .deny }
        return programmeHere(resource)
    }
    /// A clinician asks to join a programme of their organisation that takes applications. Those who run
    /// programmes do not enrol themselves in them.
    package static let applyForMentoring = Action("apply_for_mentoring", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.clinician) else { return .deny }
        if resource == .none { return .allow }
        guard !actor.roles.contains(.programmeLead), let programme = resource.standing(Policy.ProgrammeStanding.self)
        else { return .deny }
        return programme.isSameOrganisation && programme.isOpenForApplications ? .allow : .deny
    }
    /// A mentee of a stable-matching programme, still waiting for a match, says which of its mentors they would
    /// like.
    package static let chooseMentors = Action("choose_mentors", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.clinician) else { return .deny }
        if resource == .none { return .allow }
        guard let programme = resource.standing(Policy.ProgrammeStanding.self) else { return .deny }
        return programme.isSameOrganisation && programme.isWaitingForAStableMatch ? .allow : .deny
    }
    /// `/mentoring/my`: a mentor's or a mentee's own pairs and sessions.
    package static let viewOwnMentoring = Action("view_own_mentoring", rule: holding(.mentor, .clinician))
    /// A session of a pair, its private record and feedback, a decline: only the pair's mentor and mentee.
    package static let workInMentoringPair = Action("work_in_mentoring_pair", decidedOnARecord: true) {
        actor, resource in
        if resource == .none {
            return actor.roles.contains(.mentor) || actor.roles.contains(.clinician) ? .allow : .deny
        }
        guard let relation = resource.standing(Policy.PairRelationship.self) else { return .deny }
        let asMentor = relation.isTheMentor && actor.roles.contains(.mentor)
        let asMentee = relation.isTheMentee && actor.roles.contains(.clinician)
        return asMentor || asMentee ? .allow : .deny
    }
    /// A supervisor sees which of their trainees chose to tell them they have a mentor; nothing else of mentoring.
    package static let viewSharedMentoring = Action("view_shared_mentoring", rule: holding(.supervisor))
    /// A private calendar feed: the secret token in its address is the credential.
    package static let readCalendarFeed = Action("read_calendar_feed", for: .anyone)

    package static let mentoringActions: [Action] = [
        .runMentoringProgrammes, .applyForMentoring, .chooseMentors, .viewOwnMentoring, .workInMentoringPair,
        .viewSharedMentoring, .readCalendarFeed,
    ]

    private static func programmeHere(_ resource: Policy.Resource) -> Policy.Decision {
        if resource == .none { return .allow }
        return resource.standing(Policy.ProgrammeStanding.self)?.isSameOrganisation == true ? .allow : .deny
    }
}

extension Policy {
    /// How an actor stands to one mentoring pair: only its mentor and its mentee are inside it. Nothing else
    /// (supervisor, programme lead, administrator) opens a pair's sessions, records or named feedback.
    package struct PairRelationship: PolicyStanding {
        package var isTheMentor: Bool
        package var isTheMentee: Bool
    }

    /// How an actor stands to a mentoring programme.
    package struct ProgrammeStanding: PolicyStanding {
        /// The programme belongs to the actor's organisation.
        package var isSameOrganisation: Bool
        /// It takes applications now.
        package var isOpenForApplications = false
        /// It matches by preferences, and the actor is one of its mentees still without a mentor.
        package var isWaitingForAStableMatch = false
    }
}

extension Policy.Resource {
    /// A mentoring programme: whether it belongs to the actor's organisation.
    package static func mentoringProgramme(isSameOrganisation: Bool) -> Self {
        .record(Policy.ProgrammeStanding(isSameOrganisation: isSameOrganisation))
    }
    /// A mentoring pair, described by the actor's place in it.
    package static func mentoringPair(_ relation: Policy.PairRelationship) -> Self { .record(relation) }
}
