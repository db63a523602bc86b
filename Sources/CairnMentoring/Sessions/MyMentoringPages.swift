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
                            .td(.text(session.dueOn)),
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

/// `/mentoring/sessions/:id`: agree the time and the video link, say what happened, keep the private record,
/// and give feedback once the session is held.
package struct SessionPage {
    package typealias Body = Node<HTML.BodyContext>

    package var session: MentoringSession
    package var programme: MentoringProgramme
    package var side: DualBlindFeedback.Side
    package var pairActive: Bool
    package var otherName: String
    package var record: String?
    package var mine: SessionService.Answers?
    package var theirs: SessionService.Answers?
    package var theyAnswered: Bool
    package var mayAnswer: Bool
    package var zone: TimeZone
    package var displayTime: (Date?) -> String
    package var errors: FormErrors
    package var values: [String: String]
    package var csrf: String

    package func render() -> Body {
        let id = session.id
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.myMentoring.path), .text("Your mentoring"))),
            .span(.class("caption"), .text("\(programme.name), with \(otherName)")),
            .h1(.text("Session \(session.number) of \(programme.sessionCount)")),
            .el(
                "dl", .class("summary-list"),
                row("Status", session.status.title),
                row("Due by", session.dueOn),
                row("When", session.startsAt == nil ? "Not agreed yet" : displayTime(session.startsAt)),
                row("Length", "\(session.minutes) minutes"),
                .div(
                    .class("summary-list__row"), .el("dt", .text("Video link")),
                    .el(
                        "dd",
                        .unwrap(
                            session.videoLink, { .safeLink($0) },
                            else: .text("None yet"))))),
            .if(
                session.startsAt != nil,
                .p(
                    .a(
                        .attr("href", SiteURL.mentoringSessionInvite(id).path),
                        .text("Add this session to your calendar (.ics)")))),
            .if(pairActive, scheduleForm()),
            recordSection(),
            feedbackSection()
        )
    }

    private func row(_ label: String, _ value: String) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(label)), .el("dd", .text(value)))
    }

    private func scheduleForm() -> Body {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = session.startsAt.map { calendar.dateComponents([.year, .month, .day, .hour, .minute], from: $0) }
        let date = parts.map { CalendarDay($0.year ?? 0, $0.month ?? 0, $0.day ?? 0).description } ?? ""
        let time = parts.map { String(format: "%02d:%02d", $0.hour ?? 0, $0.minute ?? 0) } ?? ""
        return .group(
            .h2(.text("Time, link and status")),
            Forms.form(
                action: SiteURL.mentoringSession(session.id).path, csrf: csrf,
                Forms.text(
                    .init(
                        name: "date", label: "Date", value: values["date"] ?? date, hint: "For example 2027-03-04",
                        error: errors["date"], width: "10")),
                Forms.text(
                    .init(
                        name: "time", label: "Start time", value: values["time"] ?? time,
                        hint: "24-hour clock, for example 14:30", error: errors["time"], width: "5")),
                Forms.text(
                    .init(
                        name: "videoLink", label: "Video link", value: values["videoLink"] ?? session.videoLink ?? "",
                        type: "url", hint: "The https:// address of the meeting", error: errors["videoLink"])),
                Forms.radios(
                    name: "status", legend: "What happened",
                    choices: MentoringSession.Status.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                    selected: values["status"] ?? session.status.rawValue, error: errors["status"]),
                Forms.submit("Save"))
        )
    }

    private func recordSection() -> Body {
        .group(
            .h2(.id("record"), .text("Your private record")),
            .p(
                .class("hint"),
                .text(
                    "Seen only by you and \(otherName). Kept encrypted; every reading and change is logged.")),
            Forms.form(
                action: SiteURL.mentoringSessionRecord(session.id).path, csrf: csrf,
                Forms.textArea(
                    name: "record", label: "Notes from this session", value: values["record"] ?? record ?? "",
                    error: errors["record"], rows: 6),
                Forms.submit("Save the record", secondary: true))
        )
    }

    private func scale(_ name: String, _ legend: String, _ range: ClosedRange<Int>, low: String, high: String) -> Body {
        Forms.radios(
            name: name, legend: legend,
            choices: range.map { value in
                .init(
                    value: String(value),
                    label: value == range.lowerBound
                        ? "\(value) (\(low))" : value == range.upperBound ? "\(value) (\(high))" : String(value))
            },
            selected: values[name], error: errors[name])
    }

    private func feedbackSection() -> Body {
        .group(
            .h2(.id("feedback"), .text("Feedback")),
            .if(
                session.status != .held,
                .p(.text("Feedback opens once the session is marked as held."))),
            .if(
                mayAnswer,
                Forms.form(
                    action: SiteURL.mentoringSessionFeedback(session.id).path, csrf: csrf,
                    .p(
                        .text(
                            "\(otherName) will not see your answers until they have given theirs, or a week has "
                                + "passed.")),
                    scale("feltSafe", "I felt safe to speak openly", 1...5, low: "not at all", high: "completely"),
                    scale("useful", "The session was useful", 1...5, low: "not at all", high: "very"),
                    Forms.radios(
                        name: "actionsAgreed", legend: "We agreed actions",
                        choices: [.init(value: "yes", label: "Yes"), .init(value: "no", label: "No")],
                        selected: values["actionsAgreed"], error: errors["actionsAgreed"]),
                    scale(
                        "recommend", "How likely are you to recommend mentoring to a colleague?", 0...10,
                        low: "not at all likely", high: "extremely likely"),
                    Forms.textArea(
                        name: "comment", label: "Anything else (optional)", value: values["comment"] ?? "",
                        error: errors["comment"], rows: 3),
                    Forms.submit("Send my feedback"))),
            .unwrap(mine) { answers in
                .group(.h3(.text("Your answers")), answersList(answers))
            },
            .if(
                mine != nil || session.status == .held,
                .unwrap(
                    theirs, { answers in .group(.h3(.text("\(otherName)'s answers")), answersList(answers)) },
                    else: .p(
                        .text(
                            theyAnswered
                                ? "\(otherName) has answered. You will see their answers once you have given yours, "
                                    + "or a week after the session."
                                : "\(otherName) has not answered yet."))))
        )
    }

    private func answersList(_ answers: SessionService.Answers) -> Body {
        .el(
            "dl", .class("summary-list"),
            row("Felt safe to speak openly", "\(answers.feltSafe) of 5"),
            row("Useful", "\(answers.useful) of 5"),
            row("Agreed actions", answers.actionsAgreed ? "Yes" : "No"),
            row("Would recommend", "\(answers.recommend) of 10"),
            .unwrap(answers.comment) { row("Comment", $0) })
    }
}
