import Foundation

/// The words of practice and personal development planning (issue #18; DOMAIN.md §3 and §5).

/// Who someone is in a practice's team.
public enum StaffGroup: String, CaseIterable, Codable, Sendable {
    case doctor, nurse, manager, other

    public var title: String {
        switch self {
        case .doctor: "Doctor"
        case .nurse: "Nurse"
        case .manager: "Practice manager"
        case .other: "Other staff"
        }
    }
}

/// Where a practice's development need came from.
public enum NeedSource: String, CaseIterable, Codable, Sendable {
    case individual, practice
    case localPriority = "local_priority"
    case nhsPriority = "nhs_priority"

    public var title: String {
        switch self {
        case .individual: "An individual's need"
        case .practice: "The practice's need"
        case .localPriority: "A local health priority"
        case .nhsPriority: "An NHS priority"
        }
    }
}

/// How a need was found.
public enum NeedFinding: String, CaseIterable, Codable, Sendable {
    case significantEvent = "significant_event"
    case audit
    case patientFeedback = "patient_feedback"
    case data
    case appraisal

    public var title: String {
        switch self {
        case .significantEvent: "Significant event"
        case .audit: "Audit"
        case .patientFeedback: "Patient feedback"
        case .data: "Data"
        case .appraisal: "Appraisal"
        }
    }
}

/// Where a practice development stands. `complete` needs its evaluation.
public enum DevelopmentStatus: String, CaseIterable, Codable, Sendable {
    case planned, underway, complete, dropped

    public var title: String {
        switch self {
        case .planned: "Planned"
        case .underway: "Under way"
        case .complete: "Complete"
        case .dropped: "Dropped"
        }
    }
}

/// The four domains of Good Medical Practice (2024).
public enum GMPDomain: String, CaseIterable, Codable, Sendable {
    case knowledge = "knowledge_skills_development"
    case patients = "patients_partnership_communication"
    case colleagues = "colleagues_culture_safety"
    case trust = "trust_professionalism"

    public var title: String {
        switch self {
        case .knowledge: "Knowledge, skills and development"
        case .patients: "Patients, partnership and communication"
        case .colleagues: "Colleagues, culture and safety"
        case .trust: "Trust and professionalism"
        }
    }
}

/// Where a personal development plan item stands.
public enum PDPStatus: String, CaseIterable, Codable, Sendable {
    case agreed, complete
    case carriedForward = "carried_forward"
    case dropped

    public var title: String {
        switch self {
        case .agreed: "Agreed"
        case .complete: "Complete"
        case .carriedForward: "Carried forward"
        case .dropped: "Dropped"
        }
    }
}

/// The phases of Senge's challenges of change.
public enum SengePhase: String, CaseIterable, Codable, Sendable {
    case initiating, sustaining, redesigning

    public var title: String {
        switch self {
        case .initiating: "Initiating"
        case .sustaining: "Sustaining"
        case .redesigning: "Redesigning and rethinking"
        }
    }
}

/// Senge's ten challenges of change (The Dance of Change, 1999), each in its phase.
public enum SengeChallenge: String, CaseIterable, Codable, Sendable {
    case notEnoughTime = "not_enough_time"
    case noHelp = "no_help"
    case notRelevant = "not_relevant"
    case walkingTheTalk = "walking_the_talk"
    case fearAndAnxiety = "fear_and_anxiety"
    case assessmentAndMeasurement = "assessment_and_measurement"
    case believersAndNonBelievers = "believers_and_non_believers"
    case governance
    case diffusion
    case strategyAndPurpose = "strategy_and_purpose"

    public var phase: SengePhase {
        switch self {
        case .notEnoughTime, .noHelp, .notRelevant, .walkingTheTalk: .initiating
        case .fearAndAnxiety, .assessmentAndMeasurement, .believersAndNonBelievers: .sustaining
        case .governance, .diffusion, .strategyAndPurpose: .redesigning
        }
    }

    public var title: String {
        switch self {
        case .notEnoughTime: "Not enough time"
        case .noHelp: "No help"
        case .notRelevant: "Not relevant"
        case .walkingTheTalk: "Walking the talk"
        case .fearAndAnxiety: "Fear and anxiety"
        case .assessmentAndMeasurement: "Assessment and measurement"
        case .believersAndNonBelievers: "True believers and non-believers"
        case .governance: "Governance"
        case .diffusion: "Diffusion"
        case .strategyAndPurpose: "Strategy and purpose"
        }
    }
}

/// Which regulator's revalidation a person follows.
public enum RevalidationRegister: String, CaseIterable, Codable, Sendable {
    case gmc, nmc

    public var title: String {
        switch self {
        case .gmc: "GMC (doctors: every 5 years, from annual appraisal)"
        case .nmc: "NMC (nurses and midwives: every 3 years)"
        }
    }
}

/// A kind of evidence in a person's portfolio: the six kinds of supporting information for a doctor's appraisal
/// and what the NMC asks of a nurse every three years.
public enum EvidenceKind: String, CaseIterable, Codable, Sendable {
    case cpd
    case qualityImprovement = "quality_improvement"
    case significantEvent = "significant_event"
    case patientFeedback = "patient_feedback"
    case colleagueFeedback = "colleague_feedback"
    case complimentsComplaints = "compliments_complaints"
    case practiceHours = "practice_hours"
    case feedback
    case reflectiveAccount = "reflective_account"
    case reflectiveDiscussion = "reflective_discussion"
    case healthCharacter = "health_character"
    case indemnity
    case confirmation

    /// The six kinds of supporting information a doctor brings to appraisal (RCGP; DOMAIN.md §3).
    public static let supportingInformation: [EvidenceKind] = [
        .cpd, .qualityImprovement, .significantEvent, .patientFeedback, .colleagueFeedback, .complimentsComplaints,
    ]

    public var title: String {
        switch self {
        case .cpd: "Continuing professional development"
        case .qualityImprovement: "Quality improvement activity"
        case .significantEvent: "Significant event"
        case .patientFeedback: "Patient feedback"
        case .colleagueFeedback: "Colleague feedback"
        case .complimentsComplaints: "Compliments and complaints"
        case .practiceHours: "Practice hours"
        case .feedback: "Practice-related feedback (NMC)"
        case .reflectiveAccount: "Written reflective account (NMC)"
        case .reflectiveDiscussion: "Reflective discussion (NMC)"
        case .healthCharacter: "Health and character declaration (NMC)"
        case .indemnity: "Professional indemnity (NMC)"
        case .confirmation: "Confirmation (NMC)"
        }
    }

    /// Whether the evidence counts time (CPD and practice hours).
    public var countsTime: Bool { self == .cpd || self == .practiceHours }
}
