import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation

/// What clinicians, educators, case managers and the unit lead do in the Professional Support Unit, each with the
/// rule that decides it. Case content is for the case's clinician and its assigned case managers only: no role
/// reaches it through a rule here unless it is inside that relationship (or has broken the glass, with a reason).
extension Action {
    // Clinicians, about their own support.
    package static let requestSupport = Action("request_support", rule: holding(.clinician))
    package static let viewOwnSupport = Action("view_own_support", decidedOnARecord: true, rule: ownSupport)
    /// Messages, withdrawal and feedback on one's own case (object level: only the clinician of the case).
    package static let actOnOwnSupport = Action("act_on_own_support", decidedOnARecord: true, rule: ownSupport)

    /// An educator suggests that a clinician ask for support; they learn only that it was sent and received.
    package static let suggestSupport = Action("suggest_support", rule: holding(.supervisor))

    /// Bringing a unit's earlier records (ended requests, for the figures) into Cairn: the unit lead.
    package static let importPastRecords = Action("import_past_records", rule: holding(.unitLead))

    // Case managers and the unit lead.
    package static let viewTriageQueue = Action("view_triage_queue", rule: holding(.caseManager, .unitLead))
    /// `/cases`: one's own open cases (and, for the unit lead, the team's load as counts).
    package static let viewCaseload = Action("view_caseload", rule: holding(.caseManager, .unitLead))
    /// Only a case manager takes, and only what nobody holds; joining a held case is breaking the glass.
    package static let takeReferral = Action("take_referral", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.caseManager) else { return .deny }
        return unheldCaseHere(resource)
    }
    /// Reading a request nobody holds yet, to triage it: the unit's case managers and unit lead (object level:
    /// open, unassigned, same organisation). Audited; contact details come only with taking it.
    package static let readRequestForTriage = Action("read_request_for_triage", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead) else { return .deny }
        return unheldCaseHere(resource)
    }
    /// The unit lead gives an open case to one of the organisation's case managers, never to themself.
    package static let allocateReferral = Action("allocate_referral", rule: allocation)
    /// The unit lead moves an open case from one case manager to another (the same rule: a case of the
    /// organisation, to an active case manager of it, never to themself). Nothing of the case's content is read.
    package static let reallocateCase = Action("reallocate_case", rule: allocation)
    /// Reading and changing a case: only its assigned case managers, in its organisation (or one who broke the
    /// glass). Nobody else, whatever their role: supervisors, administrators and programme leads never reach it.
    package static let workOnCase = Action("work_on_case", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead) else { return .deny }
        if resource == .none { return .allow }
        guard let relation = resource.standing(Policy.CaseRelationship.self), relation.isSameOrganisation else {
            return .deny
        }
        return relation.isAssignedCaseManager || relation.hasOpenBreakGlass ? .allow : .deny
    }
    /// A case manager or the unit lead opens a case not assigned to them, stating a reason; audited and shown to
    /// the case manager. Someone already inside the case has no glass to break.
    package static let openCaseByBreakingGlass = Action("open_case_by_breaking_glass", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.unitLead) || actor.roles.contains(.caseManager) else { return .deny }
        if resource == .none { return .allow }
        guard let relation = resource.standing(Policy.CaseRelationship.self) else { return .deny }
        return relation.isSameOrganisation && !relation.isAssignedCaseManager ? .allow : .deny
    }

    /// The API's case reads: the clinician for their own cases, case managers for those assigned to them.
    package static let listCases = Action("list_cases", rule: caseRead)
    package static let readCase = Action("read_case", decidedOnARecord: true, rule: caseRead)

    /// Aggregate figures only, suppressed below five: the unit lead and programme leads.
    package static let viewTeamFigures = Action("view_team_figures", rule: holding(.unitLead, .programmeLead))

    package static let supportActions: [Action] = [
        .requestSupport, .viewOwnSupport, .actOnOwnSupport, .suggestSupport, .viewTriageQueue, .viewCaseload,
        .takeReferral, .readRequestForTriage, .allocateReferral, .reallocateCase, .workOnCase, .openCaseByBreakingGlass,
        .listCases,
        .readCase, .viewTeamFigures, .importPastRecords,
    ]

    /// The clinician's own case, or a suggestion addressed to them.
    private static let ownSupport: @Sendable (Actor, Policy.Resource) -> Policy.Decision = { actor, resource in
        guard actor.roles.contains(.clinician) else { return .deny }
        switch resource {
        case .none: return .allow
        case .ownedBy(let owner): return owner == actor.personID ? .allow : .deny
        case .record:
            return resource.standing(Policy.CaseRelationship.self)?.isTheClinician == true ? .allow : .deny
        }
    }

    private static let caseRead: @Sendable (Actor, Policy.Resource) -> Policy.Decision = { actor, resource in
        let caseRoles: Set<Role> = [.clinician, .caseManager, .unitLead]
        guard !actor.roles.isDisjoint(with: caseRoles) else { return .deny }
        if resource == .none { return .allow }
        guard let relation = resource.standing(Policy.CaseRelationship.self) else { return .deny }
        let asManager =
            relation.isAssignedCaseManager && relation.isSameOrganisation
            && (actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead))
        let asClinician = relation.isTheClinician && actor.roles.contains(.clinician)
        return asManager || asClinician ? .allow : .deny
    }

    private static let allocation: @Sendable (Actor, Policy.Resource) -> Policy.Decision = { actor, resource in
        guard actor.roles.contains(.unitLead) else { return .deny }
        if resource == .none { return .allow }
        guard let allocation = resource.standing(Policy.CaseAllocation.self) else { return .deny }
        let (relation, assignee) = (allocation.relation, allocation.assignee)
        return relation.isSameOrganisation && assignee.isCaseManagerHere && !assignee.isTheActor ? .allow : .deny
    }

    /// A case of the actor's organisation that nobody holds yet.
    private static func unheldCaseHere(_ resource: Policy.Resource) -> Policy.Decision {
        if resource == .none { return .allow }
        guard let relation = resource.standing(Policy.CaseRelationship.self) else { return .deny }
        return relation.isSameOrganisation && !relation.isAssignedToSomeone ? .allow : .deny
    }
}

extension Policy {
    /// How an actor stands to one case: the only thing, with their roles, that opens it.
    package struct CaseRelationship: PolicyStanding {
        package var isAssignedCaseManager: Bool
        package var isTheClinician: Bool
        package var isSameOrganisation: Bool
        /// The actor opened this case by stating a reason within the last hour (unit leads and case managers).
        package var hasOpenBreakGlass = false
        /// Some case manager already holds the case: nobody else may take it, only ask with a reason.
        package var isAssignedToSomeone = false
    }

    /// The person a case would be given to: only a case manager of the case's organisation, and never the one
    /// deciding (a unit lead who wants to read a case breaks the glass, with a reason, instead).
    package struct Assignee: Sendable, Hashable {
        package var isCaseManagerHere: Bool
        package var isTheActor: Bool
    }

    /// Giving a case to someone: the case, and how the person it would be given to stands.
    package struct CaseAllocation: PolicyStanding {
        package var relation: CaseRelationship
        package var assignee: Assignee
    }
}

extension Policy.Resource {
    /// A support case, described by the actor's relation to it.
    package static func supportCase(_ relation: Policy.CaseRelationship) -> Self { .record(relation) }
    /// Giving a case to someone.
    package static func caseAllocation(_ relation: Policy.CaseRelationship, _ assignee: Policy.Assignee) -> Self {
        .record(Policy.CaseAllocation(relation: relation, assignee: assignee))
    }
}
