import CairnCore
import Foundation

/// The one place that decides whether an actor may do an action on a resource. Deny by default.
///
/// Support is separate from assessment: no role reaches support content through a rule here unless it is inside
/// that support relationship; administrators manage accounts, never support content.
enum Policy {
    enum Decision: Equatable, Sendable {
        case allow
        /// No one is signed in: pages send the person to sign in, the API answers 401.
        case signInRequired
        /// Signed in with a password; the second factor is still owed.
        case secondFactorRequired
        case deny
    }

    /// The record an action touches, when it touches one.
    enum Resource: Sendable, Equatable {
        case none
        /// Something belonging to a person (their sessions, tokens, account).
        case ownedBy(UUID)
        /// A support case, described by the actor's relation to it.
        case supportCase(CaseRelationship)
        /// A mentoring programme: whether it belongs to the actor's organisation.
        case mentoringProgramme(isSameOrganisation: Bool)
        /// A mentoring pair, described by the actor's place in it.
        case mentoringPair(PairRelationship)
        /// Giving a case to someone: the case, and how the person it would be given to stands.
        case caseAllocation(CaseRelationship, Assignee)
    }

    /// The person a case would be given to: only a case manager of the case's organisation, and never the one
    /// deciding (a unit lead who wants to read a case breaks the glass, with a reason, instead).
    struct Assignee: Sendable, Equatable {
        var isCaseManagerHere: Bool
        var isTheActor: Bool
    }

    /// How an actor stands to one mentoring pair: only its mentor and its mentee are inside it. Nothing else
    /// (supervisor, programme lead, administrator) opens a pair's sessions, records or named feedback.
    struct PairRelationship: Sendable, Equatable {
        var isTheMentor: Bool
        var isTheMentee: Bool
    }

    /// How an actor stands to one case: the only thing, with their roles, that opens it.
    struct CaseRelationship: Sendable, Equatable {
        var isAssignedCaseManager: Bool
        var isTheClinician: Bool
        var isSameOrganisation: Bool
        /// The actor opened this case by stating a reason within the last hour (unit leads and case managers).
        var hasOpenBreakGlass = false
        /// Some case manager already holds the case: nobody else may take it, only ask with a reason.
        var isAssignedToSomeone = false
    }

    static func decide(_ actor: Actor?, _ action: Action, on resource: Resource = .none) -> Decision {
        switch action {
        case .viewPublicPage, .checkOperations, .signIn, .register, .recoverAccount, .acceptInvitation,
            .readCalendarFeed:
            return .allow
        case .completeSecondFactor, .signOut:
            return actor == nil ? .signInRequired : .allow
        default:
            break
        }
        guard let actor else { return .signInRequired }
        guard actor.isFullySignedIn else { return .secondFactorRequired }
        switch action {
        case .viewOwnAccount, .manageOwnAccount, .manageOwnTokens, .readOrganisation, .readOwnProfile:
            return owns(actor, resource) ? .allow : .deny
        case .findPeople, .invitePeople, .changeRoles, .changeAccountStatus:
            return actor.roles.contains(.admin) ? .allow : .deny
        case .requestSupport:
            return actor.roles.contains(.clinician) ? .allow : .deny
        case .viewOwnSupport, .actOnOwnSupport:
            guard actor.roles.contains(.clinician) else { return .deny }
            switch resource {
            case .none: return .allow
            case .supportCase(let relation): return relation.isTheClinician ? .allow : .deny
            // An educator's suggestion, addressed to one person.
            case .ownedBy(let owner): return owner == actor.personID ? .allow : .deny
            default: return .deny
            }
        case .suggestSupport:
            return actor.roles.contains(.supervisor) ? .allow : .deny
        case .allocateReferral:
            return allocation(actor, resource)
        case .viewTriageQueue, .viewCaseload:
            return actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead) ? .allow : .deny
        case .readRequestForTriage:
            guard actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead) else { return .deny }
            switch resource {
            case .none: return .allow
            case .supportCase(let relation):
                return relation.isSameOrganisation && !relation.isAssignedToSomeone ? .allow : .deny
            default: return .deny
            }
        case .takeReferral:
            // Only a case manager takes, and only what nobody holds; joining a held case is breaking the glass.
            guard actor.roles.contains(.caseManager) else { return .deny }
            switch resource {
            case .none: return .allow
            case .supportCase(let relation):
                return relation.isSameOrganisation && !relation.isAssignedToSomeone ? .allow : .deny
            default: return .deny
            }
        case .workOnCase:
            return caseWork(actor, resource)
        case .listCases, .readCase:
            let caseRoles: Set<Role> = [.clinician, .caseManager, .unitLead]
            guard !actor.roles.isDisjoint(with: caseRoles) else { return .deny }
            guard case .supportCase(let relation) = resource else { return resource == .none ? .allow : .deny }
            let asManager =
                relation.isAssignedCaseManager && relation.isSameOrganisation
                && (actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead))
            let asClinician = relation.isTheClinician && actor.roles.contains(.clinician)
            return asManager || asClinician ? .allow : .deny
        case .viewTeamFigures:
            return actor.roles.contains(.unitLead) || actor.roles.contains(.programmeLead) ? .allow : .deny
        case .runMentoringProgrammes:
            guard actor.roles.contains(.programmeLead) else { return .deny }
            switch resource {
            case .none: return .allow
            case .mentoringProgramme(let isSameOrganisation): return isSameOrganisation ? .allow : .deny
            default: return .deny
            }
        case .applyForMentoring, .chooseMentors:
            guard actor.roles.contains(.clinician) else { return .deny }
            switch resource {
            case .none: return .allow
            case .mentoringProgramme(let isSameOrganisation): return isSameOrganisation ? .allow : .deny
            default: return .deny
            }
        case .viewSharedMentoring:
            return actor.roles.contains(.supervisor) ? .allow : .deny
        case .viewOwnMentoring:
            return actor.roles.contains(.mentor) || actor.roles.contains(.clinician) ? .allow : .deny
        case .workInMentoringPair:
            switch resource {
            case .none:
                return actor.roles.contains(.mentor) || actor.roles.contains(.clinician) ? .allow : .deny
            case .mentoringPair(let relation):
                let asMentor = relation.isTheMentor && actor.roles.contains(.mentor)
                let asMentee = relation.isTheMentee && actor.roles.contains(.clinician)
                return asMentor || asMentee ? .allow : .deny
            default: return .deny
            }
        case .openCaseByBreakingGlass:
            guard actor.roles.contains(.unitLead) || actor.roles.contains(.caseManager) else { return .deny }
            switch resource {
            case .none: return .allow
            case .supportCase(let relation):
                // Someone already inside the case has no glass to break.
                return relation.isSameOrganisation && !relation.isAssignedCaseManager ? .allow : .deny
            default: return .deny
            }
        case .viewPublicPage, .checkOperations, .signIn, .register, .recoverAccount, .acceptInvitation,
            .completeSecondFactor, .signOut, .readCalendarFeed:
            return .allow
        }
    }

    /// Case work is for the case managers assigned to the case, in its organisation. Nobody else, whatever
    /// their role: supervisors, administrators and programme leads never reach it.
    private static func caseWork(_ actor: Actor, _ resource: Resource) -> Decision {
        guard actor.roles.contains(.caseManager) || actor.roles.contains(.unitLead) else { return .deny }
        switch resource {
        case .none: return .allow
        case .supportCase(let relation):
            guard relation.isSameOrganisation else { return .deny }
            if relation.isAssignedCaseManager { return .allow }
            return relation.hasOpenBreakGlass ? .allow : .deny
        case .ownedBy, .mentoringProgramme, .mentoringPair, .caseAllocation: return .deny
        }
    }

    /// The unit lead gives an open case to one of the organisation's case managers, never to themself.
    private static func allocation(_ actor: Actor, _ resource: Resource) -> Decision {
        guard actor.roles.contains(.unitLead) else { return .deny }
        switch resource {
        case .none: return .allow
        case .caseAllocation(let relation, let assignee):
            return relation.isSameOrganisation && assignee.isCaseManagerHere && !assignee.isTheActor ? .allow : .deny
        default: return .deny
        }
    }

    private static func owns(_ actor: Actor, _ resource: Resource) -> Bool {
        switch resource {
        case .none: true
        case .ownedBy(let owner): owner == actor.personID
        case .supportCase, .mentoringProgramme, .mentoringPair, .caseAllocation: false
        }
    }
}
