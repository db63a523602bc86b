import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

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
                row("Due by", CalendarDay.longText(iso: session.dueOn)),
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
                Forms.date(name: "date", label: "Date", value: values["date"] ?? date, error: errors["date"]),
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
