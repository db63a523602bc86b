import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The pages of the registration pathway. Every value passes through Plot's escaping `.text`/`.attr`.
package enum PathwayPages {
    package typealias Body = Node<HTML.BodyContext>

    static func stateText(_ state: StepState) -> String {
        switch state {
        case .notStarted: "Not started"
        case .booked(let day): "Booked for \(day.longText)"
        case .tryingAgain(let used, let allowed): "Not passed yet (\(used) of \(allowed) attempts)"
        case .done(let day): "Done, \(day.longText)"
        case .expired(let day): "Expired on \(day.longText)"
        case .windowClosed(let day): "Window closed on \(day.longText)"
        case .attemptsUsed(let used, _): "All \(used) attempts used"
        }
    }

    static func chooseRoute(csrf: String, current: RegistrationRoute?, version: Int?, errors: FormErrors) -> Body {
        .group(
            .if(current == nil, Forms.errorSummary(errors)),
            .if(current == nil, .h1(.text("Your road to GMC registration"))),
            .if(
                current == nil,
                .p(
                    .text(
                        "Record the steps of your route to registration as you take them. Cairn works out how long "
                            + "each result stays valid, which window closes when, and emails you 90, 30 and 7 days "
                            + "before a deadline. Only you see this, unless you choose to share it with your "
                            + "supervisor."))),
            Forms.form(
                action: SiteURL.registrationPathway.path, csrf: csrf,
                .unwrap(version) { .input(.type(.hidden), .name("version"), .attr("value", String($0))) },
                Forms.radios(
                    name: "route", legend: current == nil ? "Which route are you taking?" : "Change your route",
                    choices: RegistrationRoute.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                    selected: current?.rawValue, error: errors["route"]),
                Forms.submit(current == nil ? "Start my pathway" : "Change the route", secondary: current != nil)))
    }

    static func deadlines(_ status: PathwayStatus) -> Body {
        status.deadlines.isEmpty
            ? .empty
            : .group(
                .h2(.text("Deadlines")),
                .ul(
                    .class("link-list"),
                    .group(
                        status.deadlines.map { deadline in
                            .li(
                                .if(
                                    deadline.warning != nil,
                                    .group(
                                        .strong(
                                            .attr(
                                                "class",
                                                deadline.daysLeft <= 30 ? "tag tag--overdue" : "tag tag--warning"),
                                            .text("\(deadline.daysLeft) days")), .text(" "))),
                                .text(
                                    "\(deadline.kind.title) \(deadline.whenText): the last day is "
                                        + "\(deadline.closesOn.adding(days: -1).longText)."))
                        })))
    }

    static func steps(_ status: PathwayStatus) -> Body {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Steps of your route")),
            .thead(.tr(.th(.text("Step")), .th(.text("Where it stands")), .th(.text("What it means")))),
            .tbody(
                .group(
                    status.steps.map { step in
                        .tr(
                            .if(step.state.isBroken, .class("row--overdue")),
                            .td(.text(step.step.title)),
                            .td(.text(stateText(step.state))),
                            .td(
                                .text(step.explanation),
                                .group(
                                    step.problems.map {
                                        .p(.strong(.class("tag tag--warning"), .text("Check")), .text(" " + $0))
                                    })))
                    })))
    }

    static func history(_ entries: [PathwayEntryRecord]) -> Body {
        entries.isEmpty
            ? .p(.text("Nothing is recorded yet."))
            : .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("Everything recorded")),
                .thead(.tr(.th(.text("Date")), .th(.text("Step")), .th(.text("What happened")))),
                .tbody(
                    .group(
                        entries.reversed().map { entry in
                            .tr(
                                .td(.text(CalendarDay.longText(iso: entry.day))),
                                .td(.text(entry.step.title)),
                                .td(
                                    .text(
                                        entry.step.label(entry.outcome)
                                            + (entry.extraLearning ? " (extra learning evidence accepted)" : ""))))
                        })))
    }

    static func blocking(_ status: PathwayStatus) -> Body {
        guard let step = status.blocking else {
            return .div(.class("notice"), .p(.text("You are registered. Well done.")))
        }
        let detail = status.status(of: step)?.explanation ?? ""
        return .div(
            .class("notice notice--important"),
            .p(.strong(.text("What holds you up: \(step.title).")), .text(" " + detail)))
    }

    static func pathway(
        pathway: RegistrationPathwayRecord, status: PathwayStatus, entries: [PathwayEntryRecord],
        draft: PathwayEntryDraft, csrf: String, errors: FormErrors
    ) -> Body {
        let version = String(pathway.version)
        let outcomes = PathwayOutcome.allCases.map { outcome in
            let label: String =
                switch outcome {
                case .booked: "Booked for this date"
                case .passed: "Passed on this date"
                case .failed: "Sat and not passed on this date"
                case .done: "Done on this date (verified, submitted, checked or registered)"
                }
            return Forms.Choice(value: outcome.rawValue, label: label)
        }
        return .group(
            Forms.errorSummary(errors),
            .h1(.text("Your road to GMC registration")),
            .p(.text("Route: \(pathway.route.title).")),
            blocking(status),
            deadlines(status),
            .h2(.text("Steps")),
            steps(status),
            .h2(.text("Record a step")),
            Forms.form(
                action: SiteURL.registrationPathwayEntries.path, csrf: csrf,
                .input(.type(.hidden), .name("version"), .attr("value", version)),
                Forms.select(
                    name: "step", label: "Step",
                    choices: [Forms.Choice(value: "", label: "Choose a step")]
                        + pathway.route.steps.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                    selected: draft.step, error: errors["step"]),
                Forms.select(
                    name: "outcome", label: "What happened",
                    choices: [Forms.Choice(value: "", label: "Choose what happened")] + outcomes,
                    selected: draft.outcome, error: errors["outcome"]),
                Forms.date(
                    name: "day", label: "Date", value: draft.day,
                    hint: "The day of the test or exam, or the day it was done. For example, 27 3 2027",
                    error: errors["day"]),
                Forms.checkboxes(
                    name: "extraLearning", legend: "For a fifth PLAB attempt",
                    choices: [
                        Forms.Choice(value: "yes", label: "The GMC accepted my evidence of 12 months' extra learning")
                    ], checked: draft.extraLearning ? ["yes"] : [], error: errors["extraLearning"]),
                Forms.submit("Record it")),
            .h2(.text("Everything recorded")),
            history(entries),
            .h2(.text("Who sees this")),
            Forms.form(
                action: SiteURL.registrationPathwaySharing.path, csrf: csrf,
                .input(.type(.hidden), .name("version"), .attr("value", version)),
                Forms.checkboxes(
                    name: "shared", legend: "Sharing with your supervisor",
                    choices: [
                        Forms.Choice(
                            value: "yes", label: "Let the supervisor of my induction see my pathway",
                            hint: "Nobody else sees it: not the department lead, not an administrator.")
                    ], checked: pathway.sharedWithSupervisor ? ["yes"] : [], error: errors["shared"]),
                Forms.submit("Save my choice", secondary: true)),
            .el(
                "details", .class("details"), .if(errors["route"] != nil, .attr("open", "open")),
                .el("summary", .text("Change your route")),
                chooseRoute(csrf: csrf, current: pathway.route, version: pathway.version, errors: errors)))
    }

    static func sharedView(
        name: String, induction: Induction, status: PathwayStatus, entries: [PathwayEntryRecord]
    ) -> Body {
        .group(
            .p(.a(.class("back-link"), .attr("href", SiteURL.induction(induction.id).path), .text("The induction"))),
            .h1(.text("\(name)'s road to GMC registration")),
            .p(.text("\(name) chose to share this with you. Route: \(status.route.title).")),
            blocking(status),
            deadlines(status),
            .h2(.text("Steps")),
            steps(status),
            .h2(.text("Everything recorded")),
            history(entries))
    }
}
