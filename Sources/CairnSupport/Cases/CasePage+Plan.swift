import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The case page's assessment and support plan sections.
extension CasePage {
    func assessmentSection() -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Needs assessment")),
            .if(!assessment.saved, .p(.text("Confirm with the clinician what is happening and the goals you agree."))),
            .if(
                state.isOpen,
                Forms.form(
                    action: SiteURL.caseAssessment(id).path, csrf: csrf,
                    .void(
                        "input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(version))]),
                    Forms.checkboxes(
                        name: "confirmedReasons", legend: "What you confirmed together",
                        choices: ReferralReason.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        checked: assessment.reasons,
                        error: noteErrors["confirmedReasons"]),
                    Forms.textArea(
                        name: "goals", label: "Goals agreed", value: assessment.goals, error: noteErrors["goals"],
                        rows: 4),
                    Forms.submit("Save the assessment", secondary: true)
                ), else: .p(.text(assessment.goals)))
        )
    }

    func planSection() -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Support plan")),
            .if(plan.isEmpty, .p(.text("Nothing planned yet.")), else: PlanTable.render(plan)),
            .if(
                state.isOpen,
                .el(
                    "details", .class("details"), .if(planDraft != nil, .attr("open", "open")),
                    .el("summary", .text("Add support to the plan")),
                    Forms.form(
                        action: SiteURL.casePlan(id).path, csrf: csrf,
                        PlanItemFields.render(planDraft ?? PlanItemFields.Values(), errors: noteErrors),
                        Forms.submit("Add to plan", secondary: true)
                    )
                )),
            .if(
                state.isOpen,
                .p(
                    .a(
                        .attr("href", SiteURL.casePlanResources(id).path),
                        .text("Suggest reading or a learning event")))),
            .if(state.isOpen && !mentoringProgrammes.isEmpty, mentoringForm())
        )
    }

    func mentoringForm() -> Node<HTML.BodyContext> {
        .el(
            "details", .class("details"), .if(noteErrors["programme"] != nil, .attr("open", "open")),
            .el("summary", .text("Add them to a mentoring programme")),
            .p(
                .text(
                    "They join the programme as a mentee and are matched with a trained mentor who is never their "
                        + "supervisor. The programme team sees their name and profile, never this case.")),
            Forms.form(
                action: SiteURL.caseMentoring(id).path, csrf: csrf,
                Forms.select(
                    name: "programme", label: "Programme",
                    choices: mentoringProgrammes.map { .init(value: $0.id.uuidString, label: $0.name) }, selected: nil,
                    error: noteErrors["programme"]),
                Forms.text(
                    .init(
                        name: "languages", label: "Languages they speak (optional)",
                        hint: "Separate several with semicolons", error: noteErrors["languages"])),
                Forms.submit("Add to the programme", secondary: true))
        )
    }
}
