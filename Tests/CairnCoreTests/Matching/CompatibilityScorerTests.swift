import Foundation
import Testing

@testable import CairnCore

@Suite struct CompatibilityScorerTests {
    let today = Date(timeIntervalSince1970: 1_800_000_000)
    var trained: Date { today.addingTimeInterval(86_400 * 30) }

    private func mentor(_ id: String, employer: String = "trust-b", languages: Set<String> = ["en"], capacity: Int = 1)
        -> MentorProfile
    {
        MentorProfile(
            id: id, profession: "doctor", specialty: "gp", gradeLevel: 5, languages: languages, region: "north",
            employer: employer, hasInternationalGraduateExperience: true, gender: "f", trainingValidUntil: trained,
            capacity: capacity)
    }

    private let mentee = MenteeProfile(
        id: "e1", profession: "doctor", specialty: "gp", gradeLevel: 2, languages: ["en", "ar"], region: "north",
        employer: "trust-a", isInternationalGraduate: true, supervisorID: "boss")

    @Test func explanationAddsUpToTheScore() {
        // act
        let verdict = CompatibilityScorer().assess(mentee, mentor("m1"), today: today)
        // check: everything matches except the wishes, which the mentee did not state
        guard case .allowed(let score, let contributions) = verdict else {
            Issue.record("\(verdict)")
            return
        }
        #expect(
            Set(contributions.map(\.factor)) == [
                .sameProfession, .sameSpecialty, .moreSeniorGrade, .sharedLanguage, .sameRegion,
                .internationalGraduateExperience,
            ])
        #expect(score == 750)
        #expect(contributions.reduce(0) { $0 + $1.points } == score)
    }

    @Test func hardRulesExcludeWithEveryReason() {
        var lapsed = mentor("boss", employer: "trust-a", capacity: 0)
        lapsed.trainingValidUntil = today.addingTimeInterval(-1)
        let verdict = CompatibilityScorer(rules: ProgrammeRules(excludeSameEmployer: true, excludeSameSpecialty: true))
            .assess(mentee, lapsed, today: today)
        #expect(
            verdict
                == .excluded([
                    .mentorTrainingExpired, .mentorHasNoCapacity, .ownSupervisor, .sameEmployer, .sameSpecialty,
                ]))
        var untrained = mentor("m2")
        untrained.trainingValidUntil = nil
        #expect(CompatibilityScorer().assess(mentee, untrained, today: today) == .excluded([.mentorNotTrained]))
    }

    @Test func sameEmployerIsAllowedWhenTheProgrammeSaysSo() {
        let colleague = mentor("m1", employer: "trust-a")
        #expect(
            CompatibilityScorer(rules: ProgrammeRules(excludeSameEmployer: true)).assess(
                mentee, colleague, today: today) == .excluded([.sameEmployer]))
        guard
            case .allowed = CompatibilityScorer(rules: ProgrammeRules(excludeSameEmployer: false)).assess(
                mentee, colleague, today: today)
        else {
            Issue.record("expected allowed")
            return
        }
    }

    @Test func requiredWishesExcludeAndPreferredOnesAddPoints() {
        var wishful = mentee
        wishful.wishes = MenteeWishes(language: StatedWish("ar", isRequired: true), mentorGender: StatedWish("f"))
        let speaker = mentor("m1", languages: ["ar"])
        let other = mentor("m2", languages: ["en"])
        let scorer = CompatibilityScorer()
        #expect(scorer.assess(wishful, other, today: today) == .excluded([.requiredLanguageNotSpoken]))
        guard case .allowed(_, let contributions) = scorer.assess(wishful, speaker, today: today) else {
            Issue.record("expected allowed")
            return
        }
        #expect(contributions.contains(ScoreContribution(factor: .wishedLanguage, points: 100)))
        #expect(contributions.contains(ScoreContribution(factor: .wishedGender, points: 50)))
    }

    @Test func summarySaysWhyAMenteeHasNoOption() {
        // setup: the only Arabic speaker works at the mentee's employer; the other is untrained
        var wishful = mentee
        wishful.wishes = MenteeWishes(language: StatedWish("ar", isRequired: true))
        var untrained = mentor("m2", languages: ["ar"])
        untrained.trainingValidUntil = nil
        let mentors = [mentor("m1", employer: "trust-a", languages: ["ar"]), untrained, mentor("m3")]
        // act
        let assessment = CompatibilityScorer().assess(mentees: [wishful], mentors: mentors, today: today)
        // check
        #expect(assessment.pairs.isEmpty)
        #expect(assessment.menteeOptions.first?.allowedMentorCount == 0)
        #expect(
            assessment.menteeOptions.first?.excludedMentorCount == [
                .sameEmployer: 1, .mentorNotTrained: 1, .requiredLanguageNotSpoken: 1,
            ])
    }

    @Test func assessmentFeedsTheSolverAndExplainsItsResult() throws {
        let mentees = [mentee, MenteeProfile(id: "e2", profession: "nurse", employer: "trust-c")]
        let assessment = CompatibilityScorer().assess(mentees: mentees, mentors: [mentor("m1")], today: today)
        let problem = try assessment.problem()
        let result = OptimalMatcher.solve(problem)
        let explained = assessment.explain(result, in: problem)
        #expect(explained.map(\.assignment.menteeID) == ["e1"])
        #expect(explained.first?.contributions.reduce(0) { $0 + $1.points } == explained.first?.assignment.score)
    }

    @Test func weightsMayNotExceedAThousand() {
        #expect(throws: ProgrammeSettingsError(message: "the weights add up to 1100; they may add up to at most 1000"))
        {
            try ProgrammeWeights([.sameProfession: 600, .sameRegion: 500])
        }
        #expect(throws: ProgrammeSettingsError(message: "the weight of sameRegion is negative")) {
            try ProgrammeWeights([.sameRegion: -1])
        }
        #expect(ScoreFactor.allCases.reduce(0) { $0 + ProgrammeWeights.standard[$1] } == 1000)
    }
}
