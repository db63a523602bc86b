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
                                    .td(.text(membershipText(row.membership, group: row.group))))
                            }))),
            Pager.render(paging) { SiteURL.groups.path + "?page=\($0)" })
    }

    static func membershipText(_ member: PeerGroupMember?, group: PeerGroup) -> String {
        guard let member else { return "Not a member" }
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
                    Forms.submit("Start the group"))))
    }

    static func group(
        group: PeerGroup, standing: Policy.PeerGroupStanding, membership: PeerGroupMember?, meetings: [PeerMeeting],
        places: [MeetingPlace], members: [(PeerGroupMember, String)], typedAgreement: String? = nil, csrf: String,
        errors: FormErrors, zone: TimeZone
    ) -> Body {
        let isIn = standing.isMember || standing.isFacilitator
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.groups.path), .text("Peer groups"))),
            .h1(.text(group.name)),
            .el(
                "dl", .class("summary-list"),
                row("Meets", group.rule.summary), row("Where", group.place),
                row("Places at each meeting", String(group.capacity)),
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
                        !standing.isFacilitator,
                        Forms.buttonForm(
                            action: SiteURL.groupLeave(group.id).path, csrf: csrf, label: "Leave the group")))
                : Forms.form(
                    action: SiteURL.groupJoin(group.id).path, csrf: csrf,
                    .if(
                        membership != nil,
                        .p(.text("The agreement has changed since you accepted it. Read it and accept it again."))),
                    Forms.checkboxes(
                        name: "accept", legend: "Joining the group",
                        choices: [
                            Forms.Choice(value: String(group.agreementVersion), label: "I accept the agreement above")
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
                    .ul(
                        .forEach(members) { member, name in
                            .li(.text(name + (member.kind == .facilitator ? " (facilitator)" : "")))
                        }))))
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
