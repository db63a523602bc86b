import CairnCore
import Foundation
import Testing

@Suite("Roster files: CSV, mentors and mentees")
struct RosterTests {
    @Test func quotedValuesMayHoldCommasQuotesAndLineBreaks() throws {
        let text = "name,interests\r\n\"Okafor, James\",\"Says \"\"hello\"\"\nand more\"\r\nHelen Price,\r\n"
        let table = try CSVTable.parse(text).get()
        #expect(table.columns == ["name", "interests"])
        #expect(table.records.count == 2)
        #expect(table.records[0]["name"] == "Okafor, James")
        #expect(table.records[0]["interests"] == "Says \"hello\"\nand more")
        #expect(table.records[1].line == 4)
        #expect(table.records[1]["interests"] == nil)
    }

    @Test func anUnclosedQuoteOrTooManyValuesIsReportedWithItsLine() {
        #expect(CSVTable.parse("name\n\"Helen").failureMessage == "Line 2: a quoted value is never closed")
        #expect(
            CSVTable.parse("name,email\na,b,c\n").failureMessage?.hasPrefix("Line 2: 3 values for 2 columns") == true)
        #expect(CSVTable.parse("").failureMessage == "Line 1: the file is empty")
    }

    static let mentorHeader =
        "name,email,profession,specialty,grade,languages,region,employer,img_experience,gender,capacity,"
        + "training_course,training_completed,training_expires"

    @Test func aGoodMentorFileReadsEveryLine() throws {
        let csv = """
            \(Self.mentorHeader)
            Dr James Okafor,james@example.org,Doctor,General practice,GP partner,English; Yoruba,scotland,NHS Lothian,yes,man,2,NES mentor training,2025-03-01,2028-03-01
            Dr Helen Price,helen@example.org,doctor,,salaried_gp,english,,,no,woman,1,,,
            """
        let mentors = try RosterImport.mentors(csv).get()
        #expect(mentors.count == 2)
        #expect(mentors[0].profession == .doctor)
        #expect(mentors[0].grade == .gpPartner)
        #expect(mentors[0].languages == ["english", "yoruba"])
        #expect(mentors[0].region == .scotland)
        #expect(mentors[0].hasInternationalGraduateExperience)
        #expect(
            mentors[0].training
                == TrainingRecord(
                    course: "NES mentor training", completed: CalendarDay(2025, 3, 1), expires: CalendarDay(2028, 3, 1))
        )
        #expect(mentors[1].training == nil)
        #expect(mentors[1].capacity == 1)
    }

    @Test func oneBadLineLoadsNothingAndEveryProblemNamesItsLine() throws {
        let csv = """
            \(Self.mentorHeader)
            Dr James Okafor,james@example.org,Doctor,,,,,,,,2,,,
            ,not-an-email,astronaut,,ST9,,,,maybe,,0,Course,2025-02-30,2024-01-01
            Dr Okafor again,JAMES@example.org,doctor,,,,,,,,1,,,
            """
        guard case .failure(let problems) = RosterImport.mentors(csv) else {
            Issue.record("a bad file was accepted")
            return
        }
        let messages = problems.lines.map(\.description)
        #expect(messages.contains("Line 3: name: Enter their name"))
        #expect(messages.contains("Line 3: email: Enter an email address in the correct format, like name@example.org"))
        #expect(messages.contains { $0.hasPrefix("Line 3: profession: \"astronaut\" is not a profession") })
        #expect(messages.contains { $0.hasPrefix("Line 3: grade: \"ST9\"") })
        #expect(messages.contains("Line 3: img_experience: Answer yes or no"))
        #expect(messages.contains { $0.hasPrefix("Line 3: capacity:") })
        #expect(messages.contains { $0.hasPrefix("Line 3: training_completed:") })
        #expect(messages.contains("Line 4: email: the same person as line 2"))
        #expect(!messages.contains { $0.hasPrefix("Line 2") })
    }

    @Test func unknownAndMissingColumnsAreRefusedBeforeAnyLine() {
        guard case .failure(let problems) = RosterImport.mentees("name,email,shoe_size\nA,a@example.org,9\n") else {
            Issue.record("accepted")
            return
        }
        #expect(
            problems.lines.map(\.description) == [
                "Line 1: unknown column shoe_size; the columns are \(MenteeEntry.columns.joined(separator: ", "))",
                "Line 1: missing column profession",
            ])
    }

    @Test func aMenteeStatesWishesAndASupervisorWhoIsNeverThemselves() throws {
        let header = "name,email,profession,languages,supervisor_email,wish_language,wish_language_required,wish_gender"
        let mentee = try RosterImport.mentees(
            header + "\nDr Amira Haddad,amira@example.org,doctor,Arabic;English,helen@example.org,Arabic,yes,woman\n"
        ).get()[0]
        #expect(mentee.wishes.language == StatedWish("arabic", isRequired: true))
        #expect(mentee.wishes.mentorGender == StatedWish("woman", isRequired: false))
        #expect(mentee.supervisorEmail == "helen@example.org")
        guard
            case .failure(let problems) = RosterImport.mentees(
                header + "\nDr A,a@example.org,doctor,,A@example.org,,yes,\n")
        else {
            Issue.record("accepted")
            return
        }
        #expect(
            problems.lines.map(\.description) == [
                "Line 2: supervisor_email: A mentee cannot be their own supervisor",
                "Line 2: wish_language: Say what is required, or answer no to \"required\"",
            ])
    }

    @Test func datesMustBeRealDays() {
        #expect(CalendarDay(iso: "2028-02-29") == CalendarDay(2028, 2, 29))
        #expect(CalendarDay(iso: "2027-02-29") == nil)
        #expect(CalendarDay(iso: "27-02-01") == nil)
        #expect(CalendarDay(iso: "2027-13-01") == nil)
    }
}

@Suite("Why a mentee has no mentor")
struct UnmatchedReasonTests {
    let today = Date(timeIntervalSince1970: 1_795_600_000)

    @Test func theReasonNamesTheRulesThatLeftNoOne() {
        let mentee = MenteeProfile(
            id: "amira", profession: "doctor", languages: ["arabic"], employer: "lothian",
            wishes: MenteeWishes(language: StatedWish("arabic", isRequired: true)))
        let mentors = [
            MentorProfile(
                id: "a", profession: "doctor", languages: ["arabic"], employer: "lothian",
                trainingValidUntil: today.addingTimeInterval(86_400), capacity: 2),
            MentorProfile(
                id: "b", profession: "doctor", languages: ["english"], employer: "fife",
                trainingValidUntil: today.addingTimeInterval(86_400), capacity: 2),
            MentorProfile(
                id: "c", profession: "doctor", languages: ["arabic"], employer: "fife", trainingValidUntil: nil,
                capacity: 2),
        ]
        let assessment = CompatibilityScorer().assess(mentees: [mentee], mentors: mentors, today: today)
        #expect(
            UnmatchedReason.describe(assessment.menteeOptions[0], mentee: mentee, mentorCount: 3)
                == "No trained mentor outside their employer speaks Arabic.")
    }

    @Test func aMenteeWithOptionsButNoPlaceIsToldTheMentorsAreFull() {
        var options = MenteeOptions(menteeID: "x")
        #expect(
            UnmatchedReason.describe(options, mentee: MenteeProfile(id: "x", profession: "doctor"), mentorCount: 0)
                == "There are no mentors in this programme yet.")
        options =
            CompatibilityScorer().assess(
                mentees: [MenteeProfile(id: "x", profession: "doctor")],
                mentors: [
                    MentorProfile(
                        id: "m", profession: "doctor", trainingValidUntil: today.addingTimeInterval(9_999), capacity: 1)
                ], today: today
            ).menteeOptions[0]
        #expect(
            UnmatchedReason.describe(options, mentee: MenteeProfile(id: "x", profession: "doctor"), mentorCount: 1)
                == "The one mentor who could be matched with them is full.")
    }
}

extension Result where Failure == CSVTable.Problem {
    var failureMessage: String? {
        if case .failure(let problem) = self { return problem.description }
        return nil
    }
}

@Suite("End-of-programme questionnaires")
struct QuestionnaireTests {
    @Test func linesBecomeRatedAndFreeTextQuestionsAndBack() throws {
        let questionnaire = try Questionnaire.parse("I felt supported\n\n  Text: What helped?  \nI would return\n")
            .get()
        #expect(
            questionnaire.questions == [
                .init(kind: .rating, text: "I felt supported"), .init(kind: .text, text: "What helped?"),
                .init(kind: .rating, text: "I would return"),
            ])
        #expect(try Questionnaire.parse(questionnaire.lines).get() == questionnaire)
        #expect(try Questionnaire.parse(Questionnaire.standardMentee.lines).get() == .standardMentee)
    }

    @Test func emptyRepeatedOrEndlessQuestionsAreRefused() {
        #expect(Questionnaire.parse(" \n").failureMessage == "Write at least one question")
        #expect(Questionnaire.parse("Text:").failureMessage == "A \"Text:\" line needs its question")
        #expect(Questionnaire.parse("Same\nSame").failureMessage == "\"Same\" is asked twice")
        #expect(
            Questionnaire.parse((1...31).map { "Question \($0)" }.joined(separator: "\n")).failureMessage
                == "Ask at most 30 questions")
    }

    @Test func averagesAndCommentsAppearOnlyFromFiveAnswers() {
        let four = Array(repeating: ["Useful": 4], count: 4)
        #expect(
            EvaluationSummary.ratings(four, questions: ["Useful"]) == [
                .init(question: "Useful", answers: 4, average: nil)
            ])
        let five = four + [["Useful": 5, "Other": 9]]
        #expect(EvaluationSummary.ratings(five, questions: ["Useful"])[0].average == 4.2)
        #expect(EvaluationSummary.texts(["b", "a", " ", "", "c"]) == [], "five answered, three wrote")
        #expect(EvaluationSummary.texts(["e", "b", "d", "a", "c"]) == ["a", "b", "c", "d", "e"])
    }

    @Test func theEvaluationOpensWhenNothingIsPlannedOrTheWindowHasClosed() {
        let end = CalendarDay(2027, 5, 31)
        #expect(!EvaluationSummary.isOpen(plannedSessions: 2, windowEnd: end, today: CalendarDay(2027, 5, 31)))
        #expect(EvaluationSummary.isOpen(plannedSessions: 2, windowEnd: end, today: CalendarDay(2027, 6, 1)))
        #expect(EvaluationSummary.isOpen(plannedSessions: 0, windowEnd: end, today: CalendarDay(2027, 1, 1)))
    }
}

extension Result where Failure == QuestionnaireProblem {
    var failureMessage: String? {
        if case .failure(let problem) = self { return problem.message }
        return nil
    }
}

@Suite("Stable matching from stated choices")
struct StatedChoiceTests {
    @Test func aMenteesChoicesLeadTheirRankingWhereTheRulesAllowThePair() throws {
        let today = Date(timeIntervalSince1970: 1_795_600_000)
        let trained = today.addingTimeInterval(86_400 * 365)
        let mentors = [
            MentorProfile(
                id: "P", profession: "doctor", languages: ["english"], region: "scotland",
                trainingValidUntil: trained, capacity: 1),
            MentorProfile(
                id: "Q", profession: "doctor", languages: ["english", "polish"], region: "london",
                trainingValidUntil: trained, capacity: 1),
            MentorProfile(id: "R", profession: "doctor", trainingValidUntil: nil, capacity: 1),
        ]
        let mentees = [
            MenteeProfile(id: "X", profession: "doctor", languages: ["english", "polish"], region: "scotland"),
            MenteeProfile(id: "Y", profession: "doctor", languages: ["english"], region: "london"),
        ]
        let assessment = CompatibilityScorer().assess(mentees: mentees, mentors: mentors, today: today)
        func matched(_ choices: [String: [String]]) throws -> [String: String] {
            let problem = try assessment.stableProblem(statedChoices: choices)
            return Dictionary(
                uniqueKeysWithValues: StableMatcher.solve(problem).assignments(in: problem).map {
                    ($0.menteeID, $0.mentorID)
                })
        }
        #expect(try matched([:]) == ["X": "P", "Y": "Q"], "by score alone")
        #expect(try matched(["X": ["Q"], "Y": ["P"]]) == ["X": "Q", "Y": "P"], "their own choices")
        #expect(try matched(["X": ["R", "Q"], "Y": ["P"]]) == ["X": "Q", "Y": "P"], "R is untrained: skipped")
    }
}
