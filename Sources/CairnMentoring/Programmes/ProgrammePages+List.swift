import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/mentoring`: the organisation's programmes, and the form that starts one.
extension ProgrammePages {
    /// The rule checkboxes of the form that starts a programme.
    package static let rules = ["exclude_same_employer", "exclude_same_specialty", "open_for_applications"]

    package struct ListRow {
        package var id: UUID
        package var name: String
        package var startsOn: String
        package var mentees: Int
        package var pairs: Int
    }

    package static func list(_ rows: [ListRow], values: [String: String], errors: FormErrors, csrf: String) -> Body {
        .group(
            Forms.errorSummary(errors),
            .h1(.text("Mentoring programmes")),
            .if(
                rows.isEmpty, .p(.text("No programmes yet. Create the first below.")),
                else: .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Your organisation's programmes")),
                    .thead(
                        .tr(
                            .th(.attr("scope", "col"), .text("Programme")),
                            .th(.attr("scope", "col"), .text("Cohort starts")),
                            .th(.attr("scope", "col"), .text("Mentees")),
                            .th(.attr("scope", "col"), .text("Active pairs")))),
                    .tbody(
                        .forEach(rows) { row in
                            .tr(
                                .td(.a(.attr("href", SiteURL.mentoringProgramme(row.id).path), .text(row.name))),
                                .td(.text(CalendarDay.longText(iso: row.startsOn))), .td(.text(String(row.mentees))),
                                .td(.text(String(row.pairs))))
                        }))),
            .h2(.id("new-programme"), .text("Create a programme")),
            Forms.form(
                action: SiteURL.mentoringProgrammes.path, csrf: csrf,
                settingsFields(values: values, errors: errors),
                Forms.submit("Create the programme")
            )
        )
    }
}

extension ProgrammePages {
    /// The settings of a programme, as the form that starts one and the form that changes one ask for them.
    /// `fixed`: pairs are published, so the cohort's start and the sessions are shown and carried, not asked.
    package static func settingsFields(values: [String: String], errors: FormErrors, fixed: Bool = false) -> Body {
        func value(_ field: String, _ fallback: String = "") -> String { values[field] ?? fallback }
        let fixedNames = ["cohort_starts_on", "session_count", "session_minutes", "session_mode", "window_months"]
        return .group(
            Forms.text(.init(name: "name", label: "Name", value: value("name"), error: errors["name"])),
            Forms.textArea(
                name: "audience", label: "Who it is for", value: value("audience"),
                hint: "For example: international medical graduates in their first six months of GP training",
                error: errors["audience"], rows: 3),
            .if(
                fixed,
                .group(
                    .div(
                        .class("inset"),
                        .p(
                            .text(
                                "Pairs are published, so the cohort's start ("
                                    + CalendarDay.longText(iso: value("cohort_starts_on")) + ") and the sessions "
                                    + "promised (\(value("session_count")) of \(value("session_minutes")) minutes "
                                    + "within \(value("window_months")) months) stay as they are. Start the next "
                                    + "cohort to change them."))),
                    .forEach(fixedNames) { name in
                        .void("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value(name))])
                    }),
                else: .group(
                    Forms.date(
                        name: "cohort_starts_on", label: "The cohort starts on", value: value("cohort_starts_on"),
                        error: errors["cohort_starts_on"]),
                    .el(
                        "fieldset", .class("fieldset"),
                        .el("legend", .class("fieldset__legend"), .text("Sessions each pair is promised")),
                        Forms.text(
                            .init(
                                name: "session_count", label: "Number of sessions",
                                value: value("session_count", "4"), error: errors["session_count"], width: "3",
                                inputMode: "numeric")),
                        Forms.text(
                            .init(
                                name: "session_minutes", label: "Minutes each", value: value("session_minutes", "60"),
                                error: errors["session_minutes"], width: "3", inputMode: "numeric")),
                        Forms.select(
                            name: "session_mode", label: "How they meet",
                            choices: SessionTemplate.Mode.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                            selected: value("session_mode", "video"), error: errors["session_mode"]),
                        Forms.text(
                            .init(
                                name: "window_months", label: "Within this many months of the cohort's start",
                                value: value("window_months", "6"), error: errors["window_months"], width: "3",
                                inputMode: "numeric"))))),
            Forms.radios(
                name: "matching_mode", legend: "How mentors and mentees are matched",
                choices: MentoringProgramme.MatchingMode.allCases.map {
                    .init(value: $0.rawValue, label: $0.title)
                },
                selected: value("matching_mode", "optimal"), error: errors["matching_mode"]),
            Forms.checkboxes(
                name: "rules", legend: "Rules (a mentee's own supervisor is always excluded)",
                choices: [
                    .init(value: "exclude_same_employer", label: "Never match people with the same employer"),
                    .init(value: "exclude_same_specialty", label: "Never match people in the same specialty"),
                    .init(
                        value: "open_for_applications",
                        label: "Clinicians may apply to join from their mentoring page"),
                ],
                checked: values["rules_given"] == nil
                    ? ["exclude_same_employer"]
                    : Set(rules.filter { values[$0] == "yes" })),
            .el(
                "details", .class("details"),
                .el("summary", .text("Weights for the matching factors")),
                .p(.text("Points each factor adds to a pair's score; together at most 1,000.")),
                .forEach(ScoreFactor.allCases) { factor in
                    Forms.text(
                        .init(
                            name: ProgrammeField.weight(factor).formName, label: factor.title,
                            value: value(
                                ProgrammeField.weight(factor).formName, String(ProgrammeWeights.standard[factor])),
                            error: errors[ProgrammeField.weight(factor).formName], width: "4", inputMode: "numeric")
                    )
                })
        )
    }

    /// `/mentoring/programmes/{id}/settings`: the programme's settings, changed from the version read.
    package static func settings(
        programme: MentoringProgramme, values: [String: String], errors: FormErrors, fixed: Bool, version: Int,
        csrf: String
    ) -> Body {
        .group(
            .p(
                .a(
                    .class("back-link"), .attr("href", SiteURL.mentoringProgramme(programme.id).path),
                    .text("Back to the programme"))),
            Forms.errorSummary(errors),
            .span(.class("caption"), .text(programme.name)),
            .h1(.text("Change the programme's settings")),
            .p(
                .text(
                    "Changes apply from now on: to the next matching run, and to pairs published after this. Pairs "
                        + "already published keep their sessions.")),
            Forms.form(
                action: SiteURL.mentoringProgrammeSettings(programme.id).path, csrf: csrf,
                .void("input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(version))]),
                settingsFields(values: values, errors: errors, fixed: fixed),
                Forms.submit("Save the settings"))
        )
    }

    /// A programme's settings as form values (what the change form starts from).
    package static func formValues(_ draft: ProgrammeDraft) -> [String: String] {
        var values: [String: String] = [
            "name": draft.name ?? "", "audience": draft.audience ?? "", "cohort_starts_on": draft.cohortStartsOn ?? "",
            "session_count": draft.sessionCount.map(String.init) ?? "",
            "session_minutes": draft.sessionMinutes.map(String.init) ?? "",
            "session_mode": draft.sessionMode ?? "", "window_months": draft.windowMonths.map(String.init) ?? "",
            "matching_mode": draft.matchingMode ?? "", "rules_given": "yes",
        ]
        for factor in ScoreFactor.allCases {
            values[ProgrammeField.weight(factor).formName] = String(draft.weights[factor] ?? 0)
        }
        if draft.excludeSameEmployer { values["exclude_same_employer"] = "yes" }
        if draft.excludeSameSpecialty { values["exclude_same_specialty"] = "yes" }
        if draft.openForApplications { values["open_for_applications"] = "yes" }
        return values
    }
}
