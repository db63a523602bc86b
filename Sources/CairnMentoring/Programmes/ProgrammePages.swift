import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/mentoring` (the lead's programmes and the form for a new one) and `/mentoring/programmes/:id` (its mentors,
/// mentees and imports).
package enum ProgrammePages {
    package typealias Body = Node<HTML.BodyContext>

    package struct ImportState {
        package var field: String
        package var text: String
        package var problems: [CSVTable.Problem]
    }

    package struct Overview {
        package var programme: MentoringProgramme
        package var mentors: [ProgrammeService.MentorRow]
        package var mentees: [ProgrammeService.MenteeRow]
        package var today: CalendarDay
        package var importing: ImportState?
        package var questions: (mentee: String, mentor: String, errors: FormErrors)
        package var nextCohort: (name: String, startsOn: String, errors: FormErrors) = ("", "", FormErrors())
        package var notice: String?
        package var csrf: String
    }

    package static func overview(_ model: Overview) -> Body {
        let programme = model.programme
        let id = programme.id
        var errors = FormErrors()
        for entry in model.questions.errors.entries { errors.add(entry.field, entry.message) }
        for entry in model.nextCohort.errors.entries { errors.add(entry.field, entry.message) }
        if let importing = model.importing, let first = importing.problems.first {
            errors.add(
                importing.field,
                "The file was not imported: nothing was added. Line \(first.line): \(first.message)"
                    + (importing.problems.count > 1 ? " (and \(importing.problems.count - 1) more below)" : ""))
        }
        let template = programme.template
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.mentoring.path), .text("Mentoring programmes"))),
            .h1(.text(programme.name)),
            .unwrap(model.notice) { .div(.class("notice"), .attr("role", "status"), .p(.text($0))) },
            .el(
                "dl", .class("summary-list"),
                row("Who it is for", programme.audience),
                row("Cohort starts", CalendarDay.longText(iso: programme.cohortStartsOn)),
                row(
                    "Sessions",
                    "\(template.count) × \(template.minutes) minutes, \(template.mode.title.lowercased()), within "
                        + "\(template.windowMonths) months"),
                row("Matching", programme.matchingMode.title),
                row("Applications", programme.openForApplications ? "Clinicians may apply" : "By invitation only"),
                row(
                    "Conflict rules",
                    (["Never the mentee's own supervisor"]
                        + (programme.excludeSameEmployer ? ["never the same employer"] : [])
                        + (programme.excludeSameSpecialty ? ["never the same specialty"] : []))
                        .joined(separator: "; "))),
            .ul(
                .class("link-list"),
                .li(.a(.attr("href", SiteURL.mentoringProgrammeSettings(id).path), .text("Change the settings"))),
                .li(.a(.attr("href", SiteURL.mentoringMatching(id).path), .text("Matching"))),
                .li(.a(.attr("href", SiteURL.mentoringDashboard(id).path), .text("Dashboard"))),
                .li(.a(.attr("href", SiteURL.mentoringPastPairs(id).path), .text("Bring in earlier pairs"))),
                .li(.a(.attr("href", SiteURL.mentorRegistry.path), .text("Mentor registry")))),
            .h2(.id("mentors"), .text("Mentors (\(model.mentors.count))")),
            mentorTable(model),
            .p(.a(.attr("href", SiteURL.mentoringMentorNew(id).path), .text("Add one mentor"))),
            importForm(
                model, field: "mentors_csv", action: SiteURL.mentoringMentors(id).path, title: "Add mentors from CSV",
                columns: MentorEntry.columns),
            .h2(.id("mentees"), .text("Mentees (\(model.mentees.count))")),
            .if(
                model.mentees.isEmpty, .p(.text("No mentees yet.")),
                else: .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Mentees")),
                    .thead(
                        .tr(
                            .th(.attr("scope", "col"), .text("Name")),
                            .th(.attr("scope", "col"), .text("Profession")),
                            .th(.attr("scope", "col"), .text("Languages")),
                            .th(.attr("scope", "col"), .text("Mentor")))),
                    .tbody(
                        .forEach(model.mentees) { mentee in
                            .tr(
                                .td(.text(mentee.name)),
                                .td(.text(Profession(rawValue: mentee.profession)?.title ?? mentee.profession)),
                                .td(.text(mentee.languages.joined(separator: ", "))),
                                .td(
                                    .text(mentee.mentorName ?? "Not matched yet"),
                                    .unwrap(mentee.ended) { .p(.class("hint"), .text($0)) }))
                        }))),
            .p(.a(.attr("href", SiteURL.mentoringMenteeNew(id).path), .text("Add one mentee"))),
            importForm(
                model, field: "mentees_csv", action: SiteURL.mentoringMentees(id).path, title: "Add mentees from CSV",
                columns: MenteeEntry.columns),
            .h2(.id("evaluation"), .text("End-of-programme evaluation")),
            .el(
                "details", .class("details"), .if(!model.questions.errors.isEmpty, .attr("open", "open")),
                .el("summary", .text("Change the evaluation questions")),
                .p(
                    .text(
                        "One question per line. A line that starts \"Text:\" asks for free text; every other line is "
                            + "rated from 1 to 5. Use questions your organisation wrote or licensed.")),
                Forms.form(
                    action: SiteURL.mentoringEvaluationQuestions(id).path, csrf: model.csrf,
                    Forms.textArea(
                        name: "menteeQuestions", label: "Questions for mentees", value: model.questions.mentee,
                        error: model.questions.errors["menteeQuestions"], rows: 7),
                    Forms.textArea(
                        name: "mentorQuestions", label: "Questions for mentors", value: model.questions.mentor,
                        error: model.questions.errors["mentorQuestions"], rows: 7),
                    Forms.submit("Save the questions", secondary: true))),
            .h2(.text("The next cohort")),
            .el(
                "details", .class("details"), .if(!model.nextCohort.errors.isEmpty, .attr("open", "open")),
                .el("summary", .text("Start the next cohort")),
                .p(
                    .text(
                        "A new programme with these sessions, weights, rules and questions, and these mentors with "
                            + "their places free. Mentees join it afresh.")),
                Forms.form(
                    action: SiteURL.mentoringNextCohort(id).path, csrf: model.csrf,
                    Forms.text(
                        .init(
                            name: "name", label: "Name of the new cohort", value: model.nextCohort.name,
                            error: model.nextCohort.errors["name"])),
                    Forms.date(
                        name: "cohortStartsOn", label: "It starts on", value: model.nextCohort.startsOn,
                        error: model.nextCohort.errors["cohortStartsOn"]),
                    Forms.submit("Start the next cohort", secondary: true)))
        )
    }

    private static func row(_ label: String, _ value: String) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(label)), .el("dd", .text(value)))
    }

    private static func mentorTable(_ model: Overview) -> Body {
        guard !model.mentors.isEmpty else { return .p(.text("No mentors yet.")) }
        return .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Mentors")),
            .thead(
                .tr(
                    .th(.attr("scope", "col"), .text("Name")),
                    .th(.attr("scope", "col"), .text("Languages")),
                    .th(.attr("scope", "col"), .text("Training")),
                    .th(.attr("scope", "col"), .text("Mentees")),
                    .th(.attr("scope", "col"), .text("Matching")))),
            .tbody(
                .forEach(model.mentors) { mentor in
                    let training: String
                    if let until = mentor.trainedUntil {
                        training = until < model.today ? "Expired \(until)" : "In date until \(until)"
                    } else {
                        training = "No training recorded"
                    }
                    return .tr(
                        .td(.text(mentor.name)), .td(.text(mentor.languages.joined(separator: ", "))),
                        .td(.text(training)), .td(.text("\(mentor.load) of \(mentor.capacity)")),
                        .td(
                            .if(mentor.paused, .span(.class("tag tag--warning"), .text("Paused"))),
                            Forms.form(
                                action: SiteURL.mentoringMentorPause(model.programme.id, mentor.id).path,
                                csrf: model.csrf,
                                .void(
                                    "input",
                                    [
                                        .attr("type", "hidden"), .attr("name", "paused"),
                                        .attr("value", mentor.paused ? "no" : "yes"),
                                    ]),
                                .el(
                                    "button", .attr("type", "submit"), .class("button button--secondary"),
                                    .text(mentor.paused ? "Resume \(mentor.name)" : "Pause \(mentor.name)")))))
                }))
    }

    private static func importForm(
        _ model: Overview, field: String, action: String, title: String, columns: [String]
    ) -> Body {
        let current = model.importing?.field == field ? model.importing : nil
        let error = current.flatMap { $0.problems.isEmpty ? nil : "Nothing was imported. Put these lines right:" }
        return .el(
            "details", .class("details"), .if(current != nil, .attr("open", "open")),
            .el("summary", .text(title)),
            .p(
                .text("The first line names the columns: "), .code(.text(columns.joined(separator: ","))),
                .text(". Separate several languages with semicolons. Every line must be right, or nothing is added.")),
            .unwrap(current.flatMap { $0.problems.isEmpty ? nil : $0.problems }) { problems in
                .ul(.class("error-message"), .forEach(problems.prefix(50)) { .li(.text($0.description)) })
            },
            Forms.form(
                action: action, csrf: model.csrf, multipart: true,
                Forms.csvFile(id: field + "_file"),
                Forms.textArea(
                    name: field, label: field == "mentors_csv" ? "Mentors as CSV" : "Mentees as CSV",
                    value: current?.text ?? "",
                    hint: "Paste the rows from a spreadsheet saved as CSV", error: error, rows: 8),
                Forms.submit(title)
            )
        )
    }
}
