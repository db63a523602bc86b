import Testing

@testable import CairnCore

@Suite struct MatchingResultWriterTests {
    @Test func optimalResultIsSortedByMenteeIdentifierBytes() throws {
        // setup: identifiers whose byte order differs from numeric and from human order
        let problem = try MatchingProblem(
            menteeIDs: ["e2", "é", "e10", "Z\"q"],
            mentors: [MentorCapacity(mentorID: "m1", capacity: 2), MentorCapacity(mentorID: "m2", capacity: 1)],
            pairs: [
                ScoredPair(menteeID: "e2", mentorID: "m1", score: 10),
                ScoredPair(menteeID: "e10", mentorID: "m1", score: 20),
                ScoredPair(menteeID: "Z\"q", mentorID: "m2", score: 1000),
            ])
        // act
        let json = String(
            decoding: MatchingResultWriter.json(OptimalMatcher.solve(problem), for: problem), as: UTF8.self)
        // check
        #expect(
            json == """
                {"format":"cairn-matching-result/1","mode":"optimal",
                "assignments":[
                {"mentee":"Z\\"q","mentor":"m2","score":1000},
                {"mentee":"e10","mentor":"m1","score":20},
                {"mentee":"e2","mentor":"m1","score":10}
                ],
                "unmatched":["é"],
                "matched":3,
                "total_score":1030}

                """)
    }

    @Test func stableResultWithoutPairsHasNoScores() throws {
        let problem = try MatchingProblem(
            menteeIDs: ["a", "b"], mentors: [MentorCapacity(mentorID: "x\n", capacity: 1)],
            menteePreferences: ["a": ["x\n"], "b": ["x\n"]], mentorPreferences: ["x\n": ["b", "a"]])
        let json = String(
            decoding: MatchingResultWriter.json(StableMatcher.solve(problem), for: problem), as: UTF8.self)
        #expect(
            json == """
                {"format":"cairn-matching-result/1","mode":"stable",
                "assignments":[
                {"mentee":"b","mentor":"x\\n"}
                ],
                "unmatched":["a"],
                "matched":1}

                """)
    }

    @Test func nobodyMatchedStillWritesAWholeDocument() throws {
        let problem = try MatchingProblem(menteeIDs: ["a"], mentors: [], pairs: [])
        let json = String(
            decoding: MatchingResultWriter.json(OptimalMatcher.solve(problem), for: problem), as: UTF8.self)
        #expect(
            json
                == "{\"format\":\"cairn-matching-result/1\",\"mode\":\"optimal\",\n\"assignments\":[],\n\"unmatched\":[\"a\"],\n\"matched\":0,\n\"total_score\":0}\n"
        )
    }

    @Test func integersOfEveryWidthAreWrittenExactly() {
        for value in [0, 7, 10, 99, 100, 1000, 123_456_789, -42, Int.max, Int.min + 1] {
            var out = JSONBytes()
            out.integer(value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(value))
        }
    }
}
