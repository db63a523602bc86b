import Testing

@testable import CairnCore

@Suite struct StableMatcherTests {
    @Test func textbookExampleGivesTheMenteeOptimalMatching() throws {
        // setup: two mentees, two single-place mentors with crossed preferences: two stable
        // matchings exist, and the mentee-proposing one gives each mentee their first choice
        let problem = try MatchingProblem(
            menteeIDs: ["a", "b"],
            mentors: [MentorCapacity(mentorID: "x", capacity: 1), MentorCapacity(mentorID: "y", capacity: 1)],
            menteePreferences: ["a": ["x", "y"], "b": ["y", "x"]],
            mentorPreferences: ["x": ["b", "a"], "y": ["a", "b"]])
        // act
        let result = StableMatcher.solve(problem)
        // check
        #expect(result.assignments(in: problem).map(\.mentorID) == ["x", "y"])
        #expect(result.totalScore == nil)
    }

    @Test func aPairIsAcceptableOnlyWhenBothListEachOther() throws {
        let problem = try MatchingProblem(
            menteeIDs: ["a", "b"], mentors: [MentorCapacity(mentorID: "x", capacity: 2)],
            menteePreferences: ["a": ["x"], "b": ["x"]], mentorPreferences: ["x": ["a"]])
        let result = StableMatcher.solve(problem)
        #expect(result.assignments(in: problem).map(\.menteeID) == ["a"])
        #expect(result.unmatchedMenteeIDs(in: problem) == ["b"])
    }

    @Test func mentorsKeepTheirFavouritesUpToCapacity() throws {
        let problem = try MatchingProblem(
            menteeIDs: ["a", "b", "c"], mentors: [MentorCapacity(mentorID: "x", capacity: 2)],
            menteePreferences: ["a": ["x"], "b": ["x"], "c": ["x"]], mentorPreferences: ["x": ["c", "a", "b"]])
        let result = StableMatcher.solve(problem)
        #expect(result.assignments(in: problem).map(\.menteeID) == ["a", "c"])
    }

    @Test func scoresAppearWhenPairsGiveThem() throws {
        let problem = try MatchingProblem(
            menteeIDs: ["a", "b"], mentors: [MentorCapacity(mentorID: "x", capacity: 2)],
            pairs: [ScoredPair(menteeID: "a", mentorID: "x", score: 40)],
            menteePreferences: ["a": ["x"], "b": ["x"]], mentorPreferences: ["x": ["a", "b"]])
        let result = StableMatcher.solve(problem)
        #expect(result.assignments(in: problem).map(\.score) == [40, nil])
        #expect(result.totalScore == 40)
    }

    @Test func stableAndMenteeOptimalOnThousandsOfTinyInstances() throws {
        for seed in 0..<2000 as Range<UInt64> {
            // setup
            let instance = RandomInstance(
                seed: seed, mentees: 1...5, mentors: 1...3, capacity: 0...2, allowedPerMentee: 0...0, scores: 0...0)
            let problem = try instance.problem()
            let rules = StabilityRules(problem)
            // act
            let mentorOf = StableMatcher.solve(problem).mentorOfMentee.map(Int.init)
            // check: stable, and no mentee does better in any other stable matching
            #expect(rules.isStable(mentorOf), "seed \(seed): \(instance)")
            for other in rules.allStableMatchings() {
                for mentee in mentorOf.indices {
                    #expect(
                        rules.menteeCost(mentee, mentorOf[mentee]) <= rules.menteeCost(mentee, other[mentee]),
                        "seed \(seed)")
                }
            }
        }
    }

    @Test func equalsTextbookDeferredAcceptanceOnMediumInstances() throws {
        for seed in 5000..<5200 as Range<UInt64> {
            let problem = try RandomInstance(
                seed: seed, mentees: 20...60, mentors: 5...20, capacity: 0...4, allowedPerMentee: 0...0, scores: 0...0
            ).problem()
            let result = StableMatcher.solve(problem)
            #expect(result.mentorOfMentee.map(Int.init) == textbookDeferredAcceptance(problem), "seed \(seed)")
            #expect(StabilityRules(problem).isStable(result.mentorOfMentee.map(Int.init)))
        }
    }

    @Test func sameInputSameOutput() throws {
        let problem = try RandomInstance(
            seed: 7, mentees: 300...300, mentors: 60...60, capacity: 1...3, allowedPerMentee: 0...0, scores: 0...0
        ).problem()
        #expect(StableMatcher.solve(problem) == StableMatcher.solve(problem))
    }
}
