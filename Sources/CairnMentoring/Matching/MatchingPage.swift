import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/mentoring/programmes/:id/matching`: start a run and watch its progress; read each proposed pair with the
/// factors behind its score, each unmatched mentee with the reason, and the mentors' loads; change, swap, publish.
package struct MatchingPage {
    package typealias Body = Node<HTML.BodyContext>

    package var programme: MentoringProgramme
    package var run: MatchingRun?
    package var proposals: [MatchingService.ProposalRow]
    package var mentors: [ProgrammeService.MentorRow]
    package var errors: FormErrors
    package var values: [String: String]
    package var notice: String?
    package var csrf: String

    package func render() -> Body {
        let id = programme.id
        return .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.mentoringProgramme(id).path), .text(programme.name))),
            .h1(.text("Matching")),
            .unwrap(notice) { .div(.class("notice"), .attr("role", "status"), .p(.text($0))) },
            state(),
            .if(
                run?.status != .running,
                Forms.form(
                    action: SiteURL.mentoringMatching(id).path, csrf: csrf,
                    .p(
                        .text(
                            "A run matches every mentee without a mentor to mentors with places left. Published "
                                + "pairs are not disturbed.")),
                    Forms.submit(run == nil ? "Start matching" : "Start a new run", secondary: run != nil)))
        )
    }

    private func state() -> Body {
        guard let run else { return .p(.text("No matching run yet.")) }
        switch run.status {
        case .running:
            return .div(
                .class("panel"), .attr("role", "status"), .attr("aria-live", "polite"),
                .h2(.text("Matching is running")),
                .el(
                    "progress", .id("matching-progress"), .attr("max", "100"), .attr("value", String(run.progress)),
                    .attr("aria-label", "Matching progress"), .text("\(run.progress)%")),
                .p(.text("\(run.progress)% – \(run.stage). This page refreshes by itself.")))
        case .failed:
            return .div(.class("notice notice--important"), .p(.text(run.message ?? "The run failed.")))
        case .proposed, .published, .superseded:
            return proposed(run)
        }
    }

    private func proposed(_ run: MatchingRun) -> Body {
        let unmatched = proposals.filter { $0.mentorID == nil }
        let matched = proposals.filter { $0.mentorID != nil }
        let proposedLoad = Dictionary(grouping: matched, by: { $0.mentorID! }).mapValues(\.count)
        let seconds = run.finishedAt.map { String(format: "%.1f", $0.timeIntervalSince(run.startedAt)) } ?? "–"
        return .group(
            .el(
                "dl", .class("summary-list"),
                summary("Status", run.status == .published ? "Published" : "Proposed, not yet published"),
                summary("Mentees in this run", String(run.menteeCount)),
                summary("Matched", "\(matched.count) of \(proposals.count)"),
                summary("Total score", String(matched.reduce(0) { $0 + $1.score })),
                summary("Time taken", "\(seconds) seconds")),
            .if(
                run.status == .proposed,
                .group(
                    .p(.text("Publishing makes these pairs and tells each mentor and mentee by email.")),
                    .p(
                        .a(
                            .class("button"), .attr("href", SiteURL.mentoringMatchingPublish(programme.id).path),
                            .text("Publish \(matched.count) pair\(matched.count == 1 ? "" : "s")…"))))),
            .h2(.text("Proposed pairs")),
            .if(
                matched.isEmpty, .p(.text("No pairs proposed.")),
                else: .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Proposed pairs")),
                    .thead(
                        .tr(
                            .th(.attr("scope", "col"), .text("Mentee")), .th(.attr("scope", "col"), .text("Mentor")),
                            .th(.attr("scope", "col"), .text("Score")),
                            .th(.attr("scope", "col"), .text("Why")))),
                    .tbody(
                        .forEach(matched) { row in
                            .tr(
                                .td(.text(row.menteeName)), .td(.text(row.mentorName ?? "")),
                                .td(.text(String(row.score))),
                                .td(
                                    .text(
                                        row.contributions.map { "\($0.factor.title) +\($0.points)" }
                                            .joined(separator: "; ")),
                                    .unwrap(row.overrideReason) {
                                        .p(.class("hint"), .text("Changed by the programme lead: \($0)"))
                                    }))
                        }))),
            .h2(.text("Mentees without a mentor (\(unmatched.count))")),
            .if(
                unmatched.isEmpty, .p(.text("Every mentee in this run has a proposed mentor.")),
                else: .table(
                    .class("table"),
                    .caption(.class("visually-hidden"), .text("Mentees without a mentor")),
                    .thead(.tr(.th(.attr("scope", "col"), .text("Mentee")), .th(.attr("scope", "col"), .text("Why")))),
                    .tbody(
                        .forEach(unmatched) { row in
                            .tr(.td(.text(row.menteeName)), .td(.text(row.unmatchedReason ?? "")))
                        }))),
            .h2(.text("Mentor loads")),
            .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("Mentor loads")),
                .thead(
                    .tr(
                        .th(.attr("scope", "col"), .text("Mentor")), .th(.attr("scope", "col"), .text("Places")),
                        .th(.attr("scope", "col"), .text("Already paired")),
                        .th(.attr("scope", "col"), .text("Proposed in this run")))),
                .tbody(
                    .forEach(mentors) { mentor in
                        .tr(
                            .td(.text(mentor.name + (mentor.paused ? " (paused)" : ""))),
                            .td(.text(String(mentor.capacity))), .td(.text(String(mentor.load))),
                            .td(.text(String(proposedLoad[mentor.id] ?? 0))))
                    })),
            .if(run.status == .proposed, changeForms())
        )
    }

    private func changeForms() -> Body {
        let mentees = proposals.map { Forms.Choice(value: $0.menteeID.uuidString, label: $0.menteeName) }
        let mentorChoices =
            [Forms.Choice(value: "none", label: "No mentor")]
            + mentors.filter { !$0.paused }.map { Forms.Choice(value: $0.id.uuidString, label: $0.name) }
        return .group(
            .h2(.text("Change a proposal")),
            Forms.form(
                action: SiteURL.mentoringMatchingChange(programme.id).path, csrf: csrf,
                Forms.select(
                    name: "mentee", label: "Mentee", choices: mentees, selected: values["mentee"],
                    error: errors["mentee"]),
                Forms.select(
                    name: "mentor", label: "Their mentor", choices: mentorChoices, selected: values["mentor"],
                    error: errors["mentor"]),
                Forms.text(
                    .init(
                        name: "reason", label: "Why", value: values["reason"] ?? "",
                        hint: "Kept with the run, for the programme's records", error: errors["reason"])),
                Forms.submit("Change the proposal", secondary: true)),
            .h2(.text("Swap two mentees' mentors")),
            Forms.form(
                action: SiteURL.mentoringMatchingSwap(programme.id).path, csrf: csrf,
                Forms.select(
                    name: "swapFirst", label: "First mentee", choices: mentees, selected: values["swapFirst"],
                    error: errors["swapFirst"]),
                Forms.select(
                    name: "swapSecond", label: "Second mentee", choices: mentees, selected: values["swapSecond"]),
                Forms.text(
                    .init(
                        name: "swapReason", label: "Why they swap", value: values["swapReason"] ?? "",
                        error: errors["swapReason"])),
                Forms.submit("Swap their mentors", secondary: true))
        )
    }

    private func summary(_ label: String, _ value: String) -> Body {
        .div(.class("summary-list__row"), .el("dt", .text(label)), .el("dd", .text(value)))
    }
}

extension MatchingPage {
    /// The step before publishing: it emails everyone in the run, and cannot be taken back.
    package static func confirmPublish(
        programme: MentoringProgramme, preview: MatchingService.PublishPreview, csrf: String
    ) -> Node<HTML.BodyContext> {
        let pairs = "\(preview.pairs) pair\(preview.pairs == 1 ? "" : "s")"
        return .group(
            .span(.class("caption"), .text(programme.name)),
            .h1(.text("Publish \(pairs)?")),
            .p(
                .text(
                    "Publishing makes these pairs and emails \(preview.mentees) mentee\(preview.mentees == 1 ? "" : "s") "
                        + "and \(preview.mentors) mentor\(preview.mentors == 1 ? "" : "s") to introduce them. It "
                        + "cannot be taken back: a pair published by mistake has to be ended.")),
            .if(
                preview.pairs == 0,
                .p(.text("This run proposes no pairs, so publishing would make none."))),
            Forms.form(
                action: SiteURL.mentoringMatchingPublish(programme.id).path, csrf: csrf,
                Forms.submit("Yes, publish \(pairs) and send the emails")),
            .p(.a(.attr("href", SiteURL.mentoringMatching(programme.id).path), .text("Not yet: back to the proposals")))
        )
    }
}
