import Testing

@testable import CairnCore

@Suite struct MatchingCommandLineTests {
    @Test func validInputGivesTheResultDocument() {
        // act
        let outcome = MatchingCommandLine.run(
            mode: .optimal, input: [UInt8](json: MatchingInstanceReaderTests.issueExample))
        // check
        guard case .result(let bytes) = outcome else {
            Issue.record("expected a result, got \(outcome)")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"{"mentee":"e1","mentor":"m1","score":37}"#))
        #expect(text.contains(#""unmatched":["e2"]"#))
        #expect(outcome.exitStatus == 0)
    }

    @Test func stableModeReadsThePreferences() {
        let outcome = MatchingCommandLine.run(
            mode: .stable, input: [UInt8](json: MatchingInstanceReaderTests.issueExample))
        guard case .result(let bytes) = outcome else {
            Issue.record("expected a result, got \(outcome)")
            return
        }
        // e1 lists m1 and m1 lists e1 (e2 lists nobody): e1 is matched, with the score the pairs give
        #expect(
            String(decoding: bytes, as: UTF8.self).contains(
                #""assignments":["# + "\n" + #"{"mentee":"e1","mentor":"m1","score":37}"#))
    }

    @Test func badInputExitsWithStatusTwoAndOneMessage() {
        let input =
            #"{"format": "cairn-matching/1", "mentees": [{"id": "e1"}], "mentors": [], "pairs": [{"mentee": "e1", "mentor": "m9", "score": 1}]}"#
        let outcome = MatchingCommandLine.run(mode: .optimal, input: [UInt8](json: input))
        #expect(outcome == .inputError(#"pairs[0].mentor: unknown mentor "m9""#))
        #expect(outcome.exitStatus == 2)
    }

    @Test func eachModeNeedsItsSection() {
        let withoutPairs = #"{"format": "cairn-matching/1", "mentees": [], "mentors": []}"#
        #expect(
            MatchingCommandLine.run(mode: .optimal, input: [UInt8](json: withoutPairs))
                == .inputError("pairs: missing (optimal mode matches over the allowed pairs)"))
        #expect(
            MatchingCommandLine.run(mode: .stable, input: [UInt8](json: withoutPairs))
                == .inputError("preferences: missing (stable mode needs both sides' preferences)"))
    }

    @Test func progressIsReportedOnlyForLargeInputs() {
        var lines: [String] = []
        _ = MatchingCommandLine.run(mode: .optimal, input: [UInt8](json: MatchingInstanceReaderTests.issueExample)) {
            lines.append($0)
        }
        #expect(lines.isEmpty)
        let padding = String(repeating: " ", count: MatchingCommandLine.progressThreshold)
        _ = MatchingCommandLine.run(
            mode: .optimal, input: [UInt8](json: MatchingInstanceReaderTests.issueExample + padding)
        ) {
            lines.append($0)
        }
        #expect(lines.count == 2)
        // The command prefixes each line with "cairn match: " itself (it was doubled).
        #expect(lines.first?.hasPrefix("read 2 mentees, 1 mentors, 1 pairs in ") == true)
        #expect(lines.allSatisfy { !$0.contains("cairn match") })
    }
}
