import CairnCore

/// What people do with their own account, and what administrators do with everyone's (never support content).
extension Action {
    static let signIn = Action("sign_in", for: .anyone)
    static let register = Action("register", for: .anyone)
    static let recoverAccount = Action("recover_account", for: .anyone)
    static let acceptInvitation = Action("accept_invitation", for: .anyone)

    // Between password and second factor.
    static let completeSecondFactor = Action("complete_second_factor", for: .signedIn)
    static let signOut = Action("sign_out", for: .signedIn)

    // Any fully signed-in person, on their own account.
    static let viewOwnAccount = Action("view_own_account", rule: ownAccount)
    static let manageOwnAccount = Action("manage_own_account", rule: ownAccount)
    static let manageOwnTokens = Action("manage_own_tokens", rule: ownAccount)
    static let readOrganisation = Action("read_organisation", rule: ownAccount)
    static let readOwnProfile = Action("read_own_profile", rule: ownAccount)

    private static let ownAccount: @Sendable (Actor, Policy.Resource) -> Policy.Decision = { actor, resource in
        resource.isOwned(by: actor) ? .allow : .deny
    }

    static let accountsActions: [Action] = [
        .signIn, .register, .recoverAccount, .acceptInvitation, .completeSecondFactor, .signOut, .viewOwnAccount,
        .manageOwnAccount, .manageOwnTokens, .readOrganisation, .readOwnProfile,
    ]

    // Administrators: accounts, never support content.
    static let findPeople = Action("find_people", rule: holding(.admin))
    static let invitePeople = Action("invite_people", rule: holding(.admin))
    static let changeRoles = Action("change_roles", rule: holding(.admin))
    static let changeAccountStatus = Action("change_account_status", rule: holding(.admin))

    static let administrationActions: [Action] = [.findPeople, .invitePeople, .changeRoles, .changeAccountStatus]
}
