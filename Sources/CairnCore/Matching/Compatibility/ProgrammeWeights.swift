/// What makes a pair a good fit, each worth a programme-chosen number of points.
public enum ScoreFactor: String, Sendable, CaseIterable, Hashable {
    case sameProfession
    case sameSpecialty
    case moreSeniorGrade
    case sharedLanguage
    case sameRegion
    case internationalGraduateExperience
    case wishedLanguage
    case wishedSpecialty
    case wishedGender
}

/// Why a pair may not be matched.
public enum ExclusionReason: String, Sendable, CaseIterable, Hashable {
    case ownSupervisor
    case mentorNotTrained
    case mentorTrainingExpired
    case mentorHasNoCapacity
    case sameEmployer
    case sameSpecialty
    case requiredLanguageNotSpoken
    case requiredSpecialtyNotHeld
    case requiredGenderNotMet
    /// They were paired before and the pairing ended.
    case pairedBefore
    /// The same person (a mentor who is also a mentee in the programme).
    case samePerson
}

/// A programme's points for each factor. They add up to at most 1000, so a score is always a
/// whole number from 0 to 1000 and its explanation adds up to it exactly.
public struct ProgrammeWeights: Sendable, Hashable {
    public let points: [ScoreFactor: Int]

    /// A balanced default: profession and wishes count most, as the pilot programme asked.
    public static let standard = try! ProgrammeWeights([
        .sameProfession: 200, .sameSpecialty: 100, .moreSeniorGrade: 100, .sharedLanguage: 100, .sameRegion: 100,
        .internationalGraduateExperience: 150, .wishedLanguage: 100, .wishedSpecialty: 100, .wishedGender: 50,
    ])

    public init(_ points: [ScoreFactor: Int]) throws(ProgrammeSettingsError) {
        if let negative = ScoreFactor.allCases.first(where: { points[$0, default: 0] < 0 }) {
            throw ProgrammeSettingsError(message: "the weight of \(negative.rawValue) is negative")
        }
        let total = points.values.reduce(0) { $0 + min($1, 1_000_000) }
        guard total <= AllowedPairs.maximumScore else {
            throw ProgrammeSettingsError(
                message: "the weights add up to \(total); they may add up to at most \(AllowedPairs.maximumScore)")
        }
        self.points = points
    }

    public subscript(factor: ScoreFactor) -> Int { points[factor, default: 0] }
}

/// The programme's hard rules beyond the ones that always hold (never the mentee's own supervisor;
/// never a mentor without in-date training or without capacity).
public struct ProgrammeRules: Sendable, Hashable {
    public var excludeSameEmployer: Bool
    public var excludeSameSpecialty: Bool

    public init(excludeSameEmployer: Bool = true, excludeSameSpecialty: Bool = false) {
        self.excludeSameEmployer = excludeSameEmployer
        self.excludeSameSpecialty = excludeSameSpecialty
    }
}

public struct ProgrammeSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
