import Foundation

/// A field of a role description, by its form name and JSON pointer.
public enum RoleDescriptionField: String, CaseIterable, Sendable {
    case role, department, duties, limits, whoToAsk

    public var formName: String { rawValue }
    public var jsonPointer: String { "/" + rawValue }
}

/// Role clarity (issue #17 item 3; seed 002: role clarity for the MSW and their team makes the role work): what
/// someone in a role does in a department, what they may not do, and who to ask, as typed.
public struct RoleDescriptionDraft: Sendable, Equatable {
    public var role: String
    public var department: String
    public var duties: String
    public var limits: String
    public var whoToAsk: String

    public init(
        role: String = "", department: String = "", duties: String = "", limits: String = "", whoToAsk: String = ""
    ) {
        self.role = role
        self.department = department
        self.duties = duties
        self.limits = limits
        self.whoToAsk = whoToAsk
    }

    public struct Checked: Sendable, Equatable {
        public var role: InductionRole
        public var department: String
        public var duties: String
        public var limits: String
        public var whoToAsk: String
    }

    public func checked() -> Result<Checked, DraftRefusal<RoleDescriptionField>> {
        var problems: [DraftProblem<RoleDescriptionField>] = []
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let role = InductionRole(rawValue: role)
        if role == nil { problems.append(.init(.role, "Choose the role")) }
        let department = trimmed(department)
        if department.count > 120 {
            problems.append(.init(.department, "Keep the department to 120 characters or fewer"))
        }
        let duties = trimmed(duties)
        let limits = trimmed(limits)
        let whoToAsk = trimmed(whoToAsk)
        if duties.count < 20 { problems.append(.init(.duties, "Describe what the role does (20 characters or more)")) }
        if limits.count < 20 {
            problems.append(.init(.limits, "Describe what the role may not do (20 characters or more)"))
        }
        if whoToAsk.isEmpty { problems.append(.init(.whoToAsk, "Say who to ask when unsure")) }
        for (field, text) in [(RoleDescriptionField.duties, duties), (.limits, limits), (.whoToAsk, whoToAsk)]
        where text.count > 4_000 {
            problems.append(.init(field, "Keep it to 4,000 characters or fewer"))
        }
        guard problems.isEmpty, let role else { return .failure(DraftRefusal(problems: problems)) }
        return .success(
            Checked(role: role, department: department, duties: duties, limits: limits, whoToAsk: whoToAsk))
    }

    /// The standard MSW description an organisation starts from (NHS England's MSW guidance, in plain words).
    public static let medicalSupportWorker = RoleDescriptionDraft(
        role: InductionRole.medicalSupportWorker.rawValue, department: "",
        duties: """
            Works as part of the medical team under supervision: takes histories and examines patients, documents \
            in the notes, requests investigations the team agrees, takes blood and inserts cannulas once signed off, \
            helps with ward rounds, handovers and discharge summaries, and talks with patients and families.
            """,
        limits: """
            Is supernumerary and supervised, and is not a registered doctor: does not prescribe, does not sign \
            death certificates or fitness-to-work notes, does not make decisions about treatment alone, does not \
            work as a doctor on the rota, and does not take consent for procedures.
            """,
        whoToAsk: "The supervising consultant first; out of hours, the registrar on call for the team.")
}
