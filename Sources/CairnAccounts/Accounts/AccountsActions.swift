import CairnCore
import CairnPlatform

/// What people do with their own account, and what administrators do with everyone's (never support content).
extension Action {
    package static let signIn = Action("sign_in", for: .anyone)
    package static let register = Action("register", for: .anyone)
    package static let recoverAccount = Action("recover_account", for: .anyone)
    package static let acceptInvitation = Action("accept_invitation", for: .anyone)

    // Between password and second factor.
    package static let completeSecondFactor = Action("complete_second_factor", for: .signedIn)
    package static let signOut = Action("sign_out", for: .signedIn)
    /// How long one's session has left: anyone may ask (without a session the answer is none).
    package static let checkSession = Action("check_session", for: .anyone)
    package static let keepSessionAlive = Action("keep_session_alive", for: .signedIn)

    // Any fully signed-in person, on their own account.
    package static let viewOwnAccount = Action("view_own_account", rule: ownAccount)
    package static let manageOwnAccount = Action("manage_own_account", rule: ownAccount)
    package static let manageOwnTokens = Action("manage_own_tokens", rule: ownAccount)
    package static let readOrganisation = Action("read_organisation", rule: ownAccount)
    package static let readOwnProfile = Action("read_own_profile", rule: ownAccount)

    private static let ownAccount: @Sendable (Actor, Policy.Resource) -> Policy.Decision = { actor, resource in
        resource.isOwned(by: actor) ? .allow : .deny
    }

    package static let accountsActions: [Action] = [
        .signIn, .register, .recoverAccount, .acceptInvitation, .completeSecondFactor, .signOut, .checkSession,
        .keepSessionAlive, .viewOwnAccount,
        .manageOwnAccount, .manageOwnTokens, .readOrganisation, .readOwnProfile,
    ]

    // Administrators: accounts, never support content.
    package static let findPeople = Action("find_people", rule: holding(.admin))
    package static let invitePeople = Action("invite_people", rule: holding(.admin))
    package static let changeRoles = Action("change_roles", rule: holding(.admin))
    package static let changeAccountStatus = Action("change_account_status", rule: holding(.admin))
    /// The audit trail's entries (never a reason given, never support content).
    package static let readAuditTrail = Action("read_audit_trail", rule: holding(.admin))

    package static let administrationActions: [Action] = [
        .findPeople, .invitePeople, .changeRoles, .changeAccountStatus, .readAuditTrail,
    ]
}
