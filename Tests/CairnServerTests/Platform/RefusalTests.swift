import Testing
import Vapor

@testable import CairnPlatform

/// Services say what kind of refusal they make; the API's status follows the kind, never the wording.
@Suite("Typed refusals")
struct RefusalTests {
    @Test func aStateConflictIsA409AndABadValueA422WhateverTheyAreWorded() throws {
        var conflict = FormErrors()
        conflict.add("comment", "Enter a comment")
        conflict.addConflict("status", "Enter a comment")
        #expect((conflict.refusal as? any AbortError)?.status == .conflict)

        var invalid = FormErrors()
        invalid.add("status", "Feedback has been given on this session, so its time and status can no longer change")
        let failure = try #require(invalid.refusal as? ValidationFailure)
        #expect(failure.status == .unprocessableEntity)
        #expect(failure.problems.map(\.field) == ["status"])

        #expect(FormErrors().refusal == nil)
    }
}
