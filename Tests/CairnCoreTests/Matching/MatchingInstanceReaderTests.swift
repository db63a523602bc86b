import Testing

@testable import CairnCore

@Suite struct MatchingInstanceReaderTests {
    static let issueExample = """
        {"format": "cairn-matching/1",
         "mentees": [{"id": "e1"}, {"id": "e2"}],
         "mentors": [{"id": "m1", "capacity": 2}],
         "pairs":   [{"mentee": "e1", "mentor": "m1", "score": 37}],
         "preferences": {"mentees": {"e1": ["m1"]}, "mentors": {"m1": ["e2", "e1"]}}}
        """

    private func read(_ json: String) throws(MatchingInputError) -> MatchingProblem {
        try MatchingInstanceReader.read([UInt8](json: json))
    }

    /// The message for `json`, or "accepted".
    private func message(_ json: String) -> String {
        do {
            _ = try read(json)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func readsTheIssueExample() throws {
        let problem = try read(Self.issueExample)
        #expect(problem.menteeIDs == ["e1", "e2"])
        #expect(problem.mentorIDs == ["m1"])
        #expect(problem.capacities == [2])
        #expect(problem.score(mentee: 0, mentor: 0) == 37)
        #expect(problem.score(mentee: 1, mentor: 0) == nil)
        #expect(problem.preferences?.menteeLists.list(of: 0) == [0])
        #expect(problem.preferences?.menteeLists.list(of: 1) == [])
        #expect(problem.preferences?.mentorLists.list(of: 0) == [1, 0])
    }

    @Test func membersMayComeInAnyOrder() throws {
        let problem = try read(
            """
            {"pairs": [{"score": 5, "mentor": "m1", "mentee": "e1"}], "preferences": {"mentors": {}, "mentees": {}},
             "mentors": [{"capacity": 1, "id": "m1"}], "mentees": [{"id": "e1"}], "format": "cairn-matching/1"}
            """)
        #expect(problem.score(mentee: 0, mentor: 0) == 5)
        #expect(problem.preferences?.menteeLists.list(of: 0) == [])
    }

    @Test func identifiersMayUseEscapesAndAnyScript() throws {
        let problem = try read(
            #"""
            {"format":"cairn-matching/1","mentees":[{"id":"\u00e9\"q\\"},{"id":"Ω😀"}],
             "mentors":[{"id":"m\n1","capacity":1}],
             "pairs":[{"mentee":"é\"q\\","mentor":"m\u000a1","score":1},{"mentee":"\u03a9\ud83d\ude00","mentor":"m\n1","score":0}]}
            """#)
        #expect(problem.menteeIDs == ["é\"q\\", "Ω😀"])
        #expect(problem.mentorIDs == ["m\n1"])
        #expect(problem.pairs?.count == 2)
    }

    @Test(arguments: [
        // malformed JSON, located by line, column and byte
        ("", "line 1, column 1 (byte 0): malformed JSON: expected a JSON object"),
        (
            "{\"format\": \"cairn-matching/1\",\n \"mentees\": [}",
            "line 2, column 14 (byte 44): malformed JSON: expected a value"
        ),
        ("{\"format\" \"x\"}", "line 1, column 11 (byte 10): malformed JSON: expected \":\" after an object key"),
        (
            "{\"format\": \"cairn-matching/1\"} x",
            "line 1, column 32 (byte 31): malformed JSON: unexpected data after the end of the document"
        ),
        ("{\"format\": \"cairn-matching/1", "line 1, column 12 (byte 11): malformed JSON: unterminated string"),
        ("{\"pairs\": [01]}", "line 1, column 12 (byte 11): malformed JSON: leading zero"),
        ("{\"pairs\": [1,]}", "line 1, column 14 (byte 13): malformed JSON: expected a value"),
        ("{\"pairs\": \"a\tb\"}", "line 1, column 13 (byte 12): malformed JSON: control character in a string"),
        ("{\"pairs\": \"\\x\"}", "line 1, column 12 (byte 11): malformed JSON: invalid escape in a string"),
        ("{\"pairs\": \"\\ud800\"}", "line 1, column 12 (byte 11): malformed JSON: unpaired surrogate in a \\u escape"),
        ("{\"pairs\": [tru]}", "line 1, column 12 (byte 11): malformed JSON: expected a value"),
        (
            "{\"pairs\": " + String(repeating: "[", count: 200) + "}",
            "line 1, column 139 (byte 138): malformed JSON: nesting deeper than 128"
        ),
        // the document's shape
        ("{\"mentees\": [], \"mentors\": []}", "format: missing"),
        ("{\"format\": \"cairn-matching/2\"}", "format: expected \"cairn-matching/1\", found \"cairn-matching/2\""),
        ("{\"format\": 1}", "format: expected \"cairn-matching/1\""),
        ("{\"format\": \"cairn-matching/1\", \"mentors\": []}", "mentees: missing"),
        ("{\"format\": \"cairn-matching/1\", \"mentees\": []}", "mentors: missing"),
        ("{\"format\": \"cairn-matching/1\", \"extra\": 1}", "top level: unknown member \"extra\""),
        (
            "{\"format\": \"cairn-matching/1\", \"format\": \"cairn-matching/1\"}",
            "top level: member \"format\" appears twice"
        ),
        ("{\"format\": \"cairn-matching/1\", \"mentees\": {}}", "mentees: expected a list"),
    ])
    func malformedOrMisshapenDocuments(json: String, expected: String) {
        #expect(message(json) == expected)
    }

    /// A valid document with `mentees`, `mentors`, `pairs` and `preferences` replaced where given.
    private func instance(
        mentees: String = #"[{"id": "e1"}, {"id": "e2"}]"#,
        mentors: String = #"[{"id": "m1", "capacity": 2}, {"id": "m2", "capacity": 0}]"#,
        pairs: String = #"[{"mentee": "e1", "mentor": "m1", "score": 37}]"#,
        preferences: String = #"{"mentees": {"e1": ["m1"]}, "mentors": {"m1": ["e2", "e1"]}}"#
    ) -> String {
        #"{"format": "cairn-matching/1", "mentees": \#(mentees), "mentors": \#(mentors), "pairs": \#(pairs), "preferences": \#(preferences)}"#
    }

    @Test func theBaseInstanceIsValid() {
        #expect(message(instance()) == "accepted")
    }

    @Test(arguments: [
        (#"[{"id": "e1"}, {"id": "e1"}]"#, #"mentees[1].id: duplicate mentee "e1" (first at mentees[0])"#),
        (#"[{"id": "e1"}, {}]"#, #"mentees[1]: missing "id""#),
        (#"[{"id": "e1", "name": "x"}]"#, #"mentees[0]: unknown key "name""#),
        (#"[{"id": "e1", "id": "e2"}]"#, #"mentees[0]: key "id" appears twice"#),
        (#"[{"id": 7}]"#, "mentees[0].id: expected a string"),
        (#"[{"id": ""}]"#, "mentees[0].id: empty identifier"),
        (#"["e1"]"#, "mentees[0]: expected an object"),
    ])
    func badMentees(mentees: String, expected: String) {
        #expect(message(instance(mentees: mentees)) == expected)
    }

    @Test(arguments: [
        (#"[{"id": "m1", "capacity": -1}]"#, "mentors[0].capacity: negative capacity -1"),
        (#"[{"id": "m1", "capacity": 1.5}]"#, "mentors[0].capacity: expected a whole number of mentees, found 1.5"),
        (#"[{"id": "m1", "capacity": "2"}]"#, "mentors[0].capacity: expected a whole number of mentees"),
        (#"[{"id": "m1", "capacity": 99999999999}]"#, "mentors[0].capacity: capacity 99999999999 is too large"),
        (#"[{"id": "m1"}]"#, #"mentors[0]: missing "capacity""#),
        (
            #"[{"id": "m1", "capacity": 1}, {"id": "m1", "capacity": 1}]"#,
            #"mentors[1].id: duplicate mentor "m1" (first at mentors[0])"#
        ),
    ])
    func badMentors(mentors: String, expected: String) {
        #expect(message(instance(mentors: mentors)) == expected)
    }

    @Test(arguments: [
        (#"[{"mentee": "e1", "mentor": "m9", "score": 1}]"#, #"pairs[0].mentor: unknown mentor "m9""#),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": 1}, {"mentee": "x", "mentor": "m1", "score": 1}]"#,
            #"pairs[1].mentee: unknown mentee "x""#
        ),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": 1001}]"#,
            "pairs[0].score: score 1001 is out of range (a whole number from 0 to 1000)"
        ),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": -1}]"#,
            "pairs[0].score: score -1 is out of range (a whole number from 0 to 1000)"
        ),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": 37.5}]"#,
            "pairs[0].score: expected a whole number from 0 to 1000, found 37.5"
        ),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": 1e2}]"#,
            "pairs[0].score: expected a whole number from 0 to 1000, found 1e2"
        ),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": 123456789012345678901234}]"#,
            "pairs[0].score: expected a whole number from 0 to 1000, found 123456789012345678901234"
        ),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": null}]"#,
            "pairs[0].score: expected a whole number from 0 to 1000"
        ),
        (#"[{"mentee": "e1", "mentor": "m1"}]"#, #"pairs[0]: missing "score""#),
        (#"[{"mentee": "e1", "mentor": "m1", "score": 1, "note": 2}]"#, #"pairs[0]: unknown key "note""#),
        (#"[{"mentee": "e1", "mentor": "m1", "mentor": "m2", "score": 1}]"#, #"pairs[0]: key "mentor" appears twice"#),
        (
            #"[{"mentee": "e1", "mentor": "m1", "score": 1}, {"mentee": "e2", "mentor": "m1", "score": 1}, {"mentee": "e1", "mentor": "m1", "score": 2}]"#,
            #"pairs[2]: duplicate pair (mentee "e1", mentor "m1"), first at pairs[0]"#
        ),
    ])
    func badPairs(pairs: String, expected: String) {
        #expect(message(instance(pairs: pairs)) == expected)
    }

    @Test(arguments: [
        (#"{"mentees": {"e9": []}}"#, #"preferences.mentees: unknown mentee "e9""#),
        (#"{"mentees": {"e1": ["m1", "m7"]}}"#, #"preferences.mentees["e1"][1]: unknown mentor "m7""#),
        (#"{"mentors": {"m1": ["e2", "e2"]}}"#, #"preferences.mentors["m1"][1]: mentee "e2" listed twice"#),
        (#"{"mentors": {"m1": [], "m1": []}}"#, #"preferences.mentors: mentor "m1" appears twice"#),
        (#"{"mentors": {"m1": "e1"}}"#, #"preferences.mentors["m1"]: expected a list"#),
        (#"{"mentees": {"e1": [3]}}"#, #"preferences.mentees["e1"][0]: expected a string"#),
        (#"{"others": {}}"#, #"preferences: unknown key "others""#),
        (#"[]"#, "preferences: expected an object"),
        // A forgotten side is refused, not read as "nobody ranks anyone".
        (#"{}"#, "preferences.mentees: missing (give it, as {} if no mentee ranks anyone)"),
        (#"{"mentees": {"e1": ["m1"]}}"#, "preferences.mentors: missing (give it, as {} if no mentor ranks anyone)"),
        (#"{"mentors": {"m1": ["e1"]}}"#, "preferences.mentees: missing (give it, as {} if no mentee ranks anyone)"),
    ])
    func badPreferences(preferences: String, expected: String) {
        #expect(message(instance(preferences: preferences)) == expected)
    }

    @Test func pairsBeforeThePeopleTheyNameAreStillChecked() {
        let json =
            #"{"pairs": [{"mentee": "e1", "mentor": "m9", "score": 1}], "format": "cairn-matching/1", "mentees": [{"id": "e1"}], "mentors": []}"#
        #expect(message(json) == #"pairs[0].mentor: unknown mentor "m9""#)
    }

    @Test func readingTheFileEqualsBuildingFromValues() throws {
        for seed in 300..<500 as Range<UInt64> {
            let instance = RandomInstance(
                seed: seed, mentees: 0...30, mentors: 0...10, capacity: 0...3, allowedPerMentee: 0...5, scores: 0...1000
            )
            let fromValues = try instance.problem()
            let fromFile = try read(instance.json)
            for solve in [OptimalMatcher.solve, StableMatcher.solve] {
                let expected = MatchingResultWriter.json(solve(fromValues), for: fromValues)
                #expect(MatchingResultWriter.json(solve(fromFile), for: fromFile) == expected, "seed \(seed)")
            }
        }
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = [UInt8](json: #"{"format": "cairn-matching/1", "mentees": [{"id": "e"#)
        bytes += [0xC3, 0x28]
        bytes += [UInt8](json: #""}], "mentors": []}"#)
        #expect(
            throws: MatchingInputError(
                location: "line 1, column 53 (byte 52)", problem: "malformed JSON: invalid UTF-8")
        ) {
            try MatchingInstanceReader.read(bytes)
        }
    }

    @Test func theValueBuilderGivesTheSameMessagesAsFiles() {
        #expect(throws: MatchingInputError(location: "pairs[0].mentor", problem: #"unknown mentor "m9""#)) {
            try MatchingProblem(
                menteeIDs: ["e1"], mentors: [MentorCapacity(mentorID: "m1", capacity: 1)],
                pairs: [ScoredPair(menteeID: "e1", mentorID: "m9", score: 1)])
        }
        #expect(throws: MatchingInputError(location: "mentors[0].capacity", problem: "negative capacity -2")) {
            try MatchingProblem(menteeIDs: [], mentors: [MentorCapacity(mentorID: "m1", capacity: -2)])
        }
        #expect(
            throws: MatchingInputError(location: #"preferences.mentees["e1"][0]"#, problem: #"unknown mentor "m2""#)
        ) {
            try MatchingProblem(
                menteeIDs: ["e1"], mentors: [MentorCapacity(mentorID: "m1", capacity: 1)],
                menteePreferences: ["e1": ["m2"]])
        }
    }
}
