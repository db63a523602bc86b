/// A role a person holds in one organisation. A person may hold several (a consultant can be a mentor and a
/// clinician seeking support at once).
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case clinician
    case mentor
    case supervisor
    case caseManager = "case_manager"
    /// Leads the support unit's case managers: sees the team's figures, and may open a case not assigned to them
    /// only by stating a reason ("break glass"), which is audited and shown to the assigned case manager.
    case unitLead = "unit_lead"
    case facilitator
    case programmeLead = "programme_lead"
    case admin
    /// A designated body's responsible officer or appraisal lead (issue #18): sees each doctor's and nurse's
    /// appraisal and revalidation dates and which evidence is present, never its content, and nothing of support.
    case responsibleOfficer = "responsible_officer"

    /// Staff roles work with other people's records: shorter idle time-outs, and the second factor.
    public var isStaff: Bool {
        switch self {
        case .caseManager, .unitLead, .programmeLead, .admin, .facilitator, .responsibleOfficer: true
        case .clinician, .mentor, .supervisor: false
        }
    }

    /// Roles that must sign in with a second factor (SECURITY.md §4; issue #3).
    public var requiresSecondFactor: Bool {
        switch self {
        case .caseManager, .unitLead, .programmeLead, .admin, .responsibleOfficer: true
        case .clinician, .mentor, .supervisor, .facilitator: false
        }
    }

    /// How the role is named on a page.
    public var title: String {
        switch self {
        case .clinician: "Clinician"
        case .mentor: "Mentor"
        case .supervisor: "Supervisor"
        case .caseManager: "Case manager"
        case .unitLead: "Unit lead"
        case .facilitator: "Facilitator"
        case .programmeLead: "Programme lead"
        case .admin: "Administrator"
        case .responsibleOfficer: "Responsible officer"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
