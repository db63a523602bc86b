import Foundation
import Testing

@testable import CairnCore

/// The rules of learning events: what an event must say, its booking window, and what organisers see of feedback.
@Suite("Learning event rules")
struct EventRulesTests {
    let zone = TimeZone(identifier: "Europe/London")!
    let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 (a Wednesday) 08:53 UTC

    func draft(_ change: (inout EventDraft) -> Void = { _ in }) -> EventDraft {
        var draft = EventDraft(
            title: "Returning to practice", description: "For doctors **returning**.", visibility: "members",
            format: "in_person", place: "Room 2, Deanery", capacity: "20", cpdHours: "3",
            sessions: [.typed(date: "2027-03-02", start: "09:30", end: "12:30")])
        change(&draft)
        return draft
    }

    func problems(_ draft: EventDraft) -> [EventField] {
        if case .failure(let refusal) = draft.checked(now: now, in: zone) { return refusal.problems.map(\.field) }
        return []
    }

    @Test func aWholeEventChecks() throws {
        let checked = try draft().checked(now: now, in: zone).get()
        #expect(checked.cpdMinutes == 180)
        #expect(checked.sessions.count == 1)
        #expect(checked.sessions[0].minutes == 180)
        #expect(checked.bookingOpensAt == now)
        // booking closes when the first session starts (09:30 GMT on 2 March)
        #expect(checked.bookingClosesAt == checked.sessions[0].start)
        #expect(checked.sessions[0].start == Date(timeIntervalSince1970: 1_803_979_800))  // 2027-03-02 09:30 GMT
    }

    @Test func eachFieldIsChecked() {
        #expect(problems(draft { $0.title = "  " }) == [.title])
        #expect(problems(draft { $0.description = "" }) == [.description])
        #expect(problems(draft { $0.capacity = "0" }) == [.capacity])
        #expect(problems(draft { $0.capacity = "1001" }) == [.capacity])
        #expect(problems(draft { $0.cpdHours = "1.1" }) == [.cpdHours])
        #expect(problems(draft { $0.cpdHours = "-1" }) == [.cpdHours])
        #expect(problems(draft { $0.format = "video" }) == [.videoLink])
        #expect(
            problems(
                draft {
                    $0.format = "hybrid"
                    $0.place = ""
                }) == [.place, .videoLink])
        #expect(
            problems(
                draft {
                    $0.format = "video"
                    $0.videoLink = "javascript:alert(1)"
                }) == [.videoLink])
        #expect(problems(draft { $0.professions = ["surgeon"] }) == [.professions])
        #expect(
            problems(
                draft {
                    $0.staffOnly = true
                    $0.visibility = "public"
                }) == [.visibility])
        #expect(problems(draft { $0.sessions = [] }) == [.sessionDate(0)])
        #expect(
            problems(draft { $0.sessions = [.typed(date: "2027-02-30", start: "09:00", end: "10:00")] }) == [
                .sessionDate(0)
            ])
        #expect(
            problems(draft { $0.sessions = [.typed(date: "2027-03-02", start: "9", end: "10:00")] }) == [
                .sessionStart(0)
            ])
        #expect(
            problems(draft { $0.sessions = [.typed(date: "2027-03-02", start: "10:00", end: "10:00")] }) == [
                .sessionEnd(0)
            ])
    }

    @Test func sessionsMayNotOverlapAndAreKeptInOrder() throws {
        let overlapping = draft {
            $0.sessions = [
                .typed(date: "2027-03-03", start: "09:00", end: "12:00"),
                .typed(date: "2027-03-02", start: "09:00", end: "17:00"),
                .typed(date: "2027-03-03", start: "11:00", end: "13:00"),
            ]
        }
        #expect(problems(overlapping) == [.sessionStart(2)])
        let ordered = try draft {
            $0.sessions = [
                .typed(date: "2027-03-03", start: "09:00", end: "12:00"),
                .typed(date: "", start: "", end: ""),
                .typed(date: "2027-03-02", start: "09:00", end: "17:00"),
            ]
        }.checked(now: now, in: zone).get()
        #expect(ordered.sessions.map(\.minutes) == [480, 180])
    }

    @Test func aStateRefusalIsAConflictNotATypingError() throws {
        guard
            case .failure(let refusal) = draft({
                $0.staffOnly = true
                $0.visibility = "public"
            }).checked(now: now, in: zone)
        else {
            Issue.record("accepted")
            return
        }
        #expect(refusal.problems.allSatisfy { $0.isConflictWithState })
        guard
            case .failure(let window) = draft({ $0.bookingOpens = .day("2027-03-03") }).checked(now: now, in: zone)
        else {
            Issue.record("accepted")
            return
        }
        #expect(window.problems.map(\.field) == [.bookingCloses])
        #expect(window.problems.allSatisfy { $0.isConflictWithState })
    }

    @Test func bookingClosesAtTheEndOfTheDayGivenButNeverAfterTheStart() throws {
        let early = try draft { $0.bookingCloses = .day("2027-02-20") }.checked(now: now, in: zone).get()
        #expect(early.bookingClosesAt == Date(timeIntervalSince1970: 1_803_168_000))  // 2027-02-21 00:00 GMT
        let late = try draft { $0.bookingCloses = .day("2027-03-10") }.checked(now: now, in: zone).get()
        #expect(late.bookingClosesAt == late.sessions[0].start)
    }

    @Test func theBookingWindowReadsStatusAndTimes() {
        let opens = now
        let closes = now.addingTimeInterval(3_600)
        #expect(BookingWindow.at(now, status: .draft, opensAt: opens, closesAt: closes) == .notPublished)
        #expect(BookingWindow.at(now, status: .cancelled, opensAt: opens, closesAt: closes) == .cancelled)
        #expect(BookingWindow.at(now, status: .published, opensAt: opens, closesAt: closes) == .open)
        #expect(
            BookingWindow.at(now.addingTimeInterval(-1), status: .published, opensAt: opens, closesAt: closes)
                == .notYetOpen(opens: opens))
        #expect(BookingWindow.at(closes, status: .published, opensAt: opens, closesAt: closes) == .closed)
    }

    @Test func feedbackFiguresNeedFiveResponsesAndCommentsFiveWriters() {
        let four = EventFeedbackSummary(
            .init(responses: 4, ratingTotal: 20, usefulnessTotal: 20, foundUseful: 4, comments: 4))
        #expect(four.responses == .suppressed)
        #expect(four.meanRating == .suppressed)
        #expect(!four.commentsShown)
        let five = EventFeedbackSummary(
            .init(responses: 5, ratingTotal: 22, usefulnessTotal: 18, foundUseful: 3, comments: 4))
        #expect(five.responses == .shown(5))
        #expect(five.meanRating == .shown(4.4))
        #expect(five.meanUsefulness == .shown(3.6))
        #expect(five.foundUsefulPercent == .shown(60))
        #expect(!five.commentsShown)
        let comments = EventFeedbackSummary(
            .init(responses: 9, ratingTotal: 40, usefulnessTotal: 40, foundUseful: 9, comments: 5))
        #expect(comments.commentsShown)
    }

    @Test func aPooledFigureLeavesOutEveryEventWhoseOwnFigureIsSuppressed() {
        let shown = EventFeedbackSummary.Sums(
            responses: 6, ratingTotal: 30, usefulnessTotal: 24, foundUseful: 5, comments: 2)
        let hidden = EventFeedbackSummary.Sums(
            responses: 2, ratingTotal: 2, usefulnessTotal: 2, foundUseful: 0, comments: 1)
        // With the hidden event in, pooled minus the shown event would give the hidden one's figures back.
        #expect(EventFeedbackSummary.pooled([shown, hidden]) == shown)
        #expect(EventFeedbackSummary.pooled([hidden]) == .none)
    }
}
