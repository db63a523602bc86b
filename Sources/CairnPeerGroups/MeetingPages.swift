import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The meeting page: when and where, the member's place, and the facilitator's attendance list, record and themes.
package enum MeetingPages {
    package typealias Body = Node<HTML.BodyContext>

    /// Who brings a case to a meeting still to come, and the swap requests that concern the reader.
    package struct Turn: Sendable {
        var presenterID: UUID?
        var names: [UUID: String]
        var coming: [(id: UUID, name: String)]
        var asked: PresenterSwap?
        var askedOfMe: [PresenterSwap]
        var me: UUID

        static let none = Turn(presenterID: nil, names: [:], coming: [], asked: nil, askedOfMe: [], me: UUID())
    }

    static func meeting(
        view: PeerGroupAccess.MeetingView, mine: MeetingPlace?, position: Int?, counts: (coming: Int, waiting: Int),
        record: String?, mayReadRecord: Bool, mayRun: Bool, members: [(UUID, String)],
        rota: [PresenterRota.Candidate] = [], turn: Turn = .none, places: [MeetingPlace],
        typed: MeetingController.Typed?, csrf: String, errors: FormErrors, now: Date, zone: TimeZone
    ) -> Body {
        let meeting = view.meeting
        let open = meeting.status == .planned && meeting.startsAt > now
        let when = DisplayTime.format(meeting.startsAt, in: zone)
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.group(view.group.id).path), .text(view.group.name))),
            .span(.class("caption"), .text(view.group.name)),
            .h1(.text("Meeting on \(when)")),
            .el(
                "dl", .class("summary-list"),
                PeerGroupPages.row("Status", PeerGroupPages.statusText(meeting.status)),
                PeerGroupPages.row("Length", "\(meeting.minutes) minutes"),
                PeerGroupPages.row("Where", meeting.place(in: view.group)),
                .unwrap(meeting.movedFrom) {
                    PeerGroupPages.row("Moved from", CalendarDay.longText(iso: $0) + " (this meeting only)")
                },
                PeerGroupPages.row(
                    "Places",
                    "\(counts.coming) of \(view.group.capacity) taken"
                        + (counts.waiting > 0 ? ", \(counts.waiting) waiting" : ""))),
            placeSection(meeting: meeting, mine: mine, position: position, open: open, csrf: csrf, errors: errors),
            .if(
                open && mine?.status == .coming,
                turnSection(meeting: meeting, turn: turn, csrf: csrf, errors: errors)),
            .if(
                mayReadRecord && !mayRun,
                .group(
                    .h2(.text("Record of the discussion")),
                    .unwrap(
                        record, { .div(.class("inset"), .p(.text($0))) }, else: .p(.text("No record was written."))),
                    .if(
                        !meeting.themeList.isEmpty,
                        .p(.text("Themes: " + meeting.themeList.map(\.title).joined(separator: ", ")))))),
            .if(
                mayRun && !rota.isEmpty,
                rotaSection(rota, meeting: meeting, turn: turn, open: open, csrf: csrf, errors: errors, zone: zone)),
            .if(
                mayRun,
                facilitatorSection(
                    meeting: meeting, record: record, members: members, places: places, typed: typed, open: open,
                    csrf: csrf, errors: errors, now: now)),
            .if(
                mayRun && open,
                moveSection(
                    meeting: meeting, group: view.group, typed: typed?.move, csrf: csrf, errors: errors, zone: zone)))
    }

    /// Who might bring a case, fairly: fewest turns first, then the longest since their last.
    static func rotaSection(
        _ rota: [PresenterRota.Candidate], meeting: PeerMeeting, turn: Turn, open: Bool, csrf: String,
        errors: FormErrors, zone: TimeZone
    ) -> Body {
        .group(
            .h2(.text("Who brings a case")),
            .if(
                open && !turn.coming.isEmpty,
                Forms.form(
                    action: SiteURL.meetingPresenter(meeting.id).path, csrf: csrf,
                    .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                    Forms.select(
                        name: "presenter", label: "Down to bring a case",
                        choices: turn.coming.map { Forms.Choice(value: $0.id.uuidString, label: $0.name) },
                        selected: (meeting.presenterID ?? rota.first?.id)?.uuidString,
                        hint: "They are emailed, and may ask someone else coming to take their turn",
                        error: errors["presenter"], blank: "Nobody yet"),
                    Forms.submit("Save who brings a case", secondary: true))),
            .p(
                .text(
                    "A suggestion, fairest first: those who have presented least, then those whose last turn was "
                        + "longest ago. Agree it with the group; record who presented with the attendance.")),
            .ol(
                .forEach(rota.prefix(5)) { candidate in
                    .li(
                        .text(candidate.name + ": "),
                        .text(
                            candidate.times == 0
                                ? "has not presented yet"
                                : "presented \(candidate.times) time\(candidate.times == 1 ? "" : "s"), last on "
                                    + DisplayTime.format(candidate.lastPresented, in: zone)))
                }))
    }

    /// For someone coming: who brings a case; the presenter's request to swap; a request to take a turn.
    static func turnSection(meeting: PeerMeeting, turn: Turn, csrf: String, errors: FormErrors) -> Body {
        let presenter = turn.presenterID.map { turn.names[$0] ?? "A member" }
        let isPresenter = turn.presenterID == turn.me
        let others = turn.coming.filter { $0.id != turn.me }
        return .group(
            .h2(.text("Bringing a case")),
            .unwrap(errors["swap"]) { Forms.errorMessage($0, id: Forms.fieldID("swap") + "-error") },
            .p(
                .attr("id", Forms.fieldID("swap")),
                .text(
                    isPresenter
                        ? "You are down to bring a situation from practice. Leave out anything that could identify a patient."
                        : presenter.map { "\($0) is down to bring a case." }
                            ?? "Nobody is down to bring a case yet: the facilitators will say.")),
            .if(
                isPresenter,
                .unwrap(
                    turn.asked,
                    { asked in
                        .p(
                            .text(
                                "You asked \(turn.names[asked.toPerson] ?? "someone") to take your turn; they answer here."
                            ))
                    },
                    else: others.isEmpty
                        ? .empty
                        : Forms.form(
                            action: SiteURL.meetingSwaps(meeting.id).path, csrf: csrf,
                            Forms.select(
                                name: "with", label: "Cannot this time? Ask someone coming to take your turn",
                                choices: others.map { Forms.Choice(value: $0.id.uuidString, label: $0.name) },
                                selected: nil),
                            Forms.submit("Ask them to swap", secondary: true)))),
            .forEach(turn.askedOfMe) { swap in
                let name = turn.names[swap.fromPerson] ?? "A member"
                let action = SiteURL.meetingSwap(meeting.id, swap: swap.id).path
                return .div(
                    .class("inset"),
                    .p(.text("\(name) asks whether you would bring a case in their place at this meeting.")),
                    .div(
                        .class("button-group"),
                        Forms.form(
                            action: action, csrf: csrf, .input(.type(.hidden), .name("decision"), .value("accept")),
                            .button(.type(.submit), .class("button"), .text("Yes, I will bring a case"))),
                        Forms.form(
                            action: action, csrf: csrf, .input(.type(.hidden), .name("decision"), .value("decline")),
                            .button(.type(.submit), .class("button button--secondary"), .text("Not this time")))))
            })
    }

    static func placeSection(
        meeting: PeerMeeting, mine: MeetingPlace?, position: Int?, open: Bool, csrf: String, errors: FormErrors
    ) -> Body {
        let status = mine?.status
        let text: String
        switch status {
        case .coming: text = "You are coming."
        case .waiting: text = "You are number \(position ?? 1) on the waiting list."
        case .attended: text = "You attended."
        case .withdrawn, nil: text = "You are not down to come."
        }
        let action = SiteURL.meetingPlace(meeting.id).path
        return .group(
            .h2(.text("Your place")),
            .if(
                status == .coming,
                .p(
                    .a(
                        .attr("href", SiteURL.meetingInvite(meeting.id).path),
                        .text("Add this meeting to your calendar (.ics)")))),
            .unwrap(errors["intent"]) { Forms.errorMessage($0, id: Forms.fieldID("intent") + "-error") },
            .p(.attr("id", Forms.fieldID("intent")), .text(text)),
            .if(
                open,
                status == .coming || status == .waiting
                    ? Forms.form(
                        action: action, csrf: csrf,
                        .input(.type(.hidden), .name("intent"), .value("withdraw")),
                        Forms.submit(status == .coming ? "Give up my place" : "Leave the waiting list", secondary: true)
                    )
                    : Forms.form(
                        action: action, csrf: csrf,
                        .input(.type(.hidden), .name("intent"), .value("come")),
                        Forms.submit("I will come"))))
    }

    static func facilitatorSection(
        meeting: PeerMeeting, record: String?, members: [(UUID, String)], places: [MeetingPlace],
        typed: MeetingController.Typed?, open: Bool, csrf: String, errors: FormErrors, now: Date
    ) -> Body {
        let attendedNow = Set(places.filter { $0.status == .attended }.map(\.personID.uuidString))
        let coming = Set(places.filter { $0.status == .coming }.map(\.personID.uuidString))
        let checked = typed?.attended.map(Set.init) ?? (attendedNow.isEmpty ? coming : attendedNow)
        let recorded = Set(places.filter(\.presenter).map(\.personID.uuidString))
        // Before attendance is recorded, the one down to bring a case is ticked.
        let presenters =
            recorded.isEmpty && meeting.status != .held
            ? Set([meeting.presenterID?.uuidString].compactMap { $0 }) : recorded
        let themes = Set(typed?.themes ?? meeting.themeList.map(\.rawValue))
        let mayRecordAttendance = meeting.status != .cancelled && meeting.startsAt <= now.addingTimeInterval(3600)
        return .group(
            .h2(.text("Who attended")),
            mayRecordAttendance
                ? Forms.form(
                    action: SiteURL.meetingAttendance(meeting.id).path, csrf: csrf,
                    .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                    Forms.checkboxes(
                        name: "attended", legend: "Tick everyone who came, walk-ins too",
                        choices: members.map { Forms.Choice(value: $0.0.uuidString, label: $0.1) }, checked: checked,
                        error: errors["attended"]),
                    Forms.checkboxes(
                        name: "presenters", legend: "Who brought a case",
                        choices: members.map { Forms.Choice(value: $0.0.uuidString, label: $0.1) },
                        checked: presenters),
                    Forms.submit("Save attendance"))
                : .p(.text("Attendance can be recorded from the meeting's day.")),
            .if(
                meeting.status == .held,
                .group(
                    .h2(.text("Record of the discussion")),
                    .div(
                        .class("warning-text"),
                        .p(
                            .strong(
                                .text(
                                    "Do not write anything that could identify a patient: no names, NHS numbers, "
                                        + "dates of birth or rare details. Only those who attended and the facilitators "
                                        + "can read this record.")))),
                    Forms.form(
                        action: SiteURL.meetingRecord(meeting.id).path, csrf: csrf,
                        .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                        Forms.textArea(
                            name: "record", label: "What the group discussed, briefly", value: record ?? "",
                            error: errors["record"], rows: 6),
                        Forms.checkboxes(
                            name: "themes", legend: "Themes",
                            choices: DiscussionTheme.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                            checked: themes, hint: "Counted in the group's figures; never shown next to a name",
                            error: errors["themes"]),
                        Forms.submit("Save the record")))),
            .if(
                open,
                .group(
                    .h2(.text("Cancel this meeting")),
                    .unwrap(errors["cancel"]) { Forms.errorMessage($0, id: Forms.fieldID("cancel") + "-error") },
                    .p(.attr("id", Forms.fieldID("cancel")), .text("Everyone coming or waiting is told by email.")),
                    .p(
                        .a(
                            .class("button button--secondary"), .attr("href", SiteURL.meetingCancel(meeting.id).path),
                            .text("Cancel the meeting…"))))))
    }

    /// A one-off move: another day, time, length or place for this meeting only; those coming or waiting are told.
    static func moveSection(
        meeting: PeerMeeting, group: PeerGroup, typed: MeetingMove?, csrf: String, errors: FormErrors, zone: TimeZone
    ) -> Body {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: meeting.startsAt)
        let clock = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let move =
            typed
            ?? MeetingMove(
                day: meeting.day, startTime: clock, minutes: String(meeting.minutes), place: meeting.place ?? "")
        return .group(
            .h2(.text("Move this meeting")),
            .p(
                .text(
                    "For this meeting only: the group's monthly rule stays as it is. Everyone coming or waiting is "
                        + "told by email, and calendars that took the invitation move it.")),
            Forms.form(
                action: SiteURL.meetingMove(meeting.id).path, csrf: csrf,
                .input(.type(.hidden), .name("version"), .attr("value", String(meeting.version))),
                Forms.date(name: "day", label: "New date", value: move.day, error: errors["day"]),
                Forms.text(
                    .init(
                        name: "startTime", label: "Starts at (24-hour clock)", value: move.startTime,
                        error: errors["startTime"], width: "5")),
                Forms.text(
                    .init(
                        name: "minutes", label: "Length in minutes", value: move.minutes, error: errors["minutes"],
                        width: "4", inputMode: "numeric")),
                Forms.text(
                    .init(
                        name: "place", label: "Place for this meeting (optional)", value: move.place,
                        hint: "Leave empty for the usual place: \(group.place)", error: errors["place"])),
                Forms.submit("Move the meeting", secondary: true)))
    }

    /// The step before cancelling: it emails everyone coming or waiting, and cannot be taken back.
    package static func confirmCancel(meetingID: UUID, group: String, day: String, told: Int, csrf: String) -> Body {
        .group(
            .span(.class("caption"), .text(group)),
            .h1(.text("Cancel the meeting on \(day)?")),
            .p(
                .text(
                    told == 0
                        ? "Nobody has a place or is waiting yet, so nobody is emailed."
                        : "\(told) \(told == 1 ? "person" : "people") with a place or on the waiting list will be told "
                            + "by email. A cancelled meeting cannot be opened again.")),
            Forms.buttonForm(
                action: SiteURL.meetingCancel(meetingID).path, csrf: csrf, label: "Yes, cancel it and tell them",
                secondary: false),
            .p(.a(.attr("href", SiteURL.meeting(meetingID).path), .text("No, keep the meeting")))
        )
    }
}
