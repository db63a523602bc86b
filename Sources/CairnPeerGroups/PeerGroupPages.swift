import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot
import Vapor

/// The pages of peer groups. Every value passes through Plot's escaping `.text`/`.attr`.
package enum PeerGroupPages {
    package typealias Body = Node<HTML.BodyContext>

    static func list(rows: [PeerGroupService.GroupRow], paging: Paging, mayCreate: Bool, zone: TimeZone) -> Body {
        .group(
            .h1(.text("Peer groups")),
            .p(
                .text(
                    "Small groups of colleagues who meet regularly to talk through situations from practice, in "
                        + "confidence. What is said in the group stays in the group.")),
            .if(mayCreate, .p(.a(.class("button"), .attr("href", SiteURL.newGroup.path), .text("Start a new group")))),
            rows.isEmpty
                ? .p(.text("There are no peer groups in your organisation yet."))
                : .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Peer groups")),
                    .thead(
                        .tr(.th(.text("Group")), .th(.text("Meets")), .th(.text("Next meeting")), .th(.text("You")))),
                    .tbody(
                        .group(
                            rows.map { row in
                                .tr(
                                    .td(.a(.attr("href", SiteURL.group(row.group.id).path), .text(row.group.name))),
                                    .td(.text(row.group.rule.summary)),
                                    .td(
                                        .text(
                                            row.nextMeeting.map { DisplayTime.format($0, in: zone) } ?? "None planned")),
                                    .td(
                                        .text(
                                            membershipText(
                                                row.membership, group: row.group, invitation: row.invitation))))
                            }))),
            Pager.render(paging) { SiteURL.groups.path + "?page=\($0)" })
    }

    static func membershipText(
        _ member: PeerGroupMember?, group: PeerGroup, invitation: PeerGroupInvitation? = nil
    ) -> String {
        guard let member else {
            switch (invitation?.kind, invitation?.status) {
            case (.invited, .open): return "Invited"
            case (.asked, .open): return "Asked to join"
            case (_, .letIn): return "Let in: join when you are ready"
            default: return group.joining == .invitation ? "Not a member (by invitation)" : "Not a member"
            }
        }
        if member.kind == .facilitator { return "Facilitator" }
        return member.agreementVersion == group.agreementVersion ? "Member" : "Agreement changed: accept it again"
    }

    static func form(request: Request, draft: PeerGroupDraft, errors: FormErrors) -> HTMLPage {
        let ordinals = MeetingRule.ordinals.map { Forms.Choice(value: String($0.value), label: $0.title) }
        let weekdays = MeetingRule.weekdays.map { Forms.Choice(value: String($0.value), label: $0.title) }
        return request.page(
            Forms.title("Start a new group", errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity,
            .group(
                Forms.errorSummary(errors),
                .p(.a(.class("back-link"), .attr("href", SiteURL.groups.path), .text("Peer groups"))),
                .h1(.text("Start a new group")),
                Forms.form(
                    action: SiteURL.groups.path, csrf: request.csrfToken,
                    Forms.text(.init(name: "name", label: "Name", value: draft.name, error: errors["name"])),
                    Forms.textArea(
                        name: "audience", label: "Who it is for (optional)", value: draft.audience,
                        hint: "For example: GP trainees and first-five GPs in the practice", error: errors["audience"],
                        rows: 2),
                    Forms.text(
                        .init(
                            name: "place", label: "Where it meets", value: draft.place,
                            hint: "A room, or a video link", error: errors["place"])),
                    Forms.text(
                        .init(
                            name: "capacity", label: "How many fit", value: draft.capacity, error: errors["capacity"],
                            width: "3", inputMode: "numeric")),
                    .el(
                        "fieldset", .class("fieldset"),
                        .el("legend", .class("fieldset__legend"), .text("When it meets, every month")),
                        Forms.select(
                            name: "ordinal", label: "Which week", choices: ordinals, selected: draft.ordinal,
                            error: errors["ordinal"]),
                        Forms.select(
                            name: "weekday", label: "Day", choices: weekdays, selected: draft.weekday,
                            error: errors["weekday"]),
                        Forms.text(
                            .init(
                                name: "startTime", label: "Starts at", value: draft.startTime,
                                hint: "24-hour, like 12:30",
                                error: errors["startTime"], width: "5")),
                        Forms.text(
                            .init(
                                name: "minutes", label: "Length in minutes", value: draft.minutes,
                                error: errors["minutes"], width: "3", inputMode: "numeric")),
                        Forms.date(
                            name: "firstDay", label: "Plan meetings from", value: draft.firstDay,
                            hint: "Bank holidays are skipped. For example, 27 3 2027", error: errors["firstDay"])),
                    Forms.textArea(
                        name: "agreement", label: "Confidentiality agreement", value: draft.agreement,
                        hint: "Every member accepts this before they first come. Changing it later asks them again.",
                        error: errors["agreement"], rows: 6),
                    Forms.radios(
                        name: "joining", legend: "Who can join",
                        choices: PeerGroup.Joining.allCases.map {
                            Forms.Choice(value: $0.rawValue, label: joiningText($0))
                        }, selected: draft.joining, error: errors["joining"]),
                    Forms.submit("Start the group"))))
    }

    static func group(
        group: PeerGroup, standing: Policy.PeerGroupStanding, membership: PeerGroupMember?, meetings: [PeerMeeting],
        places: [MeetingPlace], members: [(PeerGroupMember, String)], mayFacilitate: Set<UUID> = [],
        invitation: PeerGroupInvitation? = nil,
        invitations: (rows: [PeerGroupService.InvitationRow], paging: Paging)? = nil, typedAgreement: String? = nil,
        typedEmail: String? = nil, csrf: String, errors: FormErrors, zone: TimeZone
    ) -> Body {
        let isIn = standing.isMember || standing.isFacilitator
        // A group by invitation shows the agreement's form only to a member asked to accept it again, and to those
        // invited or let in; anyone else may ask to join.
        let mayJoin = group.joining == .open || membership != nil || invitation?.admits == true
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.groups.path), .text("Peer groups"))),
            .h1(.text(group.name)),
            .el(
                "dl", .class("summary-list"),
                row("Meets", group.rule.summary), row("Where", group.place),
                row("Places at each meeting", String(group.capacity)),
                row("Who can join", joiningText(group.joining)),
                .if(!group.audience.isEmpty, row("Who it is for", group.audience)),
                .unwrap(group.endedAt) { row("Stopped meeting", DisplayTime.format($0, in: zone)) }),
            .h2(.text("Confidentiality agreement")),
            .div(.class("inset"), .p(.text(group.agreement))),
            isIn
                ? .group(
                    .p(
                        .text(standing.isFacilitator ? "You facilitate this group." : "You are a member of this group.")
                    ),
                    meetingsTable(meetings, places: places, zone: zone),
                    .if(
                        !standing.isFacilitator || members.filter({ $0.0.kind == .facilitator }).count > 1,
                        Forms.buttonForm(
                            action: SiteURL.groupLeave(group.id).path, csrf: csrf,
                            label: standing.isFacilitator ? "Step down and leave the group" : "Leave the group")))
                : !mayJoin
                    ? askSection(group: group, invitation: invitation, csrf: csrf, errors: errors, zone: zone)
                    : Forms.form(
                        action: SiteURL.groupJoin(group.id).path, csrf: csrf,
                        .if(
                            membership != nil,
                            .p(.text("The agreement has changed since you accepted it. Read it and accept it again."))),
                        .if(
                            membership == nil && invitation?.admits == true,
                            .p(
                                .text(
                                    invitation?.kind == .invited
                                        ? "You are invited to join this group."
                                        : "Your request to join is accepted."))),
                        Forms.checkboxes(
                            name: "accept", legend: "Joining the group",
                            choices: [
                                Forms.Choice(
                                    value: String(group.agreementVersion), label: "I accept the agreement above")
                            ], checked: [], error: errors["accept"]),
                        Forms.submit("Join the group")),
            .if(
                standing.isFacilitator,
                .group(
                    .p(.a(.attr("href", SiteURL.groupFigures(group.id).path), .text("How the group has run: figures"))),
                    .el(
                        "details", .class("details"), .if(errors["agreement"] != nil, .attr("open", "open")),
                        .el("summary", .text("Change the agreement")),
                        Forms.form(
                            action: SiteURL.groupAgreement(group.id).path, csrf: csrf,
                            .input(.type(.hidden), .name("version"), .attr("value", String(group.agreementVersion))),
                            Forms.textArea(
                                name: "agreement", label: "Confidentiality agreement",
                                value: typedAgreement ?? group.agreement,
                                hint: "Every member is asked to accept the new wording before they next sign up.",
                                error: errors["agreement"], rows: 6),
                            Forms.submit("Change the agreement"))),
                    .h2(.text("Members")),
                    .unwrap(errors["facilitator"]) {
                        Forms.errorMessage($0, id: Forms.fieldID("facilitator") + "-error")
                    },
                    .ul(
                        .attr("id", Forms.fieldID("facilitator")),
                        .forEach(members) { member, name in
                            .li(
                                .text(name + (member.kind == .facilitator ? " (facilitator)" : "")),
                                .if(
                                    mayFacilitate.contains(member.personID),
                                    Forms.form(
                                        action: SiteURL.groupFacilitators(group.id).path, csrf: csrf,
                                        .input(
                                            .type(.hidden), .name("person"),
                                            .attr("value", member.personID.uuidString)),
                                        .button(
                                            .type(.submit), .class("button button--secondary"),
                                            .text("Make \(name) a co-facilitator")))))
                        }),
                    joiningSection(
                        group: group, invitations: invitations, typedEmail: typedEmail, csrf: csrf, errors: errors,
                        zone: zone))))
    }

    static func joiningText(_ joining: PeerGroup.Joining) -> String {
        switch joining {
        case .open: "Anyone in the organisation who accepts the agreement"
        case .invitation: "By invitation: those the facilitators invite or let in"
        }
    }

    /// For someone outside a group that is by invitation: where their request stands, or a button to ask.
    static func askSection(
        group: PeerGroup, invitation: PeerGroupInvitation?, csrf: String, errors: FormErrors, zone: TimeZone
    ) -> Body {
        let waiting = invitation?.kind == .asked && invitation?.status == .open
        let text: String
        switch (invitation?.kind, invitation?.status) {
        case (.asked, .open):
            text =
                "You asked to join on \(DisplayTime.format(invitation?.createdAt, in: zone)). "
                + "The facilitators will reply by email."
        case (.asked, .declined):
            text = "Your last request to join was not accepted. You may ask again."
        default:
            text = "This group is by invitation. Ask to join, and the facilitators will reply by email."
        }
        return .group(
            .h2(.text("Joining the group")),
            .unwrap(errors["ask"] ?? errors["accept"]) {
                Forms.errorMessage($0, id: Forms.fieldID("ask") + "-error")
            },
            .p(.attr("id", Forms.fieldID("ask")), .text(text)),
            .if(
                !waiting,
                Forms.buttonForm(
                    action: SiteURL.groupAsk(group.id).path, csrf: csrf, label: "Ask to join", secondary: false)))
    }

    /// For the facilitators: who can join, invitations, and requests waiting for an answer.
    static func joiningSection(
        group: PeerGroup, invitations: (rows: [PeerGroupService.InvitationRow], paging: Paging)?, typedEmail: String?,
        csrf: String, errors: FormErrors, zone: TimeZone
    ) -> Body {
        .group(
            .h2(.text("Invitations and requests")),
            Forms.form(
                action: SiteURL.groupInvitations(group.id).path, csrf: csrf,
                Forms.text(
                    .init(
                        name: "email", label: "Invite someone by their email address", value: typedEmail ?? "",
                        type: "email", autocomplete: "off",
                        hint: "Someone in your organisation; they are emailed a link to the group",
                        error: errors["email"],
                        spellcheck: false)),
                Forms.submit("Send the invitation", secondary: true)),
            .unwrap(errors["request"]) { Forms.errorMessage($0, id: Forms.fieldID("request") + "-error") },
            .unwrap(invitations) { page in
                page.rows.isEmpty
                    ? .p(.attr("id", Forms.fieldID("request")), .text("No invitations or requests yet."))
                    : .group(
                        .table(
                            .class("table"), .attr("id", Forms.fieldID("request")),
                            .caption(.class("visually-hidden"), .text("Invitations and requests")),
                            .thead(.tr(.th(.text("Who")), .th(.text("Where it stands")), .th(.text("Answer")))),
                            .tbody(
                                .forEach(page.rows) { row in
                                    .tr(
                                        .td(.text(row.name)),
                                        .td(.text(invitationText(row.invitation, zone: zone))),
                                        .td(
                                            .if(
                                                row.invitation.kind == .asked && row.invitation.status == .open,
                                                answerButtons(group: group, row: row, csrf: csrf))))
                                })),
                        Pager.render(page.paging) { SiteURL.group(group.id).path + "?invitations=\($0)" })
            },
            Forms.form(
                action: SiteURL.groupJoining(group.id).path, csrf: csrf,
                Forms.radios(
                    name: "joining", legend: "Who can join",
                    choices: PeerGroup.Joining.allCases.map {
                        Forms.Choice(value: $0.rawValue, label: joiningText($0))
                    },
                    selected: group.joining.rawValue, error: errors["joining"]),
                Forms.submit("Save who can join", secondary: true)))
    }

    static func answerButtons(group: PeerGroup, row: PeerGroupService.InvitationRow, csrf: String) -> Body {
        let action = SiteURL.groupRequest(group.id, request: row.invitation.id).path
        return .div(
            .class("button-group"),
            Forms.form(
                action: action, csrf: csrf, .input(.type(.hidden), .name("decision"), .value("let-in")),
                .button(.type(.submit), .class("button"), .text("Let \(row.name) in"))),
            Forms.form(
                action: action, csrf: csrf, .input(.type(.hidden), .name("decision"), .value("decline")),
                .button(.type(.submit), .class("button button--secondary"), .text("Decline \(row.name)'s request"))))
    }

    static func invitationText(_ invitation: PeerGroupInvitation, zone: TimeZone) -> String {
        let when = DisplayTime.format(invitation.createdAt, in: zone)
        switch (invitation.kind, invitation.status) {
        case (.invited, .open): return "Invited on \(when), not yet joined"
        case (.asked, .open): return "Asked to join on \(when)"
        case (.asked, .letIn): return "Let in: has not joined yet"
        case (.asked, .declined): return "Request declined"
        case (_, .joined): return "Joined"
        default: return "Invited on \(when)"
        }
    }

    static func meetingsTable(_ meetings: [PeerMeeting], places: [MeetingPlace], zone: TimeZone) -> Body {
        guard !meetings.isEmpty else { return .p(.text("No meetings are planned.")) }
        return .table(
            .class("table"),
            .caption(.class("table__caption"), .text("Meetings")),
            .thead(.tr(.th(.text("When")), .th(.text("Status")), .th(.text("Your place")))),
            .tbody(
                .group(
                    meetings.map { meeting in
                        let place = places.first { $0.meetingID == meeting.id }
                        return .tr(
                            .td(
                                .a(
                                    .attr("href", SiteURL.meeting(meeting.id).path),
                                    .text(DisplayTime.format(meeting.startsAt, in: zone)))),
                            .td(.text(statusText(meeting.status))),
                            .td(.text(placeText(place?.status))))
                    })))
    }

    static func statusText(_ status: PeerMeeting.Status) -> String {
        switch status {
        case .planned: "Planned"
        case .cancelled: "Cancelled"
        case .held: "Held"
        }
    }

    static func placeText(_ status: MeetingPlace.Status?) -> String {
        switch status {
        case .coming: "Coming"
        case .waiting: "On the waiting list"
        case .attended: "Attended"
        case .withdrawn, nil: "Not coming"
        }
    }

    static func row(_ key: String, _ value: String) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(key)), .el("dd", .text(value)))
    }
}
