/// Why clinicians ask for support; a referral may give several (DOMAIN.md §1, from HEE, HEIW and NES units).
public enum ReferralReason: String, CaseIterable, Codable, Sendable {
    case examDifficulty = "exam_difficulty"
    case adverseARCP = "adverse_arcp"
    case clinicalKnowledge = "clinical_knowledge"
    case professionalBehaviour = "professional_behaviour"
    case communication
    case health
    case lifeEvent = "life_event"
    case trainingEnvironment = "training_environment"
    case engagement
    case careerPlanning = "career_planning"
    case neurodiversity
    case returnToTraining = "return_to_training"
    case lessThanFullTime = "less_than_full_time"
    case transition
    case internationalGraduate = "international_graduate"
    case coachingOrMentoring = "coaching_or_mentoring"
    case transfer
    case wellbeing
    case other

    public var title: String {
        switch self {
        case .examDifficulty: "Exam difficulty or failure"
        case .adverseARCP: "An adverse ARCP outcome (2, 3 or 5)"
        case .clinicalKnowledge: "Clinical knowledge and skills"
        case .professionalBehaviour: "A concern about professional behaviour or conduct"
        case .communication: "Communication, team working or time management (including language and complaints)"
        case .health: "Health: physical or mental, caring duties, reasonable adjustments"
        case .lifeEvent: "A significant life event: bereavement, relationship breakdown, stress"
        case .trainingEnvironment: "The training or work environment: workload, culture, lack of support"
        case .engagement: "Engaging with training"
        case .careerPlanning: "Career planning: unsure of specialty, thinking of leaving"
        case .neurodiversity: "Neurodiversity: dyslexia, dyspraxia, attention"
        case .returnToTraining: "Returning to training or practice after time out"
        case .lessThanFullTime: "Less-than-full-time training"
        case .transition: "A transition: new grade or role, or into UK practice"
        case .internationalGraduate: "Support as an international graduate"
        case .coachingOrMentoring: "I would like coaching or mentoring"
        case .transfer: "Transferring between regions"
        case .wellbeing: "Well-being"
        case .other: "Something else"
        }
    }
}

/// What a support plan can hold (issue #6's catalogue, from DOMAIN.md §1's interventions).
public enum Intervention: String, CaseIterable, Codable, Sendable {
    case coaching
    case mentoring
    case careersAdvice = "careers_advice"
    case occupationalHealth = "occupational_health"
    case psychologicalSupport = "psychological_support"
    case examSupport = "exam_support"
    case communicationSkills = "communication_skills"
    case languageSupport = "language_support"
    case neurodiversityAssessment = "neurodiversity_assessment"
    case returnToPracticePlan = "return_to_practice_plan"
    case induction
    case peerGroup = "peer_group"
    case learningEvent = "learning_event"
    case resources

    public var title: String {
        switch self {
        case .coaching: "Coaching"
        case .mentoring: "Mentoring"
        case .careersAdvice: "Careers advice"
        case .occupationalHealth: "Occupational health"
        case .psychologicalSupport: "Psychological support"
        case .examSupport: "Exam support"
        case .communicationSkills: "Communication skills"
        case .languageSupport: "Language support"
        case .neurodiversityAssessment: "Neurodiversity assessment"
        case .returnToPracticePlan: "Return-to-practice plan"
        case .induction: "Induction"
        case .peerGroup: "Peer support group"
        case .learningEvent: "Learning event"
        case .resources: "Online resources"
        }
    }
}
