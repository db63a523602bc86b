import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/mentoring/my`: each pair the person is in, its sessions against the plan, a way to end the pair, and their
/// private calendar feed.
package struct MyMentoringPage {
    package typealias Body = Node<HTML.BodyContext>

    package enum Evaluation {
        case open, answered
    }

    package struct OpenProgramme {
        package var id: UUID
        package var name: String
        package var audience: String
    }

    package var pairs: [SessionService.PairSummary]
    package var evaluation: [UUID: Evaluation]
    package var openProgrammes: [OpenProgramme] = []
    /// Programmes where the person waits for a mentor and may name the ones they would like.
    package var choosing: [OpenProgramme] = []
    package var hasFeed: Bool
    package var feedURL: String?
    package var declining: (UUID, FormErrors, String)?
    package var displayTime: (Date?) -> String
    package var csrf: String

    package func render() -> Body {
        .group(
            Forms.errorSummary(declining?.1 ?? FormErrors()),
            .h1(.text("Your mentoring")),
            .p(
                .text(
                    "What you and your mentoring partner talk about stays between you. Your supervisor, the programme "
                        + "team and administrators never see your session records or your answers.")),
            .if(pairs.isEmpty, .p(.text("You are not in a mentoring pair yet. When you are matched, it shows here."))),
            .forEach(pairs) { pair in pairSection(pair) },
            .forEach(choosing) { programme in
                .div(
                    .class("inset"),
                    .p(
                        .text("\(programme.name): you are waiting for a mentor. "),
                        .a(
                            .attr("href", SiteURL.mentoringChoose(programme.id).path),
                            .text("Choose the mentors you would like"))))
            },
            .if(
                !openProgrammes.isEmpty,
                .group(
                    .h2(.text("Programmes you can apply to")),
                    .ul(
                        .class("link-list"),
                        .forEach(openProgrammes) { programme in
                            .li(
                                .a(.attr("href", SiteURL.mentoringApply(programme.id).path), .text(programme.name)),
                                .text(": \(programme.audience)"))
                        }))),
            .h2(.text("Your calendar")),
            .unwrap(feedURL) { url in
                .div(
                    .class("panel panel--confirmation"), .attr("role", "status"),
                    .p(
                        .text(
                            "Subscribe to this address in your calendar. Keep it private: anyone with it sees your sessions."
                        )),
                    .p(.code(.class("secret"), .text(url))))
            },
            .p(
                .text(
                    hasFeed
                        ? "You have a private calendar address. Making a new one stops the old one working."
                        : "A private calendar address keeps your sessions in your own calendar, with changes and "
                            + "cancellations.")),
            Forms.buttonForm(
                action: SiteURL.myMentoringCalendar.path, csrf: csrf,
                label: hasFeed ? "Make a new calendar address" : "Make my calendar address")
        )
    }

    /// Off unless the mentee turns it on: the supervisor then learns only that they have a mentor.
    private func shareForm(_ pair: SessionService.PairSummary) -> Body {
        guard let supervisor = pair.supervisorEmail else {
            return .p(
                .class("hint"), .text("The programme has no supervisor on record for you, so none is told anything."))
        }
        return Forms.form(
            action: SiteURL.mentoringPairShare(pair.pairID).path, csrf: csrf,
            .p(
                .text(
                    pair.sharesWithSupervisor
                        ? "Your supervisor can see that you have a mentor, and nothing more."
                        : "Your supervisor does not know you have a mentor. You can tell them through Cairn: they "
                            + "would see only that you have one."),
                .text(" The supervisor on record: \(supervisor).")),
            .void(
                "input",
                [
                    .attr("type", "hidden"), .attr("name", "share"),
                    .attr("value", pair.sharesWithSupervisor ? "no" : "yes"),
                ]),
            Forms.submit(
                pair.sharesWithSupervisor
                    ? "Stop sharing with my supervisor" : "Let my supervisor know I have a mentor",
                secondary: true))
    }

    private func pairSection(_ pair: SessionService.PairSummary) -> Body {
        let role = pair.side == .mentor ? "Your mentee" : "Your mentor"
        let errors = declining?.0 == pair.pairID ? declining?.1 ?? FormErrors() : FormErrors()
        return .section(
            .class("card"),
            .h2(.text("\(role): \(pair.otherName)")),
            .p(
                .text(pair.programmeName),
                .if(pair.status != .active, .span(.class("tag tag--warning"), .text("Ended")))),
            .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("Sessions with \(pair.otherName)")),
                .thead(
                    .tr(
                        .th(.attr("scope", "col"), .text("Session")), .th(.attr("scope", "col"), .text("Due by")),
                        .th(.attr("scope", "col"), .text("When")), .th(.attr("scope", "col"), .text("Status")))),
                .tbody(
                    .forEach(pair.sessions) { session in
                        .tr(
                            .td(
                                .a(
                                    .attr("href", SiteURL.mentoringSession(session.id).path),
                                    .text("Session \(session.number)"))),
                            .td(.text(CalendarDay.longText(iso: session.dueOn))),
                            .td(.text(session.startsAt == nil ? "Not agreed yet" : displayTime(session.startsAt))),
                            .td(.text(session.status.title)))
                    })),
            .if(pair.side == .mentee && pair.status == .active, shareForm(pair)),
            .unwrap(evaluation[pair.pairID]) { state in
                switch state {
                case .open:
                    return .p(
                        .a(
                            .class("button"), .attr("href", SiteURL.mentoringPairEvaluation(pair.pairID).path),
                            .text("Evaluate the programme")))
                case .answered:
                    return .p(.text("Thank you for evaluating the programme."))
                }
            },
            .if(
                pair.status == .active,
                .el(
                    "details", .class("details"), .if(!errors.isEmpty, .attr("open", "open")),
                    .el("summary", .text("End this pairing")),
                    .p(
                        .text(
                            pair.side == .mentor
                                ? "The mentee will be matched with someone else. Sessions still planned are cancelled."
                                : "You will be matched with another mentor. Sessions still planned are cancelled.")),
                    Forms.form(
                        action: SiteURL.mentoringPairDecline(pair.pairID).path, csrf: csrf,
                        Forms.textArea(
                            name: "reason", label: "Why", value: declining?.0 == pair.pairID ? declining?.2 ?? "" : "",
                            hint: "The programme lead reads this to find a better match", error: errors["reason"],
                            rows: 3),
                        Forms.submit("End this pairing", secondary: true))))
        )
    }
}
