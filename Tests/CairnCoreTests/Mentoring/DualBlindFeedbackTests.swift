import Foundation
import Testing

@testable import CairnCore

@Suite("Dual-blind session feedback")
struct DualBlindFeedbackTests {
    let held = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func neitherSideSeesTheOtherUntilBothHaveAnswered() {
        var feedback = DualBlindFeedback(
            sessionHeldAt: held, mentorAnsweredAt: held.addingTimeInterval(3600), menteeAnsweredAt: nil)
        let nextDay = held.addingTimeInterval(86_400)
        #expect(!feedback.mayRead(otherSideAs: .mentor, now: nextDay))
        #expect(!feedback.mayRead(otherSideAs: .mentee, now: nextDay))
        feedback.menteeAnsweredAt = nextDay
        #expect(feedback.mayRead(otherSideAs: .mentor, now: nextDay))
        #expect(feedback.mayRead(otherSideAs: .mentee, now: nextDay))
        #expect(feedback.releasedAt() == nextDay)
    }

    @Test func aWeekAfterTheSessionTheAnswersOpenAnyway() {
        let feedback = DualBlindFeedback(sessionHeldAt: held, mentorAnsweredAt: held, menteeAnsweredAt: nil)
        #expect(!feedback.mayRead(otherSideAs: .mentor, now: held.addingTimeInterval(7 * 86_400 - 1)))
        #expect(feedback.mayRead(otherSideAs: .mentor, now: held.addingTimeInterval(7 * 86_400)))
    }

    @Test func eachSideAnswersOnceAndNotBeforeTheSession() {
        let feedback = DualBlindFeedback(
            sessionHeldAt: held, mentorAnsweredAt: held.addingTimeInterval(60), menteeAnsweredAt: nil)
        #expect(!feedback.mayAnswer(as: .mentor, now: held.addingTimeInterval(120)))
        #expect(feedback.mayAnswer(as: .mentee, now: held.addingTimeInterval(120)))
        #expect(!feedback.mayAnswer(as: .mentee, now: held.addingTimeInterval(-60)))
    }
}
