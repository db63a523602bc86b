import CairnCore
import Foundation
import Plot

/// `/cases/:id` for an assigned case manager: the referral, the clock, the notes, and the moves the state allows.
struct CasePage {
    var id: UUID
    var reference: String
    var state: CaseState
    var version: Int
    var clinicianName: String
    var clinicianEmail: String
    var received: String
    var clock: String
    var details: [(String, String)]
    var ownWords: String
    var whatWouldHelp: String?
    var contact: String
    var saidAtRisk: Bool
    var caseManagers: [String]
    var notes: [(author: String, written: String, body: String, shared: Bool)]
    var noteErrors = FormErrors()
    var draftNote = ""
    var problem: String?
    var csrf: String

    func render() -> Node<HTML.BodyContext> {
        .group(
            .unwrap(problem) { message in
                .div(
                    .class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"),
                    .h2(.class("error-summary__title"), .text("There is a problem")), .p(.text(message)))
            },
            Forms.errorSummary(noteErrors),
            .p(.a(.class("back-link"), .href(SiteURL.triage.path), .text("Back to triage"))),
            .span(.class("caption"), .text("Case \(reference)")),
            .h1(.text(clinicianName)),
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
            .h2(.text("In their own words")),
            .div(
                .class("quote"),
                .group(ownWords.split(separator: "\n", omittingEmptySubsequences: false).map { .p(.text(String($0))) })),
            .unwrap(whatWouldHelp) { .group(.h2(.text("What they think would help")), .p(.text($0))) },
            moves(),
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

    private func row(_ key: String, _ value: String) -> Node<HTML.BodyContext> {
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
            .if(state == .closing, moveForm(.closed, label: "Close the case")),
            .if(state.canMove(to: .declined), declineForm())
        )
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
