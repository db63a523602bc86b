import Testing

@testable import CairnCore

/// The rules of practice and personal development planning (issue #18): how a workshop's rankings aggregate, with
/// ties; appraisal years and revalidation notice at their edges; what the NMC's three years count.
@Suite("Practice and personal development rules")
struct DevelopmentRulesTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(y, m, d) }

    let needs: [(id: String, title: String)] = [
        (id: "a", title: "Access"), (id: "b", title: "Baby clinics"), (id: "c", title: "Coding"),
        (id: "d", title: "Diabetes recall"),
    ]

    @Test func threeAttendeesRankingsAddUpAsABordaCount() {
        // n = 4: rank 1 earns 4 points, rank 4 earns 1.
        let rows = PriorityRanking.aggregate(
            needs: needs,
            ballots: [
                ["d": 1, "a": 2, "b": 3, "c": 4],
                ["d": 1, "b": 2, "a": 3, "c": 4],
                ["a": 1, "d": 2, "c": 3, "b": 4],
            ])
        #expect(rows.map(\.need) == ["d", "a", "b", "c"])
        #expect(rows.map(\.points) == [11, 9, 6, 4])
        #expect(rows.map(\.position) == [1, 2, 3, 4])
        #expect(rows.map(\.firstPlaces) == [2, 1, 0, 0])
        #expect(rows.allSatisfy { !$0.isTied })
        #expect(rows.allSatisfy { $0.rankedBy == 3 })
    }

    @Test func equalTotalsShareAPlaceAndTheNextPlaceSkips() {
        let rows = PriorityRanking.aggregate(
            needs: needs,
            ballots: [
                ["a": 1, "b": 2, "c": 3, "d": 4],
                ["b": 1, "a": 2, "d": 3, "c": 4],
            ])
        // a: 4 + 3 = 7, b: 3 + 4 = 7, c: 2 + 1 = 3, d: 1 + 2 = 3.
        #expect(rows.map(\.points) == [7, 7, 3, 3])
        #expect(rows.map(\.positionText) == ["=1", "=1", "=3", "=3"])
        // Within a tie, by title: never by something nobody chose.
        #expect(rows.map(\.need) == ["a", "b", "c", "d"])
    }

    @Test func aNeedLeftUnrankedEarnsNothingFromThatAttendee() {
        let rows = PriorityRanking.aggregate(
            needs: needs, ballots: [["c": 1], ["c": 2, "a": 1]])
        #expect(rows.first?.need == "c")
        #expect(rows.first?.points == 4 + 3)
        #expect(rows.first(where: { $0.need == "a" })?.points == 4)
        #expect(rows.first(where: { $0.need == "b" })?.rankedBy == 0)
        #expect(rows.suffix(2).map(\.positionText) == ["=3", "=3"])
    }

    @Test func noBallotsTiesEveryNeedAtNought() {
        let rows = PriorityRanking.aggregate(needs: needs, ballots: [])
        #expect(rows.allSatisfy { $0.points == 0 && $0.position == 1 && $0.isTied })
    }

    @Test func ranksMustBeOneToNEachOnce() {
        #expect(PriorityRanking.problems(in: [1, 2, 3], needs: 4).isEmpty)
        #expect(!PriorityRanking.problems(in: [1, 1], needs: 4).isEmpty)
        #expect(!PriorityRanking.problems(in: [0, 2], needs: 4).isEmpty)
        #expect(!PriorityRanking.problems(in: [5], needs: 4).isEmpty)
        #expect(!PriorityRanking.problems(in: [], needs: 4).isEmpty)
    }

    @Test func theAppraisalYearRunsAprilToMarch() {
        #expect(Revalidation.appraisalYear(containing: day(2027, 3, 31)).lowerBound == day(2026, 4, 1))
        #expect(Revalidation.appraisalYear(containing: day(2027, 4, 1)).lowerBound == day(2027, 4, 1))
        #expect(Revalidation.appraisalYear(containing: day(2026, 11, 30)).upperBound == day(2027, 3, 31))
        #expect(Revalidation.appraisalYearText(Revalidation.appraisalYear(containing: day(2026, 11, 30))) == "2026/27")
        #expect(Revalidation.appraisalYearText(Revalidation.appraisalYear(containing: day(2099, 4, 2))) == "2099/00")
        let days = [day(2025, 6, 1), day(2026, 3, 31), day(2026, 5, 10)]
        let now = Revalidation.appraisal(in: days, on: day(2026, 11, 30))
        #expect(now.held == day(2026, 5, 10))
        let before = Revalidation.appraisal(in: days, on: day(2026, 4, 1))
        #expect(before.held == nil)
        #expect(before.latest == day(2026, 3, 31))
    }

    @Test func noticeComesFourMonthsBeforeTheDate() {
        let due = day(2027, 3, 31)
        #expect(Revalidation.noticeDay(for: due) == day(2026, 11, 30))
        #expect(Revalidation.standing(of: due, on: day(2026, 11, 29)) == .ahead(noticeOn: day(2026, 11, 30)))
        #expect(Revalidation.standing(of: due, on: day(2026, 11, 30)) == .noticeGiven(daysLeft: 121))
        #expect(Revalidation.standing(of: due, on: due) == .noticeGiven(daysLeft: 0))
        #expect(Revalidation.standing(of: due, on: day(2027, 4, 1)) == .passed(daysAgo: 1))
        // 30 June less four months is 28 February, or the 29th in a leap year; 30 June 2028 less 4 is 29 Feb 2028.
        #expect(Revalidation.noticeDay(for: day(2027, 6, 30)) == day(2027, 2, 28))
        #expect(Revalidation.noticeDay(for: day(2028, 6, 30)) == day(2028, 2, 29))
        #expect(Revalidation.nextDue(after: day(2024, 2, 29), register: .gmc) == day(2029, 2, 28))
        #expect(Revalidation.nextDue(after: day(2027, 3, 31), register: .nmc) == day(2030, 3, 31))
    }

    @Test func supportingInformationShowsEachOfTheSixKinds() {
        let rows = Revalidation.supportingInformation(present: [.cpd, .patientFeedback, .practiceHours])
        #expect(rows.count == 6)
        #expect(rows.filter(\.present).map(\.kind) == [.cpd, .patientFeedback])
    }

    @Test func theNMCCountsOnlyTheThreeYearsBeforeTheDate() {
        let due = day(2027, 3, 31)
        #expect(Revalidation.nmcWindow(for: due) == day(2024, 4, 1)...due)
        var evidence: [Revalidation.Evidence] = [
            .init(kind: .practiceHours, day: day(2024, 4, 1), minutes: 450 * 60),
            .init(kind: .cpd, day: day(2024, 3, 31), minutes: 35 * 60, participatory: true),  // a day too early
            .init(kind: .cpd, day: day(2025, 1, 1), minutes: 20 * 60, participatory: true),
            .init(kind: .cpd, day: day(2025, 1, 2), minutes: 15 * 60 - 1),
            .init(kind: .reflectiveDiscussion, day: due),
            .init(kind: .reflectiveDiscussion, day: day(2027, 4, 1)),  // a day too late
        ]
        evidence += (1...5).map { .init(kind: .feedback, day: day(2025, 2, $0)) }
        evidence += (1...4).map { .init(kind: .reflectiveAccount, day: day(2025, 3, $0)) }
        let rows = Revalidation.nmcRequirements(evidence, due: due)
        func row(_ title: String) -> Revalidation.Requirement? { rows.first { $0.title.hasPrefix(title) } }
        #expect(row("Practice hours")?.have == 450)
        #expect(row("Practice hours")?.isMet == true)
        // 20 h + 14 h 59 min: 34 whole hours, one minute short of 35.
        #expect(row("CPD")?.have == 34)
        #expect(row("CPD")?.isMet == false)
        #expect(row("Participatory")?.have == 20)
        #expect(row("Participatory")?.isMet == true)
        #expect(row("Practice-related feedback")?.isMet == true)
        #expect(row("Written reflective accounts")?.have == 4)
        #expect(row("Written reflective accounts")?.isMet == false)
        #expect(row("Reflective discussion")?.have == 1)
        #expect(row("Health and character")?.isMet == false)
    }

    @Test func draftsRefuseWhatAPersonWouldGetWrong() throws {
        let today = day(2026, 11, 30)
        guard
            case .failure(let refusal) = DevelopmentDraft(
                title: "Recall", aim: "Fewer missed reviews", objective: "All diabetic patients reviewed by March",
                startsOn: "2027-02-01", dueOn: "2027-01-01"
            ).checked()
        else {
            Issue.record("a due date before the start was accepted")
            return
        }
        #expect(refusal.problems.map(\.field) == [.dueOn])
        guard
            case .failure(let item) = PDPItemDraft(
                learningNeed: "Dermoscopy", objective: "Use dermoscopy in clinic", activity: "Course",
                targetOn: "2027-05-01",
                domain: GMPDomain.knowledge.rawValue, status: PDPStatus.complete.rawValue
            ).checked(today: today)
        else {
            Issue.record("a complete item without evidence was accepted")
            return
        }
        #expect(item.problems.map(\.field) == [.evidence])
        guard
            case .success(let evidence) = EvidenceDraft(
                kind: EvidenceKind.cpd.rawValue, day: "2026-11-01", title: "Course", hours: "1.5", participatory: true
            ).checked(today: today)
        else {
            Issue.record("1.5 hours refused")
            return
        }
        #expect(evidence.minutes == 90)
        #expect(evidence.participatory)
        for hours in ["", "0", "-1", "2000.5", "1,5", "abc"] {
            guard
                case .failure = EvidenceDraft(
                    kind: EvidenceKind.practiceHours.rawValue, day: "2026-11-01", title: "Shifts", hours: hours
                ).checked(today: today)
            else {
                Issue.record("hours \(hours) accepted")
                continue
            }
        }
        guard
            case .failure(let future) = EvidenceDraft(
                kind: EvidenceKind.feedback.rawValue, day: "2026-12-01", title: "Patient letter"
            ).checked(today: today), let problem = future.problems.first
        else {
            Issue.record("evidence from the future accepted")
            return
        }
        #expect(problem.isConflictWithState)
        guard case .failure(let realised) = EvaluationDraft(before: "Audit: 40%", realised: true).checked()
        else {
            Issue.record("a realised change with no change accepted")
            return
        }
        #expect(realised.problems.map(\.field) == [.realised])
    }
}

@Suite("A stored day in prose")
struct LongTextTests {
    @Test func aDayReadsAsProseAndAnythingElseAsItIs() {
        #expect(CalendarDay.longText(iso: "2026-12-07") == "7 December 2026")
        #expect(CalendarDay.longText(iso: "not a day") == "not a day")
    }
}
