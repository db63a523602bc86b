import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The supervision meeting page. Every value passes through Plot's escaping `.text`/`.attr`.
package enum SupervisionPages {
    package typealias Body = Node<HTML.BodyContext>

    static func statusText(_ meeting: SupervisionMeeting) -> String {
        switch meeting.status {
        case .planned: "Planned"
        case .held: "Held"
        case .cancelled: "Cancelled"
        }
    }

    static func actionRow(
        _ entry: (action: SupervisionAction, text: String), meetingID: UUID?, csrf: String, today: CalendarDay
    ) -> Node<HTML.TableContext> {
        let action = entry.action
        let overdue = action.doneOn == nil && action.dueOn < today.description
        return .tr(
            .td(.text(entry.text)), .td(.text(action.owner.title)),
            .td(
                .text(InductionPages.day(action.dueOn)),
                .if(overdue, InductionPages.tag("Overdue", "overdue"))),
            .td(
                .unwrap(action.doneOn) { .text("Done on \(InductionPages.day($0))") },
                .if(
                    action.doneOn == nil,
                    Forms.form(
                        action: SiteURL.supervisionActionDone(meetingID, action.id).path, csrf: csrf,
                        .el(
                            "button", .attr("type", "submit"), .class("button button--secondary"),
                            .text("Mark as done"), .span(.class("visually-hidden"), .text(": \(entry.text)"))))))
        )
    }

    static func meeting(
        view: InductionAccess.SupervisionView, inductee: String, supervisor: String, topics: String?, record: String?,
        actions: [(action: SupervisionAction, text: String)], privateNote: String,
        typed: SupervisionController.Typed, mayRecord: Bool, csrf: String, errors: FormErrors,
        zone: TimeZone, today: CalendarDay
    ) -> Body {
        let meeting = view.meeting
        let isPast = meeting.day <= today.description
        return .group(
            Forms.errorSummary(errors),
            .p(
                .a(
                    .class("back-link"), .attr("href", SiteURL.induction(view.induction.id).path),
                    .text("The induction"))),
            .h1(.text("Supervision, \(InductionPages.day(meeting.day))")),
            .el(
                "dl", .class("summary-list"),
                InductionPages.row("New starter", inductee), InductionPages.row("Supervisor", supervisor),
                InductionPages.row("When", DisplayTime.format(meeting.startsAt, in: zone)),
                InductionPages.row("Length", "\(meeting.minutes) minutes"),
                InductionPages.row("Where it stands", statusText(meeting))),
            .p(.a(.attr("href", SiteURL.supervisionInvite(meeting.id).path), .text("Add it to your calendar (.ics)"))),
            .if(
                mayRecord && meeting.status == .planned,
                .el(
                    "details", .class("details"),
                    .if(errors["moveDay"] != nil || errors["moveTime"] != nil, .attr("open", "open")),
                    .el("summary", .text("Move or call off the meeting")),
                    Forms.form(
                        action: SiteURL.supervisionMove(meeting.id).path, csrf: csrf,
                        .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                        Forms.date(
                            name: "moveDay", label: "New day", value: typed.moveDay ?? meeting.day,
                            error: errors["moveDay"]),
                        Forms.text(
                            .init(
                                name: "moveTime", label: "New time", value: typed.moveTime ?? "16:00",
                                hint: "24-hour, like 16:00", error: errors["moveTime"], width: "5")),
                        Forms.submit("Move the meeting", secondary: true)),
                    Forms.form(
                        action: SiteURL.supervisionCancel(meeting.id).path, csrf: csrf,
                        .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                        Forms.submit("Call off the meeting", secondary: true)))),
            .h2(.text("What was talked about")),
            mayRecord && isPast && meeting.status != .cancelled
                ? Forms.form(
                    action: SiteURL.supervisionRecord(meeting.id).path, csrf: csrf,
                    .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                    Forms.textArea(
                        name: "topics", label: "Topics", value: typed.record.topics,
                        hint: "Both of you read this. Keep patients' details out of it.", error: errors["topics"],
                        rows: 3),
                    Forms.textArea(
                        name: "record", label: "What you agreed and noticed (optional)", value: typed.record.record,
                        error: errors["record"], rows: 5),
                    Forms.submit(meeting.status == .held ? "Save the record" : "Record the meeting as held"))
                : .group(
                    .p(
                        .text(
                            topics
                                ?? (isPast
                                    ? "The supervisor has not recorded this meeting yet."
                                    : "The meeting is still to come."))),
                    .unwrap(record) { .div(.class("inset"), .p(.text($0))) }),
            .h2(.text("Actions")),
            actions.isEmpty
                ? .p(.text("No actions yet."))
                : .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Actions agreed")),
                    .thead(.tr(.th(.text("Action")), .th(.text("Who")), .th(.text("Due")), .th(.text("Done")))),
                    .tbody(.group(actions.map { actionRow($0, meetingID: meeting.id, csrf: csrf, today: today) }))),
            .el(
                "details", .class("details"),
                .if(
                    errors["actionText"] != nil || errors["actionOwner"] != nil || errors["actionDue"] != nil,
                    .attr("open", "open")),
                .el("summary", .text("Add an action")),
                Forms.form(
                    action: SiteURL.supervisionActions(meeting.id).path, csrf: csrf,
                    Forms.text(
                        .init(
                            name: "actionText", label: "Action", value: typed.action.text, error: errors["actionText"])),
                    Forms.radios(
                        name: "actionOwner", legend: "Who will do it",
                        choices: [
                            Forms.Choice(value: InductionOwner.inductee.rawValue, label: inductee),
                            Forms.Choice(value: InductionOwner.supervisor.rawValue, label: supervisor),
                        ], selected: typed.action.owner, error: errors["actionOwner"]),
                    Forms.date(
                        name: "actionDue", label: "Due", value: typed.action.dueOn, error: errors["actionDue"]),
                    Forms.submit("Add the action"))),
            .h2(.text("Your private note")),
            .p(.text("Only you can read this: not the other person, not the department.")),
            Forms.form(
                action: SiteURL.supervisionPrivateNote(meeting.id).path, csrf: csrf,
                Forms.textArea(
                    name: "privateNote", label: "Private note", value: privateNote, error: errors["privateNote"],
                    rows: 4),
                Forms.submit("Save my note", secondary: true)))
    }

    /// The induction page's list of supervision meetings: links for its two people, counts only for the lead.
    static func list(
        _ meetings: [SupervisionMeeting], mayOpen: Bool, zone: TimeZone
    ) -> Body {
        guard !meetings.isEmpty else { return .empty }
        let held = meetings.filter { $0.status == .held }.count
        return .group(
            .h2(.text("Supervision")),
            .p(.text("\(held) of \(meetings.count) meetings held. Weekly in the first month, then monthly.")),
            .if(
                mayOpen,
                .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Supervision meetings")),
                    .thead(.tr(.th(.text("When")), .th(.text("Where it stands")))),
                    .tbody(
                        .group(
                            meetings.map { meeting in
                                .tr(
                                    .td(
                                        .a(
                                            .attr("href", SiteURL.supervision(meeting.id).path),
                                            .text(DisplayTime.format(meeting.startsAt, in: zone)))),
                                    .td(.text(statusText(meeting))))
                            })))))
    }
}
