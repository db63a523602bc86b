import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/my-support/:id`: the clinician's own case: where it is, who supports them, the plan, notes shared with
/// them, messages, a way to withdraw, and feedback once it closes.
package struct MyCasePage {
    package var id: UUID
    package var reference: String
    package var state: CaseState
    package var version: Int
    package var caseManagers: [String]
    package var declineReason: String?
    package var plan: [CasePage.PlanRow]
    package var sharedNotes: [(written: String, body: String)]
    package var messages: [CasePage.MessageRow]
    package var needsFeedback: Bool
    package var educatorUpdates: [(id: UUID, stage: String, text: String)] = []
    /// Guides for the reasons the clinician gave (from the library): seen by them alone, on their own page.
    package var suggestions: [Suggestion] = []
    package var errors = FormErrors()
    package var csrf: String

    package func render() -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.mySupport.path), .text("Your support"))),
            .span(.class("caption"), .text("Request \(reference)")),
            .h1(.text(state.title)),
            .p(
                .text(
                    caseManagers.isEmpty
                        ? "A case manager will be in touch within 5 working days."
                        : "Your case manager: \(caseManagers.joined(separator: ", ")).")),
            .unwrap(declineReason) { .div(.class("inset"), .p(.text($0))) },
            .if(needsFeedback, feedbackForm()),
            EducatorUpdatesView.clinicianSection(educatorUpdates, caseID: id, csrf: csrf),
            .h2(.text("Your plan")),
            .if(
                plan.isEmpty, .p(.text("Your plan will appear here once you have agreed it.")),
                else: PlanTable.render(plan)),
            .if(
                !sharedNotes.isEmpty,
                .group(
                    .h2(.text("Notes shared with you")),
                    .forEach(sharedNotes) { note in
                        .article(.class("note"), .p(.class("note__meta"), .text(note.written)), .p(.text(note.body)))
                    }
                )),
            MessageThread.render(messages, action: SiteURL.myCaseMessages(id).path, csrf: csrf, errors: errors),
            .if(
                !suggestions.isEmpty,
                .group(
                    .h2(.text("Reading that may help")),
                    .p(.class("hint"), .text("Chosen for the reasons you gave us. Nobody sees what you read.")),
                    .ul(
                        .forEach(suggestions) { suggestion in
                            .li(
                                .a(.attr("href", suggestion.path), .text(suggestion.title)),
                                .text(": " + suggestion.summary))
                        }))),
            .if(state.canMove(to: .withdrawn), withdrawForm())
        )
    }

    private func withdrawForm() -> Node<HTML.BodyContext> {
        .el(
            "details", .class("details"),
            .el("summary", .text("Withdraw this request")),
            .p(.text("You can stop at any time, for any reason. You can always ask for support again.")),
            Forms.form(
                action: SiteURL.myCaseWithdraw(id).path, csrf: csrf,
                .void("input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(version))]),
                Forms.submit("Withdraw my request", secondary: true)
            )
        )
    }

    private func scale(_ name: String, _ legend: String, _ range: ClosedRange<Int>, low: String, high: String) -> Node<
        HTML.BodyContext
    > {
        Forms.radios(
            name: name, legend: legend,
            choices: range.map { value in
                .init(
                    value: String(value),
                    label: value == range.lowerBound
                        ? "\(value) (\(low))" : value == range.upperBound ? "\(value) (\(high))" : String(value))
            },
            selected: nil, error: errors[name])
    }

    private func feedbackForm() -> Node<HTML.BodyContext> {
        .section(
            .class("notice"),
            .h2(.text("Tell us how it went")),
            .p(.text("Your answers are counted only in totals; nobody is shown your name with them.")),
            Forms.form(
                action: SiteURL.myCaseFeedback(id).path, csrf: csrf,
                scale("feltSafe", "I felt safe to speak openly", 1...5, low: "not at all", high: "completely"),
                scale("wasUseful", "The support was useful", 1...5, low: "not at all", high: "very"),
                scale(
                    "wouldRecommend", "How likely are you to recommend us to a colleague?", 0...10, low: "not at all",
                    high: "certainly"),
                Forms.textArea(
                    name: "comment", label: "Anything else you would like to tell us? (optional)", value: "", rows: 3),
                Forms.submit("Send feedback")
            )
        )
    }
}
