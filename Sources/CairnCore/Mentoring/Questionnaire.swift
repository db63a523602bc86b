import Foundation

/// An end-of-programme evaluation questionnaire, written by the programme (DOMAIN.md §6: Cairn ships only questions
/// of its own; an organisation writes or licenses the rest). One question per line; a line that starts "Text:" asks
/// for free text, every other line is rated from 1 (strongly disagree) to 5 (strongly agree).
public struct Questionnaire: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case rating
        case text
    }

    public struct Question: Sendable, Equatable, Codable {
        public var kind: Kind
        public var text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public var questions: [Question]

    public static let maximumQuestions = 30

    /// Reads the lines, or says what is wrong with them.
    public static func parse(_ lines: String) -> Result<Questionnaire, QuestionnaireProblem> {
        var questions: [Question] = []
        for raw in lines.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            var question = Question(kind: .rating, text: line)
            if line.lowercased().hasPrefix("text:") {
                question = Question(
                    kind: .text, text: String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces))
            }
            guard !question.text.isEmpty else { return .failure(.init("A \"Text:\" line needs its question")) }
            guard question.text.count <= 300 else {
                return .failure(.init("Keep each question to 300 characters or fewer"))
            }
            guard !questions.contains(where: { $0.text == question.text }) else {
                return .failure(.init("\"\(question.text)\" is asked twice"))
            }
            questions.append(question)
        }
        guard !questions.isEmpty else { return .failure(.init("Write at least one question")) }
        guard questions.count <= maximumQuestions else {
            return .failure(.init("Ask at most \(maximumQuestions) questions"))
        }
        return .success(Questionnaire(questions: questions))
    }

    /// The lines that `parse` reads back to the same questionnaire.
    public var lines: String {
        questions.map { $0.kind == .text ? "Text: \($0.text)" : $0.text }.joined(separator: "\n")
    }

    /// Cairn's own questions, labelled by Kirkpatrick level in the programme's report, not in the wording.
    public static let standardMentee = Questionnaire(questions: [
        Question(kind: .rating, text: "Mentoring helped me settle into UK general practice"),
        Question(kind: .rating, text: "I could talk openly because my mentor was not my supervisor"),
        Question(kind: .rating, text: "I have changed how I work because of what we discussed"),
        Question(kind: .rating, text: "I would recommend the programme to a colleague"),
        Question(kind: .text, text: "What made the most difference?"),
        Question(kind: .text, text: "What should the programme change?"),
    ])

    public static let standardMentor = Questionnaire(questions: [
        Question(kind: .rating, text: "My training prepared me to mentor an international graduate"),
        Question(kind: .rating, text: "Four sessions in six months was the right amount"),
        Question(kind: .rating, text: "My mentee made progress I could see"),
        Question(kind: .rating, text: "I would mentor in the programme again"),
        Question(kind: .text, text: "What support would help you as a mentor?"),
    ])
}

public struct QuestionnaireProblem: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }
}

/// Answers from many people turned into figures that protect each of them: a question's average only from five
/// answers up; free text only when five or more people answered, in an order that says nothing of who wrote what.
public enum EvaluationSummary {
    public struct Line: Sendable, Equatable {
        public var question: String
        public var answers: Int
        /// nil when fewer than five people answered it.
        public var average: Double?

        public init(question: String, answers: Int, average: Double?) {
            self.question = question
            self.answers = answers
            self.average = average
        }
    }

    public static let minimumAnswers = 5

    public static func ratings(_ responses: [[String: Int]], questions: [String]) -> [Line] {
        questions.map { question in
            let values = responses.compactMap { $0[question] }.filter { (1...5).contains($0) }
            return Line(
                question: question, answers: values.count,
                average: values.count >= minimumAnswers ? Double(values.reduce(0, +)) / Double(values.count) : nil)
        }
    }

    /// Comments on one question, only when at least five people wrote one.
    public static func texts(_ answers: [String]) -> [String] {
        let written = answers.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return written.count >= minimumAnswers ? written.sorted() : []
    }

    /// A pair may evaluate once none of its sessions is still planned, or once the window has closed.
    public static func isOpen(plannedSessions: Int, windowEnd: CalendarDay, today: CalendarDay) -> Bool {
        plannedSessions == 0 || today > windowEnd
    }
}
