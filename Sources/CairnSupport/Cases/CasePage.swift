import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/cases/:id` for an assigned case manager: the referral, the clock, the notes, and the moves the state allows.
package struct CasePage {
    package var id: UUID
    package var reference: String
    package var state: CaseState
    package var version: Int
    package var clinicianName: String
    package var clinicianEmail: String
    package var received: String
    package var clock: String
    package var details: [(String, String)]
    package var ownWords: String
    package var whatWouldHelp: String?
    package var contact: String
    package var saidAtRisk: Bool
    package var caseManagers: [String]
    package var notes: [(author: String, written: String, body: String, shared: Bool)]
    package var plan: [PlanRow] = []
    package var mentoringProgrammes: [(id: UUID, name: String)] = []
    package var assessment = Assessment()
    /// Present when the case began with an educator's suggestion and the clinician agreed they may hear from us.
    package var educatorUpdates: [(stage: String, text: String, status: String)]?

    /// The needs assessment as saved, or as typed when a save was refused.
    package struct Assessment {
        package var reasons: Set<String> = []
        package var goals = ""
        package var saved = false
    }
    /// Every time someone outside the case opened it by stating a reason: shown to its case managers.
    package var breakGlass: [(who: String, when: String, why: String)] = []
    /// What was typed into the plan form, when it came back with errors.
    package var planDraft: PlanItemFields.Values?
    /// How a closed case ended: its outcomes and, where given, what happened.
    package var closure: (outcomes: [String], account: String?)?
    package var messages: [MessageRow] = []
    package var noteErrors = FormErrors()
    package var draftNote = ""
    package var problem: String?
    package var csrf: String

    package func render() -> Node<HTML.BodyContext> {
        .group(
            .unwrap(problem) { message in
                .div(
                    .class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"),
                    .h2(.class("error-summary__title"), .text("There is a problem")), .p(.text(message)))
            },
            Forms.errorSummary(noteErrors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.triage.path), .text("Back to triage"))),
            .span(.class("caption"), .text("Case \(reference)")),
            .h1(.text(clinicianName)),
            .p(.a(.attr("href", SiteURL.caseTimeline(id).path), .text("See the case's timeline"))),
            .p(.strong(.class("tag"), .text(state.title)), .text(" · Received \(received) · \(clock)")),
            .if(
                saidAtRisk,
                .div(
                    .class("notice notice--important"),
                    .p(
                        .strong(.text("They said they may not be safe right now. ")),
                        .text("They were shown urgent help at once.")))),
            .el(
                "dl", .class("summary-list"), .group(details.map { row($0.0, $0.1) }),
                row("Email", clinicianEmail), row("Contact", contact),
                row("Case managers", caseManagers.joined(separator: ", ").nonEmpty ?? "None")),
            .if(
                !breakGlass.isEmpty,
                .div(
                    .class("notice notice--important"),
                    .h2(.text("Opened without assignment")),
                    .ul(.forEach(breakGlass) { entry in .li(.text("\(entry.who), \(entry.when): \(entry.why)")) })
                )),
            .h2(.text("In their own words")),
            .div(
                .class("quote"),
                .group(ownWords.split(separator: "\n", omittingEmptySubsequences: false).map { .p(.text(String($0))) })),
            .unwrap(whatWouldHelp) { .group(.h2(.text("What they think would help")), .p(.text($0))) },
            .unwrap(closure) { closure in
                .section(
                    .class("closure"),
                    .h2(.text("How it ended")),
                    .ul(.forEach(closure.outcomes) { .li(.text($0)) }),
                    .unwrap(closure.account) { .div(.class("inset"), .p(.text($0))) })
            },
            moves(),
            assessmentSection(),
            planSection(),
            .unwrap(educatorUpdates) {
                EducatorUpdatesView.caseManagerSection($0, caseID: id, csrf: csrf, errors: noteErrors)
            },
            MessageThread.render(messages, action: SiteURL.caseMessages(id).path, csrf: csrf, errors: noteErrors),
            .h2(.text("Case notes")),
            .p(
                .class("hint"),
                .text("Notes are seen only by this case's case managers, and by the clinician when you share one.")),
            .if(notes.isEmpty, .p(.text("No notes yet."))),
            .forEach(notes) { note in
                .article(
                    .class("note"),
                    .p(
                        .class("note__meta"),
                        .text("\(note.author), \(note.written)\(note.shared ? " · shared with the clinician" : "")")),
                    .group(
                        note.body.split(separator: "\n", omittingEmptySubsequences: false).map { .p(.text(String($0))) }
                    ))
            },
            Forms.form(
                action: SiteURL.caseNotes(id).path, csrf: csrf,
                Forms.textArea(name: "body", label: "Add a note", value: draftNote, error: noteErrors["body"], rows: 5),
                Forms.checkboxes(
                    name: "shared", legend: "Sharing",
                    choices: [.init(value: "yes", label: "Share this note with the clinician")], checked: []),
                Forms.submit("Save note")
            )
        )
    }

    func row(_ key: String, _ value: String) -> Node<HTML.BodyContext> {
        .div(.class("summary-list__row"), .el("dt", .text(key)), .el("dd", .text(value)))
    }

    private func moveForm(_ next: CaseState, label: String, firstContact: Bool = false) -> Node<HTML.BodyContext> {
        Forms.form(
            action: SiteURL.caseTransition(id).path, csrf: csrf,
            .void("input", [.attr("type", "hidden"), .attr("name", "to"), .attr("value", next.rawValue)]),
            .void("input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(version))]),
            .if(
                firstContact,
                .void("input", [.attr("type", "hidden"), .attr("name", "firstContact"), .attr("value", "yes")])),
            Forms.submit(label, secondary: next != .active && !firstContact)
        )
    }

    private func moves() -> Node<HTML.BodyContext> {
        guard state.isOpen else { return .empty }
        return .section(
            .class("moves"),
            .h2(.text("Next step")),
            .if(state == .referred, moveForm(.triaged, label: "Record first contact", firstContact: true)),
            .if(state == .triaged, moveForm(.active, label: "Start support")),
            .if(state == .active, moveForm(.closing, label: "Begin closing")),
            .if(state == .closing, closeForm()),
            .if(state.canMove(to: .declined), declineForm())
        )
    }

    private func closeForm() -> Node<HTML.BodyContext> {
        Forms.form(
            action: SiteURL.caseTransition(id).path, csrf: csrf,
            .void("input", [.attr("type", "hidden"), .attr("name", "to"), .attr("value", CaseState.closed.rawValue)]),
            .void("input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(version))]),
            Forms.checkboxes(
                name: "outcomes", legend: "Outcomes at closure",
                choices: CaseOutcome.allCases.map { .init(value: $0.rawValue, label: $0.title) }, checked: [],
                hint:
                    "Select all that apply, including the ones nobody hopes for. The clinician will be asked for feedback."
            ),
            Forms.textArea(
                name: "reason", label: "What happened (needed when support did not end as hoped)", value: "",
                error: nil, rows: 3),
            Forms.submit("Close the case")
        )
    }

    package struct PlanRow {
        package var intervention: String
        package var status: String
        package var provider: String
        package var dates: String
        package var cost: String
        /// Where a case manager changes it (nil on the clinician's page and once the case has closed).
        package var changePath: String? = nil
        /// The guide or event it points to: its link while it is open, and what it is or that it is gone.
        package var resource: Resource? = nil

        package struct Resource {
            package var title: String
            package var path: String?
            package var detail: String
        }
    }

    package struct MessageRow {
        package var sender: String
        package var sent: String
        package var body: String
        package var fromClinician: Bool
    }

    private func declineForm() -> Node<HTML.BodyContext> {
        .el(
            "details", .class("details"),
            .el("summary", .text("Decline or redirect this request")),
            Forms.form(
                action: SiteURL.caseTransition(id).path, csrf: csrf,
                .void(
                    "input",
                    [.attr("type", "hidden"), .attr("name", "to"), .attr("value", CaseState.declined.rawValue)]),
                .void("input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(version))]),
                Forms.textArea(
                    name: "reason", label: "What the clinician will be told", value: "",
                    hint: "In plain words, and where to go instead.", rows: 3),
                Forms.submit("Decline and tell them", secondary: true)
            )
        )
    }
}
