public import Foundation

/// What a programme knows about a mentee that matters for choosing their mentor.
///
/// Profession, specialty, language, region and employer values are codes from the reference data,
/// compared exactly. `gradeLevel` places the grade on the programme's ladder (higher is more senior).
public struct MenteeProfile: Sendable, Hashable {
    public var id: String
    public var profession: String
    public var specialty: String?
    public var gradeLevel: Int?
    public var languages: Set<String>
    public var region: String?
    public var employer: String?
    /// An international medical graduate (IMG).
    public var isInternationalGraduate: Bool
    /// Never matched with this person: a mentor must not be the mentee's own supervisor.
    public var supervisorID: String?
    public var wishes: MenteeWishes
    /// Mentors this mentee may never have, with the reason: a pairing that already ended, or the mentee themself.
    public var excludedMentors: [String: ExclusionReason]

    public init(
        id: String, profession: String, specialty: String? = nil, gradeLevel: Int? = nil, languages: Set<String> = [],
        region: String? = nil, employer: String? = nil, isInternationalGraduate: Bool = false,
        supervisorID: String? = nil, wishes: MenteeWishes = MenteeWishes(),
        excludedMentors: [String: ExclusionReason] = [:]
    ) {
        self.excludedMentors = excludedMentors
        self.id = id
        self.profession = profession
        self.specialty = specialty
        self.gradeLevel = gradeLevel
        self.languages = languages
        self.region = region
        self.employer = employer
        self.isInternationalGraduate = isInternationalGraduate
        self.supervisorID = supervisorID
        self.wishes = wishes
    }
}

/// What a mentee asked for in a mentor. A wish adds points when met; a required one also excludes
/// every mentor who does not meet it.
public struct MenteeWishes: Sendable, Hashable {
    public var language: StatedWish?
    public var specialty: StatedWish?
    public var mentorGender: StatedWish?

    public init(language: StatedWish? = nil, specialty: StatedWish? = nil, mentorGender: StatedWish? = nil) {
        self.language = language
        self.specialty = specialty
        self.mentorGender = mentorGender
    }
}

public struct StatedWish: Sendable, Hashable {
    public var value: String
    public var isRequired: Bool

    public init(_ value: String, isRequired: Bool = false) {
        self.value = value
        self.isRequired = isRequired
    }
}

/// What a programme knows about a mentor.
public struct MentorProfile: Sendable, Hashable {
    public var id: String
    public var profession: String
    public var specialty: String?
    public var gradeLevel: Int?
    public var languages: Set<String>
    public var region: String?
    public var employer: String?
    /// Has mentored or supported international graduates before.
    public var hasInternationalGraduateExperience: Bool
    public var gender: String?
    /// When the mentor's mentoring training lapses; `nil` when they have none.
    public var trainingValidUntil: Date?
    /// Mentees the mentor can take in this programme.
    public var capacity: Int

    public init(
        id: String, profession: String, specialty: String? = nil, gradeLevel: Int? = nil, languages: Set<String> = [],
        region: String? = nil, employer: String? = nil, hasInternationalGraduateExperience: Bool = false,
        gender: String? = nil, trainingValidUntil: Date?, capacity: Int
    ) {
        self.id = id
        self.profession = profession
        self.specialty = specialty
        self.gradeLevel = gradeLevel
        self.languages = languages
        self.region = region
        self.employer = employer
        self.hasInternationalGraduateExperience = hasInternationalGraduateExperience
        self.gender = gender
        self.trainingValidUntil = trainingValidUntil
        self.capacity = capacity
    }
}
