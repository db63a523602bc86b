import CairnCore
import Testing

@Suite("Plan item drafts")
struct PlanItemDraftTests {
    @Test func aCompleteDraftBecomesSettings() throws {
        let draft = PlanItemDraft(
            intervention: "coaching", status: "in_progress", provider: " Coaching Co ", startsOn: "2026-12-01",
            endsOn: "2027-02-28", reviewOn: "2027-01-15", cost: "£1,200.5")
        let settings = try draft.validate().get()
        #expect(settings.intervention == .coaching)
        #expect(settings.status == .inProgress)
        #expect(settings.provider == "Coaching Co")
        #expect(settings.endsOn == CalendarDay(2027, 2, 28))
        #expect(settings.reviewOn == CalendarDay(2027, 1, 15))
        #expect(settings.costPence == 120_050)
    }

    @Test func problemsNameTheirFieldForTheFormAndTheAPI() {
        let draft = PlanItemDraft(
            intervention: "astrology", status: "maybe", startsOn: "2027-03-01", endsOn: "2027-02-01",
            reviewOn: "2027-02-30", cost: "12.345")
        guard case .failure(let refusal) = draft.validate() else {
            Issue.record("an invalid draft was accepted")
            return
        }
        let problems = refusal.problems
        #expect(problems.map(\.field) == [.intervention, .status, .cost, .reviewOn, .endsOn])
        #expect(problems.map(\.field.formName) == ["intervention", "status", "cost", "reviewOn", "endsOn"])
        #expect(
            problems.map(\.field.jsonPointer) == ["/intervention", "/status", "/costPence", "/reviewOn", "/endsOn"])
        #expect(problems.last?.message == "The end date must be on or after the start date")
    }

    @Test func theAPIsPenceAndTheFormsPoundsBothWork() throws {
        #expect(try PlanItemDraft(intervention: "coaching", costPence: 4_500).validate().get().costPence == 4_500)
        #expect(try PlanItemDraft(intervention: "coaching").validate().get().costPence == 0)
        #expect(PlanItemDraft.pence("120") == 12_000)
        #expect(PlanItemDraft.pence("") == 0)
        #expect(PlanItemDraft.pence("-5") == nil)
        #expect(PlanItemDraft.pence("1e3") == nil)
        #expect(PlanItemDraft.day("2028-02-29") == CalendarDay(2028, 2, 29))
        #expect(PlanItemDraft.day("2027-02-29") == nil)
        #expect(PlanItemDraft.day("2027-2-1") == nil)
    }
}
