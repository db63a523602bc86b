import CairnCore
import Testing

@Suite("Programme drafts")
struct ProgrammeDraftTests {
    static func form(_ fields: [String: String], rules: Set<String> = []) -> ProgrammeDraft {
        ProgrammeDraft.fromForm({ fields[$0] }, rules: rules)
    }

    static let complete = [
        "name": " IMG mentoring ", "audience": "IMG GP trainees", "cohort_starts_on": "2027-02-01",
        "session_count": "4", "session_minutes": "60", "session_mode": "video", "window_months": "6",
        "matching_mode": "stable", "weight_sameRegion": "0",
    ]

    @Test func aCompleteFormBecomesSettings() throws {
        let settings = try Self.form(Self.complete, rules: ["exclude_same_specialty"]).validate().get()
        #expect(settings.name == "IMG mentoring")
        #expect(settings.cohortStartsOn == CalendarDay(2027, 2, 1))
        #expect(settings.template == SessionTemplate(count: 4, minutes: 60, mode: .video, windowMonths: 6))
        #expect(settings.matching == .stable)
        #expect(settings.weights[.sameRegion] == 0)
        #expect(settings.weights[.sameProfession] == ProgrammeWeights.standard[.sameProfession])
        #expect(!settings.excludeSameEmployer && settings.excludeSameSpecialty && !settings.openForApplications)
    }

    @Test func eachProblemNamesItsFieldForTheFormAndTheAPI() {
        var fields = Self.complete
        fields["session_count"] = "four"
        fields["weight_wishedGender"] = "-3"
        fields["matching_mode"] = "by lottery"
        fields["cohort_starts_on"] = ""
        guard case .failure(let refusal) = Self.form(fields).validate() else {
            Issue.record("a draft with four problems was accepted")
            return
        }
        let named = Set(refusal.problems.map(\.field))
        #expect(named == [.sessionCount, .weight(.wishedGender), .matchingMode, .cohortStartsOn])
        #expect(
            Set(named.map(\.formName)) == ["session_count", "weight_wishedGender", "matching_mode", "cohort_starts_on"])
        #expect(
            Set(named.map(\.jsonPointer))
                == ["/sessionCount", "/weights/wishedGender", "/matchingMode", "/cohortStartsOn"])
    }

    @Test func weightsThatAddUpToMoreThanAThousandAreRefused() {
        var draft = Self.form(Self.complete)
        draft.weights = [.sameProfession: 900, .sharedLanguage: 900]
        guard case .failure(let refusal) = draft.validate() else {
            Issue.record("weights over 1,000 were accepted")
            return
        }
        #expect(refusal.problems.map(\.field) == [.weight(.sameProfession)])
        #expect(refusal.problems.first?.message.hasPrefix("The weights add up to") == true)
    }
}

@Suite("Grades belong to professions")
struct GradesBelongToProfessionsTests {
    @Test func aNurseCannotBeAnST4InARosterOrAReferral() {
        let line: [String: String] = [
            "name": "Ann Lee", "email": "ann@example.org", "profession": "nurse", "grade": "ST4", "capacity": "1",
        ]
        guard case .failure(let problems) = MenteeEntry.read({ line[$0] }) else {
            Issue.record("a nurse at ST4 was accepted")
            return
        }
        #expect(problems.entries.map(\.field) == ["grade"])
        let nurseGrade = Profession.nurse.grades.first { $0 != .other }!
        var fitting = line
        fitting["grade"] = nurseGrade.rawValue
        #expect((try? MenteeEntry.read({ fitting[$0] }).get()) != nil)

        var referral = SelfReferral()
        referral.profession = "nurse"
        referral.grade = "st4"
        #expect(referral.problems(in: .aboutYou).contains { $0.field == "grade" })
        referral.grade = nurseGrade.rawValue
        #expect(!referral.problems(in: .aboutYou).contains { $0.field == "grade" })
    }
}
