/// Everything a route can do, named. Every route declares one (see `RoutesBuilder.on(_:action:use:)`), and
/// `Policy` decides each for each actor. Deny by default: a route without an action answers 403.
enum Action: String, CaseIterable, Sendable {
    // Open to anyone.
    case viewPublicPage = "view_public_page"
    case checkOperations = "check_operations"
    case signIn = "sign_in"
    case register = "register"
    case recoverAccount = "recover_account"
    case acceptInvitation = "accept_invitation"

    // Between password and second factor.
    case completeSecondFactor = "complete_second_factor"
    case signOut = "sign_out"

    // Any fully signed-in person, on their own account.
    case viewOwnAccount = "view_own_account"
    case manageOwnAccount = "manage_own_account"
    case manageOwnTokens = "manage_own_tokens"
    case readOrganisation = "read_organisation"
    case readOwnProfile = "read_own_profile"

    // Administrators: accounts, never support content.
    case findPeople = "find_people"
    case invitePeople = "invite_people"
    case changeRoles = "change_roles"
    case changeAccountStatus = "change_account_status"

    // Clinicians, about their own support.
    case requestSupport = "request_support"
    case viewOwnSupport = "view_own_support"
    /// Messages, withdrawal and feedback on one's own case (object level: only the clinician of the case).
    case actOnOwnSupport = "act_on_own_support"

    /// An educator suggests that a clinician ask for support; they learn only that it was sent and received.
    case suggestSupport = "suggest_support"

    // Case managers and the unit lead.
    case viewTriageQueue = "view_triage_queue"
    /// `/cases`: one's own open cases (and, for the unit lead, the team's load as counts).
    case viewCaseload = "view_caseload"
    case takeReferral = "take_referral"
    /// Reading a request nobody holds yet, to triage it: the unit's case managers and unit lead (object level:
    /// open, unassigned, same organisation). Audited; contact details come only with taking it.
    case readRequestForTriage = "read_request_for_triage"
    /// Assigning a referral to another case manager: the unit lead's call.
    case allocateReferral = "allocate_referral"
    /// Reading and changing a case: only its assigned case managers (object level).
    case workOnCase = "work_on_case"
    /// The unit lead opens a case not assigned to them, stating a reason; audited and shown to the case manager.
    case openCaseByBreakingGlass = "open_case_by_breaking_glass"

    /// The API's case reads: the clinician for their own cases, case managers for those assigned to them.
    case listCases = "list_cases"
    case readCase = "read_case"

    /// Aggregate figures only, suppressed below five: the unit lead and programme leads.
    case viewTeamFigures = "view_team_figures"

    // Mentoring (issue #7).
    /// Programmes, their mentors and mentees, matching runs and the programme dashboard (aggregates only): the
    /// organisation's programme leads. Never a session record or a named feedback answer.
    case runMentoringProgrammes = "run_mentoring_programmes"
    /// A clinician asks to join a programme that takes applications (object level: their organisation's, open).
    case applyForMentoring = "apply_for_mentoring"
    /// A mentee waiting for a match says which of the programme's mentors they would like (stable matching).
    case chooseMentors = "choose_mentors"
    /// `/mentoring/my`: a mentor's or a mentee's own pairs and sessions.
    case viewOwnMentoring = "view_own_mentoring"
    /// A session of a pair, its private record and feedback, a decline: only the pair's mentor and mentee.
    case workInMentoringPair = "work_in_mentoring_pair"
    /// A supervisor sees which of their trainees chose to tell them they have a mentor; nothing else of mentoring.
    case viewSharedMentoring = "view_shared_mentoring"
    /// A private calendar feed: the secret token in its address is the credential.
    case readCalendarFeed = "read_calendar_feed"
}
