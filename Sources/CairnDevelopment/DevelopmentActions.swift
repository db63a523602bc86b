import CairnAccounts
import CairnCore
import CairnPlatform

/// Who does what in practice and personal development planning (issue #18), each with its rule. A practice's plan
/// (vision, needs, priorities, developments) is its team's: its members read it, its named facilitator writes it.
/// A personal development plan and its evidence are their owner's alone; the facilitator sees only how many
/// objectives stand behind each development. The responsible officer sees dates and which kinds of evidence are
/// present, never their words, and nothing of support, mentoring or reflections.
extension Action {
    /// Running a practice's plan (team, workshops, rankings, needs, developments, evaluation, challenge log): its
    /// named facilitator; any facilitator may start a practice.
    package static let runPracticeDevelopment = Action("run_practice_development", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.facilitator) else { return .deny }
        if resource == .none { return .allow }
        guard let practice = resource.standing(Policy.PracticeStanding.self) else { return .deny }
        return practice.isSameOrganisation && practice.isFacilitator ? .allow : .deny
    }

    /// Reading a practice's plan: its facilitator, and its members.
    package static let readPracticePlan = Action("read_practice_plan", decidedOnARecord: true) { actor, resource in
        let involved: Set<Role> = [.facilitator, .clinician]
        guard !actor.roles.isDisjoint(with: involved) else { return .deny }
        if resource == .none { return .allow }
        guard let practice = resource.standing(Policy.PracticeStanding.self), practice.isSameOrganisation else {
            return .deny
        }
        let asFacilitator = practice.isFacilitator && actor.roles.contains(.facilitator)
        let asMember = practice.isMember && actor.roles.contains(.clinician)
        return asFacilitator || asMember ? .allow : .deny
    }

    /// One's own development plan, evidence, appraisal and revalidation dates, and their export: a clinician, on
    /// their own records only.
    package static let keepOwnDevelopment = Action("keep_own_development", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.clinician) else { return .deny }
        return resource.isOwned(by: actor) ? .allow : .deny
    }

    /// The appraisal and revalidation overview: dates and completeness, for the responsible officer.
    package static let readAppraisalOverview = Action(
        "read_appraisal_overview", rule: holding(.responsibleOfficer))

    /// Figures across practices: facilitators and programme leads.
    package static let readDevelopmentFigures = Action(
        "read_development_figures", rule: holding(.facilitator, .programmeLead))

    package static let developmentActions: [Action] = [
        .runPracticeDevelopment, .readPracticePlan, .keepOwnDevelopment, .readAppraisalOverview,
        .readDevelopmentFigures,
    ]
}

extension Policy {
    /// How an actor stands to a practice (or a workshop or development of it): its facilitator, in its team, or
    /// neither.
    package struct PracticeStanding: PolicyStanding {
        package var isSameOrganisation: Bool
        package var isFacilitator = false
        package var isMember = false

        package init(isSameOrganisation: Bool, isFacilitator: Bool = false, isMember: Bool = false) {
            self.isSameOrganisation = isSameOrganisation
            self.isFacilitator = isFacilitator
            self.isMember = isMember
        }
    }
}
