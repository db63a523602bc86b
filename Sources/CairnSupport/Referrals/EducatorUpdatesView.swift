import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The three views of educator updates: the case manager drafts, the clinician decides, the educator reads.
package enum EducatorUpdatesView {
    package static func statusText(_ status: EducatorUpdate.Status) -> String {
        switch status {
        case .awaitingClinician: "Waiting for the clinician to agree"
        case .approved: "Shared with the educator"
        case .withheld: "Not shared: the clinician said no"
        }
    }

    package static func caseManagerSection(
        _ updates: [(stage: String, text: String, status: String)], caseID: UUID, csrf: String, errors: FormErrors
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Updates for the referring educator")),
            .p(
                .class("hint"),
                .text("The clinician agreed the educator may hear from us. Each update is shown to them only "),
                .text("after the clinician agrees to its words.")),
            .forEach(updates) { update in
                .article(
                    .class("note"), .p(.class("note__meta"), .text("\(update.stage) · \(update.status)")),
                    .p(.text(update.text)))
            },
            Forms.form(
                action: SiteURL.caseEducatorUpdates(caseID).path, csrf: csrf,
                Forms.radios(
                    name: "stage", legend: "Stage",
                    choices: EducatorUpdate.Stage.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                    selected: nil,
                    error: errors["stage"]),
                Forms.textArea(
                    name: "update", label: "Words you propose to share", value: "", error: errors["update"], rows: 3),
                Forms.submit("Ask the clinician to agree", secondary: true)
            )
        )
    }

    package static func clinicianSection(
        _ waiting: [(id: UUID, stage: String, text: String)], caseID: UUID, csrf: String
    )
        -> Node<HTML.BodyContext>
    {
        .forEach(waiting) { update in
            .section(
                .class("notice notice--important"),
                .h2(.text("An update for your educator (\(update.stage.lowercased()))")),
                .p(.text("Your case manager proposes to share these words. Nothing is shared unless you agree.")),
                .div(.class("inset"), .p(.text(update.text))),
                Forms.form(
                    action: SiteURL.myCaseEducatorUpdate(caseID, update.id).path, csrf: csrf,
                    .void("input", [.attr("type", "hidden"), .attr("name", "decision"), .attr("value", "approve")]),
                    Forms.submit("Share these words")),
                Forms.form(
                    action: SiteURL.myCaseEducatorUpdate(caseID, update.id).path, csrf: csrf,
                    .void("input", [.attr("type", "hidden"), .attr("name", "decision"), .attr("value", "withhold")]),
                    Forms.submit("Do not share", secondary: true))
            )
        }
    }
}
