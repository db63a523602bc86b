import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/mentoring/pairs/:id/evaluation`: the end-of-programme questionnaire for one side of a pair.
package struct EvaluationPage {
    package var pairID: UUID
    package var programmeName: String
    package var questionnaire: Questionnaire
    package var isOpen: Bool
    package var answered: Bool
    package var errors: FormErrors
    package var values: [String: String]
    package var csrf: String

    package func render() -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.myMentoring.path), .text("Your mentoring"))),
            .span(.class("caption"), .text(programmeName)),
            .h1(.text("Evaluate the programme")),
            .if(
                answered, .div(.class("notice"), .attr("role", "status"), .p(.text("Thank you: your answers are in.")))),
            .if(
                !isOpen && !answered,
                .p(.text("The evaluation opens once your sessions are done or the programme's window has closed."))),
            .if(
                isOpen && !answered,
                Forms.form(
                    action: SiteURL.mentoringPairEvaluation(pairID).path, csrf: csrf,
                    .p(
                        .text(
                            "The programme team sees only totals and averages from five people or more, and comments "
                                + "without names. Rate each statement from 1 (strongly disagree) to 5 (strongly agree)."
                        )),
                    .group(questionnaire.questions.enumerated().map { question($0.offset, $0.element) }),
                    Forms.submit("Send my evaluation")))
        )
    }

    private func question(_ index: Int, _ question: Questionnaire.Question) -> Node<HTML.BodyContext> {
        let field = EvaluationService.field(index)
        switch question.kind {
        case .rating:
            let choices: [Forms.Choice] = (1...5).map { value in
                let label: String
                switch value {
                case 1: label = "1 (strongly disagree)"
                case 5: label = "5 (strongly agree)"
                default: label = String(value)
                }
                return Forms.Choice(value: String(value), label: label)
            }
            return Forms.radios(
                name: field, legend: question.text, choices: choices, selected: values[field], error: errors[field])
        case .text:
            return Forms.textArea(
                name: field, label: question.text + " (optional)", value: values[field] ?? "", error: errors[field],
                rows: 3)
        }
    }
}
