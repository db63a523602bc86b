import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot

/// A programme's dashboard: pairs, sessions against the template, completion, mentor load and feedback from both
/// sides, as counts and averages only. Counts of 1–4 show as "<5" and an average over fewer than five answers is
/// not shown, so no one's answers can be picked out. Nothing here reads a session record or a comment.
package struct ProgrammeFigures {
    package let context: ServiceContext
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) {
        self.context = context
    }

    package struct Report {
        package var tables: [FigureTable]
        package var sessionBars: [(label: String, value: Int, shown: String)]
        package var completionBars: [(label: String, value: Int, shown: String)]
        package var evaluation: [EvaluationService.SideSummary] = []
    }

    package func report(for programme: MentoringProgramme) async throws -> Report {
        let programmeID = try programme.requireID()
        let menteeCount = try await Mentee.query(on: database).filter(\.$programmeID == programmeID).count()
        let pairs = try await MentoringPair.query(on: database).filter(\.$programmeID == programmeID).all()
        let active = pairs.filter { $0.status == .active }
        let pairIDs = pairs.compactMap(\.id)
        let sessions =
            pairIDs.isEmpty
            ? [] : try await MentoringSession.query(on: database).filter(\.$pairID ~~ pairIDs).all()
        let workingDays = state.workingDays
        let plan = programme.plan(workingDays)
        let held = sessions.filter { $0.status == .held }
        let heldInWindow = plan.heldWithinWindow(held.compactMap { $0.startsAt.map(workingDays.day(of:)) })
        let promised = active.count * programme.sessionCount

        let show = SmallNumbers.belowFive
        let overview = FigureTable(
            title: "Pairs", columns: ["Measure", "Count"],
            rows: [
                ["Mentees", show(menteeCount)],
                ["Matched (active pairs)", show(active.count)],
                ["Not matched", show(max(0, menteeCount - active.count))],
                ["Pairs ended early", show(pairs.filter { $0.status == .declined }.count)],
            ])
        let sessionCounts: [(String, Int)] = [
            ("Promised to active pairs", promised),
            ("Planned, not yet held", sessions.filter { $0.status == .planned }.count),
            ("Held", held.count),
            ("Held within the window", heldInWindow),
            ("Cancelled", sessions.filter { $0.status == .cancelled }.count),
            ("Missed", sessions.filter { $0.status == .missed }.count),
        ]
        let sessionTable = FigureTable(
            title: "Sessions", columns: ["Sessions", "Count"], rows: sessionCounts.map { [$0.0, show($0.1)] })

        var heldPerPair: [UUID: Int] = [:]
        for session in held { heldPerPair[session.pairID, default: 0] += 1 }
        let completion = (0...programme.sessionCount).map { count in
            (
                count == programme.sessionCount
                    ? "All \(count) held" : "\(count) of \(programme.sessionCount) held",
                active.filter { heldPerPair[$0.id ?? UUID(), default: 0] == count }.count
            )
        }
        let completionTable = FigureTable(
            title: "Completion per pair", columns: ["Sessions held", "Pairs"],
            rows: completion.map { [$0.0, show($0.1)] })

        let places = try await ProgrammeMentor.query(on: database).filter(\.$programmeID == programmeID).all()
        let loads = [
            ("No mentees", places.filter { $0.activeLoad == 0 }.count),
            ("Below capacity", places.filter { $0.activeLoad > 0 && $0.activeLoad < $0.capacity }.count),
            ("At capacity", places.filter { $0.activeLoad >= $0.capacity && $0.capacity > 0 }.count),
        ]
        let loadTable = FigureTable(
            title: "Mentor load", columns: ["Mentors", "Count"], rows: loads.map { [$0.0, show($0.1)] })

        let feedback =
            sessions.isEmpty
            ? [] : try await SessionFeedback.query(on: database).filter(\.$sessionID ~~ sessions.compactMap(\.id)).all()
        let feedbackTable = FigureTable(
            title: "Feedback after sessions (mentors and mentees side by side)",
            columns: ["Measure", "Mentors", "Mentees"],
            rows: Self.sideBySide(
                mentors: feedback.filter { $0.side == "mentor" }, mentees: feedback.filter { $0.side == "mentee" }))

        let evaluation = try await EvaluationService(context: context).summary(for: programme)
        let evaluationTables = evaluation.map { side in
            FigureTable(
                title: "End-of-programme evaluation: \(side.side == .mentee ? "mentees" : "mentors") "
                    + "(\(SmallNumbers.belowFive(side.respondents)) answered)",
                columns: ["Statement", "Answers", "Average (1–5)"],
                rows: side.ratings.map { line in
                    [
                        line.question, SmallNumbers.belowFive(line.answers),
                        line.average.map { String(format: "%.1f", $0) } ?? "Fewer than 5 answers",
                    ]
                })
        }
        return Report(
            tables: [overview, sessionTable, completionTable, loadTable, feedbackTable] + evaluationTables,
            sessionBars: sessionCounts.map { ($0.0, $0.1, show($0.1)) },
            completionBars: completion.map { ($0.0, $0.1, show($0.1)) }, evaluation: evaluation)
    }

    /// Averages only over five answers or more; otherwise the cell says why it is empty.
    package static func sideBySide(mentors: [SessionFeedback], mentees: [SessionFeedback]) -> [[String]] {
        func average(_ rows: [SessionFeedback], _ value: (SessionFeedback) -> Double, digits: Int = 1) -> String {
            guard rows.count >= 5 else { return "Fewer than 5 answers" }
            return String(format: "%.\(digits)f", rows.map(value).reduce(0, +) / Double(rows.count))
        }
        func percent(_ rows: [SessionFeedback]) -> String {
            guard rows.count >= 5 else { return "Fewer than 5 answers" }
            return "\(Int((Double(rows.filter(\.actionsAgreed).count) * 100 / Double(rows.count)).rounded()))%"
        }
        return [
            ["Answers", SmallNumbers.belowFive(mentors.count), SmallNumbers.belowFive(mentees.count)],
            [
                "Felt safe to speak openly (1–5)", average(mentors) { Double($0.feltSafe) },
                average(mentees) { Double($0.feltSafe) },
            ],
            [
                "The session was useful (1–5)", average(mentors) { Double($0.useful) },
                average(mentees) { Double($0.useful) },
            ],
            ["Agreed actions", percent(mentors), percent(mentees)],
            [
                "Would recommend (0–10)", average(mentors) { Double($0.recommend) },
                average(mentees) { Double($0.recommend) },
            ],
        ]
    }
}

/// `/mentoring/programmes/:id/dashboard`.
package enum DashboardPage {
    package static func render(_ programme: MentoringProgramme, _ report: ProgrammeFigures.Report) -> Node<
        HTML.BodyContext
    > {
        .group(
            .p(
                .a(
                    .class("back-link"), .attr("href", SiteURL.mentoringProgramme(programme.id).path),
                    .text(programme.name))),
            .h1(.text("Dashboard")),
            .p(
                .text(
                    "Counts from 1 to 4 show as <5, and averages over fewer than five answers are not shown, so no "
                        + "one's answers can be picked out. Session records and comments are never used.")),
            .p(
                .a(
                    .attr("href", SiteURL.mentoringDashboardCSV(programme.id).path),
                    .text("Download these figures as CSV"))),
            .h2(.text("Sessions")),
            .div(
                .class("chart"),
                .chart(BarChart.svg(title: "Sessions", bars: report.sessionBars, width: 720, id: "chart-sessions"))),
            .h2(.text("Completion per pair")),
            .div(
                .class("chart"),
                .chart(
                    BarChart.svg(
                        title: "Completion per pair", bars: report.completionBars, width: 720, id: "chart-completion"))),
            .forEach(report.tables) { FigureTableView.render($0) },
            .if(
                report.evaluation.isEmpty,
                .p(
                    .text(
                        "End-of-programme evaluation results appear here once the programme's window has closed, so "
                            + "that no one's answers can be picked out as they arrive."))),
            .forEach(report.evaluation) { side in
                .group(
                    .forEach(side.texts.filter { !$0.answers.isEmpty }) { text in
                        .el(
                            "details", .class("details"),
                            .el(
                                "summary",
                                .text(
                                    "\(side.side == .mentee ? "Mentees" : "Mentors"): “\(text.question)” "
                                        + "(\(text.answers.count) comments, without names)")),
                            .ul(.forEach(text.answers) { .li(.text($0)) }))
                    })
            }
        )
    }
}
