import CairnAccounts
import CairnCore
import CairnPlatform

/// What department leads, supervisors and new starters do in inductions, and who reads a registration pathway,
/// each with its rule. The department lead is the organisation's programme lead. A pathway (exam dates, attempts,
/// results) is its owner's: a supervisor of theirs reads it only when the owner has chosen to share it, and no
/// lead, administrator or case manager reaches it through any rule here.
extension Action {
    /// Templates, starting inductions, and every induction of the organisation: its programme leads.
    package static let runInductions = Action("run_inductions", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.programmeLead) else { return .deny }
        if resource == .none { return .allow }
        if let template = resource.standing(Policy.InductionTemplateStanding.self) {
            return template.isSameOrganisation ? .allow : .deny
        }
        if let description = resource.standing(Policy.RoleDescriptionStanding.self) {
            return description.isSameOrganisation ? .allow : .deny
        }
        return .deny
    }

    /// The organisation's role descriptions: its whole team reads them (role clarity is for the team too).
    package static let readRoleDescriptions = Action("read_role_descriptions", decidedOnARecord: true) {
        _, resource in
        if resource == .none { return .allow }
        return resource.standing(Policy.RoleDescriptionStanding.self)?.isSameOrganisation == true ? .allow : .deny
    }

    /// Acknowledging the role description that applies to an induction: its new starter.
    package static let acknowledgeRoleDescription = Action("acknowledge_role_description", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.clinician) else { return .deny }
        if resource == .none { return .allow }
        guard let induction = resource.standing(Policy.InductionStanding.self) else { return .deny }
        return induction.isSameOrganisation && induction.isInductee ? .allow : .deny
    }

    /// The inductions list (one's own, those one supervises, or the organisation's for a lead); on an induction:
    /// the new starter, their named supervisor, and the organisation's programme leads.
    package static let followInduction = Action("follow_induction", decidedOnARecord: true) { actor, resource in
        let involved: Set<Role> = [.clinician, .supervisor, .programmeLead]
        guard !actor.roles.isDisjoint(with: involved) else { return .deny }
        if resource == .none { return .allow }
        // On an item (its evidence file), as on its induction.
        let standing =
            resource.standing(Policy.InductionStanding.self)
            ?? resource.standing(Policy.InductionItemStanding.self)?.induction
        guard let induction = standing, induction.isSameOrganisation else { return .deny }
        return induction.mayFollow(actor) ? .allow : .deny
    }

    /// Marking an item done, with evidence: whoever the item belongs to (the new starter, the named supervisor, or
    /// for the department's items its programme leads).
    package static let completeInductionItem = Action("complete_induction_item", decidedOnARecord: true) {
        actor, resource in
        let involved: Set<Role> = [.clinician, .supervisor, .programmeLead]
        guard !actor.roles.isDisjoint(with: involved) else { return .deny }
        if resource == .none { return .allow }
        guard let item = resource.standing(Policy.InductionItemStanding.self), item.induction.isSameOrganisation
        else { return .deny }
        switch item.owner {
        case .inductee: return item.induction.isInductee && actor.roles.contains(.clinician) ? .allow : .deny
        case .supervisor: return item.induction.isSupervisor && actor.roles.contains(.supervisor) ? .allow : .deny
        case .department: return actor.roles.contains(.programmeLead) ? .allow : .deny
        }
    }

    /// Signing off an item that needs it: the induction's named supervisor only.
    package static let signOffInductionItem = Action("sign_off_induction_item", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.supervisor) else { return .deny }
        if resource == .none { return .allow }
        guard let item = resource.standing(Policy.InductionItemStanding.self), item.induction.isSameOrganisation,
            item.needsSignOff
        else { return .deny }
        return item.induction.isSupervisor && actor.roles.contains(.supervisor) ? .allow : .deny
    }

    /// One's own road to registration: the person themselves (a clinician: an MSW or IMG doctor).
    package static let keepOwnRegistrationPathway = Action("keep_own_registration_pathway") { actor, _ in
        actor.roles.contains(.clinician) ? .allow : .deny
    }

    /// Someone else's pathway: a supervisor of theirs, and only when they chose to share it.
    package static let readSharedPathway = Action("read_shared_registration_pathway", decidedOnARecord: true) {
        actor, resource in
        guard actor.roles.contains(.supervisor) else { return .deny }
        if resource == .none { return .allow }
        guard let pathway = resource.standing(Policy.PathwayStanding.self) else { return .deny }
        return pathway.isSameOrganisation && pathway.isSupervisorOfOwner && pathway.isShared ? .allow : .deny
    }

    /// A supervision meeting of an induction: its new starter and its named supervisor, nobody else (the lead sees
    /// only that meetings were held). Each side's private notes stay with their author.
    package static let keepSupervisionLog = Action("keep_supervision_log", decidedOnARecord: true) { actor, resource in
        let involved: Set<Role> = [.clinician, .supervisor]
        guard !actor.roles.isDisjoint(with: involved) else { return .deny }
        if resource == .none { return .allow }
        guard let meeting = resource.standing(Policy.SupervisionStanding.self), meeting.induction.isSameOrganisation
        else { return .deny }
        let asStarter = meeting.induction.isInductee && actor.roles.contains(.clinician)
        let asSupervisor = meeting.induction.isSupervisor && actor.roles.contains(.supervisor)
        return asStarter || asSupervisor ? .allow : .deny
    }

    /// Writing the meeting's record (topics, what was agreed) and moving or cancelling it: the named supervisor.
    package static let recordSupervision = Action("record_supervision", decidedOnARecord: true) { actor, resource in
        guard actor.roles.contains(.supervisor) else { return .deny }
        if resource == .none { return .allow }
        guard let meeting = resource.standing(Policy.SupervisionStanding.self), meeting.induction.isSameOrganisation
        else { return .deny }
        return meeting.induction.isSupervisor ? .allow : .deny
    }

    package static let inductionActions: [Action] = [
        .readRoleDescriptions, .acknowledgeRoleDescription,
        .keepSupervisionLog, .recordSupervision,
        .runInductions, .followInduction, .completeInductionItem, .signOffInductionItem, .keepOwnRegistrationPathway,
        .readSharedPathway,
    ]
}

extension Policy {
    /// How an actor stands to an induction template.
    package struct InductionTemplateStanding: PolicyStanding {
        package var isSameOrganisation: Bool

        package init(isSameOrganisation: Bool) { self.isSameOrganisation = isSameOrganisation }
    }

    /// How an actor stands to a role description.
    package struct RoleDescriptionStanding: PolicyStanding {
        package var isSameOrganisation: Bool

        package init(isSameOrganisation: Bool) { self.isSameOrganisation = isSameOrganisation }
    }

    /// How an actor stands to an induction: the new starter, its named supervisor, or neither.
    package struct InductionStanding: PolicyStanding {
        package var isSameOrganisation: Bool
        package var isInductee = false
        package var isSupervisor = false

        package init(isSameOrganisation: Bool, isInductee: Bool = false, isSupervisor: Bool = false) {
            self.isSameOrganisation = isSameOrganisation
            self.isInductee = isInductee
            self.isSupervisor = isSupervisor
        }

        /// Whether the actor follows this induction in one of its roles.
        package func mayFollow(_ actor: Actor) -> Bool {
            (isInductee && actor.roles.contains(.clinician)) || (isSupervisor && actor.roles.contains(.supervisor))
                || actor.roles.contains(.programmeLead)
        }
    }

    /// How an actor stands to one item of an induction: to the induction, and whose the item is.
    package struct InductionItemStanding: PolicyStanding {
        package var induction: InductionStanding
        package var owner: InductionOwner
        package var needsSignOff: Bool

        package init(induction: InductionStanding, owner: InductionOwner, needsSignOff: Bool) {
            self.induction = induction
            self.owner = owner
            self.needsSignOff = needsSignOff
        }
    }

    /// How an actor stands to a supervision meeting: through its induction.
    package struct SupervisionStanding: PolicyStanding {
        package var induction: InductionStanding

        package init(induction: InductionStanding) { self.induction = induction }
    }

    /// How an actor stands to someone's registration pathway.
    package struct PathwayStanding: PolicyStanding {
        package var isSameOrganisation: Bool
        package var isSupervisorOfOwner: Bool
        package var isShared: Bool

        package init(isSameOrganisation: Bool, isSupervisorOfOwner: Bool, isShared: Bool) {
            self.isSameOrganisation = isSameOrganisation
            self.isSupervisorOfOwner = isSupervisorOfOwner
            self.isShared = isShared
        }
    }
}
