public import Foundation

/// Turns profiles into allowed pairs with scores, and says why for every pair: the points each
/// factor added, or every rule that excludes it. Pure: the day is passed in.
///
/// Cost is one assessment per mentee–mentor pair (a few hundred nanoseconds), fine for a
/// programme's intake; a national file with precomputed pairs goes straight to the solvers.
public struct CompatibilityScorer: Sendable {
    public let weights: ProgrammeWeights
    public let rules: ProgrammeRules

    public init(weights: ProgrammeWeights = .standard, rules: ProgrammeRules = ProgrammeRules()) {
        self.weights = weights
        self.rules = rules
    }

    public func assess(mentees: [MenteeProfile], mentors: [MentorProfile], today: Date) -> CompatibilityAssessment {
        let availability = mentors.map { unavailability(of: $0, today: today) }
        var pairs: [ExplainedPair] = []
        var summaries: [MenteeOptions] = []
        for mentee in mentees {
            var options = MenteeOptions(menteeID: mentee.id)
            for (index, mentor) in mentors.enumerated() {
                switch assess(mentee, mentor, mentorReasons: availability[index]) {
                case .allowed(let score, let contributions):
                    pairs.append(
                        ExplainedPair(
                            menteeID: mentee.id, mentorID: mentor.id, score: score, contributions: contributions))
                    options.allowedMentorCount += 1
                case .excluded(let reasons):
                    for reason in reasons { options.excludedMentorCount[reason, default: 0] += 1 }
                }
            }
            summaries.append(options)
        }
        return CompatibilityAssessment(mentees: mentees, mentors: mentors, pairs: pairs, menteeOptions: summaries)
    }

    /// One pair's verdict, with every reason that applies (not just the first).
    public func assess(_ mentee: MenteeProfile, _ mentor: MentorProfile, today: Date) -> PairAssessment {
        assess(mentee, mentor, mentorReasons: unavailability(of: mentor, today: today))
    }

    private func assess(_ mentee: MenteeProfile, _ mentor: MentorProfile, mentorReasons: [ExclusionReason])
        -> PairAssessment
    {
        let reasons = mentorReasons + exclusions(mentee, mentor)
        guard reasons.isEmpty else { return .excluded(reasons) }
        let contributions = ScoreFactor.allCases.compactMap { factor -> ScoreContribution? in
            guard weights[factor] > 0, applies(factor, mentee, mentor) else { return nil }
            return ScoreContribution(factor: factor, points: weights[factor])
        }
        return .allowed(score: contributions.reduce(0) { $0 + $1.points }, contributions: contributions)
    }

    /// Reasons that exclude a mentor for everyone.
    private func unavailability(of mentor: MentorProfile, today: Date) -> [ExclusionReason] {
        var reasons: [ExclusionReason] = []
        if let validUntil = mentor.trainingValidUntil {
            if validUntil < today { reasons.append(.mentorTrainingExpired) }
        } else {
            reasons.append(.mentorNotTrained)
        }
        if mentor.capacity <= 0 { reasons.append(.mentorHasNoCapacity) }
        return reasons
    }

    private func exclusions(_ mentee: MenteeProfile, _ mentor: MentorProfile) -> [ExclusionReason] {
        var reasons: [ExclusionReason] = []
        if mentee.supervisorID == mentor.id { reasons.append(.ownSupervisor) }
        if let reason = mentee.excludedMentors[mentor.id] { reasons.append(reason) }
        if rules.excludeSameEmployer, let employer = mentee.employer, employer == mentor.employer {
            reasons.append(.sameEmployer)
        }
        if rules.excludeSameSpecialty, let specialty = mentee.specialty, specialty == mentor.specialty {
            reasons.append(.sameSpecialty)
        }
        let wishes = mentee.wishes
        if let wish = wishes.language, wish.isRequired, !mentor.languages.contains(wish.value) {
            reasons.append(.requiredLanguageNotSpoken)
        }
        if let wish = wishes.specialty, wish.isRequired, mentor.specialty != wish.value {
            reasons.append(.requiredSpecialtyNotHeld)
        }
        if let wish = wishes.mentorGender, wish.isRequired, mentor.gender != wish.value {
            reasons.append(.requiredGenderNotMet)
        }
        return reasons
    }

    private func applies(_ factor: ScoreFactor, _ mentee: MenteeProfile, _ mentor: MentorProfile) -> Bool {
        switch factor {
        case .sameProfession: mentee.profession == mentor.profession
        case .sameSpecialty: mentee.specialty != nil && mentee.specialty == mentor.specialty
        case .moreSeniorGrade: (mentee.gradeLevel ?? Int.max) < (mentor.gradeLevel ?? Int.min)
        case .sharedLanguage: !mentee.languages.isDisjoint(with: mentor.languages)
        case .sameRegion: mentee.region != nil && mentee.region == mentor.region
        case .internationalGraduateExperience:
            mentee.isInternationalGraduate && mentor.hasInternationalGraduateExperience
        case .wishedLanguage: mentee.wishes.language.map { mentor.languages.contains($0.value) } ?? false
        case .wishedSpecialty: mentee.wishes.specialty.map { mentor.specialty == $0.value } ?? false
        case .wishedGender: mentee.wishes.mentorGender.map { mentor.gender == $0.value } ?? false
        }
    }
}
