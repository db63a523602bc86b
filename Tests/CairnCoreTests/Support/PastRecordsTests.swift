import Testing

@testable import CairnCore

@Suite("Reading a unit's earlier records")
struct PastRecordsTests {
    static let header =
        "reference,received_on,profession,grade,region,reasons,img,at_risk,state,first_contact_on,ended_on,outcomes,support,cost"
    static let today = CalendarDay(2026, 12, 2)
    static let outcomes: Set<String> = ["goals_met", "progression", "left_training"]

    static func read(_ lines: String...) -> Result<[PastRecord], ImportProblems> {
        PastRecordsImport.read(([header] + lines).joined(separator: "\n"), today: today, outcomes: outcomes)
    }

    @Test func aGoodFileReadsEveryField() throws {
        let records = try Self.read(
            "PSU-1,2026-03-04,doctor,gpst2,scotland,exam_difficulty;Wellbeing,yes,no,closed,2026-03-06,2026-07-30,goals_met;progression,coaching;exam_support,£450.50",
            "PSU-2,2026-03-05,Nurse,,,career_planning,,,withdrawn,,2026-03-20,,,"
        ).get()
        #expect(records.count == 2)
        let first = records[0]
        #expect(first.reference == "PSU-1")
        #expect(first.receivedOn == CalendarDay(2026, 3, 4))
        #expect(first.profession == .doctor && first.grade == .gpst2 && first.region == .scotland)
        #expect(first.reasons == [.examDifficulty, .wellbeing])
        #expect(first.isInternationalGraduate && !first.saidAtRisk)
        #expect(first.state == .closed && first.firstContactOn == CalendarDay(2026, 3, 6))
        #expect(first.outcomes == ["goals_met", "progression"])
        #expect(first.support == [.coaching, .examSupport] && first.costPence == 45_050)
        #expect(records[1].profession == .nurse && records[1].grade == .other && records[1].state == .withdrawn)
        #expect(records[1].costPence == 0 && records[1].support.isEmpty)
    }

    @Test func everyBadLineIsNamedAndNothingIsRead() {
        guard
            case .failure(let problems) = Self.read(
                "PSU-1,2026-03-04,doctor,gpst2,,exam_difficulty,,,closed,,2026-07-30,,,",
                "PSU-2,2026-02-30,doctor,,,exam_difficulty,,,closed,,2026-07-30,,,",
                "PSU-3,2026-03-04,doctor,,,exam_difficulty,,,active,,2026-07-30,,,",
                "PSU-4,2026-03-04,doctor,,,exam_difficulty,,,closed,,2027-01-30,,,",
                "PSU-5,2026-03-04,doctor,,,exam_difficulty,,,declined,,2026-03-01,goals_met,,",
                "PSU-6,2026-03-04,doctor,,,exam_difficulty,,,closed,,2026-04-01,,,120",
                "psu-1,2026-03-04,doctor,,,juggling,,,closed,,2026-04-01,,,",
                "PSU-8,2026-03-04,nurse,gpst1,,exam_difficulty,,,closed,,2026-04-01,,,"
            )
        else {
            Issue.record("a bad file was read")
            return
        }
        let byLine = Dictionary(grouping: problems.lines, by: \.line).mapValues { $0.map(\.message) }
        #expect(byLine[2] == nil)
        #expect(
            byLine[3]?.contains { $0.hasPrefix("received_on: Enter the date the request was received as a real date") }
                == true)
        #expect(byLine[4]?.contains { $0.hasPrefix("state: Only requests that have ended are imported") } == true)
        #expect(byLine[5]?.contains("ended_on: 2027-01-30 is in the future") == true)
        #expect(byLine[6]?.contains("ended_on: A request cannot end before it was received") == true)
        #expect(byLine[6]?.contains("outcomes: Only a closed request has outcomes") == true)
        #expect(byLine[7]?.contains("cost: Name the support the cost was for (the support column)") == true)
        #expect(byLine[8]?.contains { $0.hasPrefix("reasons: \"juggling\" is not a reason") } == true)
        #expect(byLine[8]?.contains("reference: the same as line 2") == true)
        #expect(byLine[9]?.contains("grade: GPST1 is not a grade of a nurse") == true)
    }

    @Test func missingAndUnknownColumnsAreNamed() {
        guard
            case .failure(let problems) = PastRecordsImport.read(
                "reference,received_on,colour\nPSU-1,2026-01-01,blue", today: Self.today, outcomes: Self.outcomes)
        else {
            Issue.record("a file without its columns was read")
            return
        }
        #expect(problems.lines.map(\.line) == [1, 1])
        #expect(problems.lines[0].message.contains("unknown column colour"))
        #expect(problems.lines[1].message.contains("missing column profession, reasons, state, ended_on"))
    }
}
