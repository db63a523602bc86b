import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// The end-of-programme evaluation from both sides: the programme's questions, each person's answers once, and
/// the aggregate the programme lead sees (never a named response; `EvaluationSummary` decides what is shown).
package struct EvaluationService {
    package let context: ServiceContext
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    package var now: Date { state.collaborators.now() }

    package func questionnaire(for programme: MentoringProgramme, side: DualBlindFeedback.Side) async throws
        -> Questionnaire
    {
        if let stored = try await EvaluationQuestionnaire.query(on: database)
            .filter(\.$programmeID == programme.requireID()).filter(\.$side == side.rawValue).first(),
            case .success(let questionnaire) = Questionnaire.parse(stored.questions)
        {
            return questionnaire
        }
        return side == .mentee ? .standardMentee : .standardMentor
    }

    package func saveQuestions(_ lines: [DualBlindFeedback.Side: String], for programme: MentoringProgramme)
        async throws
        -> FormErrors
    {
        var errors = FormErrors()
        var parsed: [DualBlindFeedback.Side: Questionnaire] = [:]
        for side in [DualBlindFeedback.Side.mentee, .mentor] {
            switch Questionnaire.parse(lines[side] ?? "") {
            case .success(let questionnaire): parsed[side] = questionnaire
            case .failure(let problem): errors.add("\(side.rawValue)Questions", problem.message)
            }
        }
        guard errors.isEmpty else { return errors }
        for (side, questionnaire) in parsed {
            let row =
                try await EvaluationQuestionnaire.query(on: database).filter(\.$programmeID == programme.requireID())
                .filter(\.$side == side.rawValue).first() ?? EvaluationQuestionnaire()
            if row.id == nil {
                row.id = state.collaborators.newID()
                row.programmeID = try programme.requireID()
                row.side = side.rawValue
            }
            row.questions = questionnaire.lines
            row.updatedAt = now
            try await row.save(on: database)
        }
        return errors
    }

    /// Open once the pair has no session still planned, or the window has closed; answered once.
    package func isOpen(_ view: MentoringAccess.PairView) async throws -> Bool {
        try await isOpen(pairID: view.pair.requireID(), programme: view.programme)
    }

    package func isOpen(pairID: UUID, programme: MentoringProgramme) async throws -> Bool {
        guard try await MentoringPair.find(pairID, on: database)?.status == .active else { return false }
        let planned = try await MentoringSession.query(on: database).filter(\.$pairID == pairID)
            .filter(\.$status == .planned).count()
        return EvaluationSummary.isOpen(
            plannedSessions: planned, windowEnd: programme.plan(state.workingDays).windowEnd, today: state.today)
    }

    package func hasAnswered(_ view: MentoringAccess.PairView) async throws -> Bool {
        try await hasAnswered(pairID: view.pair.requireID(), side: view.side)
    }

    package func hasAnswered(pairID: UUID, side: DualBlindFeedback.Side) async throws -> Bool {
        try await EvaluationResponse.query(on: database).filter(\.$pairID == pairID)
            .filter(\.$side == side.rawValue).first() != nil
    }

    package static func field(_ index: Int) -> String { "q\(index + 1)" }

    /// One side's answers, in the order of the programme's questions.
    package func respond(_ answers: [String], _ view: MentoringAccess.PairView) async throws
        -> Result<Void, Refusal<Int>>
    {
        guard try await isOpen(view), !(try await hasAnswered(view)) else {
            return .failure(
                .conflict(0, "The evaluation opens when your sessions are done, and you can answer it once"))
        }
        var problems: [DraftProblem<Int>] = []
        let questionnaire = try await questionnaire(for: view.programme, side: view.side)
        var ratings: [String: Int] = [:]
        var texts: [String: String] = [:]
        for (index, question) in questionnaire.questions.enumerated() {
            let answer = (index < answers.count ? answers[index] : "").trimmingCharacters(in: .whitespacesAndNewlines)
            switch question.kind {
            case .rating:
                guard let value = Int(answer), (1...5).contains(value) else {
                    problems.append(.init(index, "Choose from 1 to 5 for “\(question.text)”"))
                    continue
                }
                ratings[question.text] = value
            case .text:
                if answer.count > 2_000 {
                    problems.append(.init(index, "Keep each answer to 2,000 characters or fewer"))
                }
                if !answer.isEmpty { texts[question.text] = answer }
            }
        }
        guard problems.isEmpty else { return .failure(.invalid(problems)) }
        let row = EvaluationResponse()
        row.id = state.collaborators.newID()
        row.programmeID = try view.programme.requireID()
        row.pairID = try view.pair.requireID()
        row.side = view.side.rawValue
        row.answeredAt = now
        row.ratings = String(decoding: try JSONEncoder().encode(ratings), as: UTF8.self)
        if !texts.isEmpty {
            row.texts = try state.cipher.seal(
                String(decoding: try JSONEncoder().encode(texts), as: UTF8.self),
                for: EvaluationResponse.textsBinding(row.id!))
        }
        do {
            try await row.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .failure(.conflict(0, "You have already answered the evaluation"))
        }
        return .success(())
    }

    /// Results wait until the programme's window has closed, so a change on the dashboard cannot be tied to the
    /// person who has just answered.
    package func isReleased(_ programme: MentoringProgramme) -> Bool {
        state.today > programme.plan(state.workingDays).windowEnd
    }

    package struct SideSummary: Sendable {
        package var side: DualBlindFeedback.Side
        package var respondents: Int
        package var ratings: [EvaluationSummary.Line]
        package var texts: [(question: String, answers: [String])]
    }

    /// Both sides' aggregates. Free text is opened only to be shown without names, and only from five respondents.
    package func summary(for programme: MentoringProgramme) async throws -> [SideSummary] {
        guard isReleased(programme) else { return [] }
        let responses = try await EvaluationResponse.query(on: database)
            .filter(\.$programmeID == programme.requireID()).all()
        var result: [SideSummary] = []
        for side in [DualBlindFeedback.Side.mentee, .mentor] {
            let questionnaire = try await questionnaire(for: programme, side: side)
            let mine = responses.filter { $0.side == side.rawValue }
            let ratings = mine.map {
                (try? JSONDecoder().decode([String: Int].self, from: Data($0.ratings.utf8))) ?? [:]
            }
            var texts: [(String, [String])] = []
            for question in questionnaire.questions where question.kind == .text {
                var answers: [String] = []
                if mine.count >= EvaluationSummary.minimumAnswers {
                    for response in mine {
                        guard let sealed = response.texts, let id = response.id else { continue }
                        let opened = try state.cipher.open(sealed, for: EvaluationResponse.textsBinding(id))
                        let byQuestion =
                            (try? JSONDecoder().decode([String: String].self, from: Data(opened.utf8))) ?? [:]
                        if let answer = byQuestion[question.text] { answers.append(answer) }
                    }
                }
                texts.append((question.text, EvaluationSummary.texts(answers)))
            }
            result.append(
                SideSummary(
                    side: side, respondents: mine.count,
                    ratings: EvaluationSummary.ratings(
                        ratings, questions: questionnaire.questions.filter { $0.kind == .rating }.map(\.text)),
                    texts: texts))
        }
        return result
    }
}
