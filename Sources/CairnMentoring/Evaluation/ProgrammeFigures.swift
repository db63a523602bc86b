import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import SQLKit

/// A programme's dashboard: pairs, sessions against the template, completion, mentor load and feedback from both
/// sides, as counts and averages only, each counted by the database (issue #21 item 5). Every count is on one
/// `CountSheet` with what a reader knows ties them (mentees are the matched and the not matched; four sessions are
/// promised to each active pair; a pair's held sessions add up to no more than those held), so a count of 1–4 is
/// hidden and so is any count that would give one away. An average shows only beside a count that is shown (five or
/// more). Nothing here reads a session record or a comment.
package struct ProgrammeFigures {
    package let context: ServiceContext
    package var database: any Database { context.database }
    package var state: CairnState { context.state }

    package init(context: ServiceContext) {
        self.context = context
    }

    package typealias Bar = (label: String, value: Int, shown: String)

    package struct Report {
        package var tables: [FigureTable]
        package var sessionBars: [Bar]
        package var completionBars: [Bar]
        package var evaluation: [EvaluationService.SideSummary] = []
    }

    /// What the database counts for one programme: nothing but numbers.
    struct Counts {
        var mentees = 0
        var pairs: [String: Int] = [:]
        /// Sessions of every pair, active or ended early, by status.
        var sessions: [String: Int] = [:]
        var heldInWindow = 0
        /// Active pairs by held sessions (a pair that held more than the template counts as all held).
        var completion: [Int: Int] = [:]
        var mentors = (none: 0, below: 0, full: 0)
        var feedback: [String: Feedback] = [:]

        struct Feedback {
            var answers = 0
            var feltSafe = 0
            var useful = 0
            var agreed = 0
            var recommend = 0
        }
    }

    func count(_ programme: MentoringProgramme) async throws -> Counts {
        let sql = database as! any SQLDatabase
        let id = try programme.requireID()
        let template = programme.sessionCount
        var counts = Counts()
        counts.mentees = try await Mentee.query(on: database).filter(\.$programmeID == id).count()
        for row in try await sql.raw(
            "SELECT status, COUNT(*) AS n FROM mentoring_pairs WHERE programme_id = \(bind: id) GROUP BY status"
        ).all() {
            counts.pairs[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        let active = MentoringPair.Status.active.rawValue
        for row in try await sql.raw(
            """
            SELECT s.status, COUNT(*) AS n FROM mentoring_sessions s JOIN mentoring_pairs p ON p.id = s.pair_id \
            WHERE p.programme_id = \(bind: id) GROUP BY s.status
            """
        ).all() {
            counts.sessions[try row.decode(column: "status", as: String.self)] = try row.decode(
                column: "n", as: Int.self)
        }
        let plan = programme.plan(state.workingDays)
        let held = MentoringSession.Status.held.rawValue
        if let from = state.workingDays.start(of: plan.windowStart),
            let until = state.workingDays.start(of: plan.windowEnd.adding(days: 1))
        {
            counts.heldInWindow =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM mentoring_sessions s JOIN mentoring_pairs p ON p.id = s.pair_id \
                    WHERE p.programme_id = \(bind: id) AND s.status = \(bind: held) \
                    AND s.starts_at >= \(bind: from) AND s.starts_at < \(bind: until)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        for row in try await sql.raw(
            """
            SELECT CASE WHEN h.held >= \(bind: template) THEN \(bind: template) ELSE h.held END AS done, \
            COUNT(*) AS n FROM (SELECT (SELECT COUNT(*) FROM mentoring_sessions s WHERE s.pair_id = p.id \
            AND s.status = \(bind: held)) AS held FROM mentoring_pairs p \
            WHERE p.programme_id = \(bind: id) AND p.status = \(bind: active)) h GROUP BY done
            """
        ).all() {
            counts.completion[try row.decode(column: "done", as: Int.self)] = try row.decode(column: "n", as: Int.self)
        }
        if let row = try await sql.raw(
            """
            SELECT SUM(CASE WHEN active_load = 0 THEN 1 ELSE 0 END) AS no_mentees, \
            SUM(CASE WHEN active_load > 0 AND active_load >= capacity THEN 1 ELSE 0 END) AS at_capacity, \
            SUM(CASE WHEN active_load > 0 AND active_load < capacity THEN 1 ELSE 0 END) AS below_capacity \
            FROM programme_mentors WHERE programme_id = \(bind: id)
            """
        ).first() {
            counts.mentors = (
                try row.decode(column: "no_mentees", as: Int?.self) ?? 0,
                try row.decode(column: "below_capacity", as: Int?.self) ?? 0,
                try row.decode(column: "at_capacity", as: Int?.self) ?? 0
            )
        }
        for row in try await sql.raw(
            """
            SELECT f.side, COUNT(*) AS n, CAST(SUM(f.felt_safe) AS BIGINT) AS felt_safe, \
            CAST(SUM(f.useful) AS BIGINT) AS useful, SUM(CASE WHEN f.actions_agreed THEN 1 ELSE 0 END) AS agreed, \
            CAST(SUM(f.recommend) AS BIGINT) AS recommend \
            FROM session_feedback f JOIN mentoring_sessions s ON s.id = f.session_id \
            JOIN mentoring_pairs p ON p.id = s.pair_id \
            WHERE p.programme_id = \(bind: id) GROUP BY f.side
            """
        ).all() {
            counts.feedback[try row.decode(column: "side", as: String.self)] = Counts.Feedback(
                answers: try row.decode(column: "n", as: Int.self),
                feltSafe: try row.decode(column: "felt_safe", as: Int?.self) ?? 0,
                useful: try row.decode(column: "useful", as: Int?.self) ?? 0,
                agreed: try row.decode(column: "agreed", as: Int?.self) ?? 0,
                recommend: try row.decode(column: "recommend", as: Int?.self) ?? 0)
        }
        return counts
    }

    package func report(for programme: MentoringProgramme) async throws -> Report {
        let counts = try await count(programme)
        let template = programme.sessionCount
        var sheet = CountSheet()

        let activePairs = counts.pairs[MentoringPair.Status.active.rawValue] ?? 0
        let mentees = sheet.add(counts.mentees)
        let matched = sheet.add(activePairs)
        let notMatched = sheet.add(max(0, counts.mentees - activePairs))
        sheet.tieIfTrue(mentees, to: [matched, notMatched])
        let endedEarly = sheet.add(counts.pairs[MentoringPair.Status.declined.rawValue] ?? 0)

        let promised = sheet.add(activePairs * template)
        sheet.tie(promised, toMultiples: [(matched, template)])
        func sessions(_ status: MentoringSession.Status) -> CountSheet.Cell {
            sheet.add(counts.sessions[status.rawValue] ?? 0)
        }
        let planned = sessions(.planned)
        let held = sessions(.held)
        let cancelled = sessions(.cancelled)
        let missed = sessions(.missed)
        let heldInWindow = sheet.add(counts.heldInWindow)
        sheet.tie(held, to: [heldInWindow], .atMost)
        // Each pair was given the template's sessions (a pair ended early has those not held cancelled).
        let given = sheet.addUnpublished(
            template * (activePairs + (counts.pairs[MentoringPair.Status.declined.rawValue] ?? 0)))
        sheet.tie(given, toMultiples: [(matched, template), (endedEarly, template)])
        sheet.tieIfTrue(given, to: [planned, held, cancelled, missed])
        let sessionCells: [(String, CountSheet.Cell)] = [
            ("Promised to active pairs", promised), ("Planned, not yet held", planned), ("Held", held),
            ("Held within the window", heldInWindow), ("Cancelled", cancelled), ("Missed", missed),
        ]

        let completionCells = (0...template).map { done in
            (
                done == template ? "All \(done) held" : "\(done) of \(template) held",
                sheet.add(counts.completion[done] ?? 0), done
            )
        }
        sheet.tie(matched, to: completionCells.map(\.1))
        // A pair with n held is n of the held sessions (all of them, unless a pair held more than the template).
        sheet.tie(held, toMultiples: completionCells.map { ($0.1, $0.2) }, .atMost)
        sheet.tieIfTrue(held, to: completionCells.flatMap { Array(repeating: $0.1, count: $0.2) })

        let mentors = sheet.addUnpublished(counts.mentors.none + counts.mentors.below + counts.mentors.full)
        let loadCells: [(String, CountSheet.Cell)] = [
            ("No mentees", sheet.add(counts.mentors.none)), ("Below capacity", sheet.add(counts.mentors.below)),
            ("At capacity", sheet.add(counts.mentors.full)),
        ]
        sheet.tie(mentors, to: loadCells.map(\.1))
        // Every mentor with mentees has at least one of the active pairs.
        sheet.tieIfTrue(matched, to: [loadCells[1].1, loadCells[2].1], .atMost)

        let sides = ["mentor", "mentee"].map { side in
            let feedback = counts.feedback[side] ?? Counts.Feedback()
            let answers = sheet.add(feedback.answers)
            // The share who agreed actions gives both counts away beside the answers: both are on the sheet.
            let agreed = sheet.add(feedback.agreed)
            let notAgreed = sheet.add(feedback.answers - feedback.agreed)
            sheet.tie(answers, to: [agreed, notAgreed])
            // Feedback is given once a side on a held session.
            sheet.tieIfTrue(held, to: [answers], .atMost)
            return Side(feedback: feedback, answers: answers, agreed: agreed, notAgreed: notAgreed)
        }

        let evaluation = try await EvaluationService(context: context).summary(for: programme)
        let evaluationCells = evaluation.map { side in
            let respondents = sheet.add(side.respondents)
            if side.side == .mentee { sheet.tieIfTrue(mentees, to: [respondents], .atMost) }
            let lines = side.ratings.map { line in
                let answers = sheet.add(line.answers)
                sheet.tie(respondents, to: [answers], .atMost)
                return (line, answers)
            }
            return (side, respondents, lines)
        }

        let shown = sheet.protected()
        let overview = FigureTable.protected(
            title: "Pairs", label: "Measure",
            [
                ("Mentees", mentees), ("Matched (active pairs)", matched), ("Not matched", notMatched),
                ("Pairs ended early", endedEarly),
            ], sheet: shown, keepOrder: true)
        let sessionTable = FigureTable.protected(
            title: "Sessions", label: "Sessions", sessionCells, sheet: shown, keepOrder: true)
        let completionTable = FigureTable.protected(
            title: "Completion per pair", label: "Sessions held", completionCells.map { ($0.0, $0.1) }, sheet: shown,
            keepOrder: true)
        let loadTable = FigureTable.protected(
            title: "Mentor load", label: "Mentors", loadCells, sheet: shown, keepOrder: true)
        let feedbackTable = FigureTable(
            title: "Feedback after sessions (mentors and mentees side by side)",
            columns: ["Measure", "Mentors", "Mentees"],
            rows: Self.sideBySide(sides, sheet: shown))
        let evaluationTables = evaluationCells.map { side, respondents, lines in
            FigureTable(
                title: "End-of-programme evaluation: \(side.side == .mentee ? "mentees" : "mentors") "
                    + "(\(shown.shown(respondents)) answered)",
                columns: ["Statement", "Answers", "Average (1–5)"],
                rows: lines.map { line, answers in
                    [
                        line.question, shown.shown(answers),
                        shown.value(answers) != nil
                            ? line.average.map { String(format: "%.1f", $0) } ?? Self.fewer : Self.fewer,
                    ]
                })
        }
        func bars(_ cells: [(String, CountSheet.Cell)]) -> [Bar] {
            cells.map { ($0.0, shown.value($0.1) ?? 0, shown.shown($0.1)) }
        }
        return Report(
            tables: [overview, sessionTable, completionTable, loadTable, feedbackTable] + evaluationTables,
            sessionBars: bars(sessionCells), completionBars: bars(completionCells.map { ($0.0, $0.1) }),
            evaluation: evaluation)
    }

    static let fewer = "Fewer than 5 answers"

    /// One side's feedback counts on the sheet.
    struct Side {
        var feedback: Counts.Feedback
        var answers: CountSheet.Cell
        var agreed: CountSheet.Cell
        var notAgreed: CountSheet.Cell
    }

    /// Averages and the share who agreed actions only beside a shown count of answers (five or more, and not hidden
    /// to protect another count): an average beside a hidden count would tell that it is five or more.
    static func sideBySide(_ sides: [Side], sheet: ProtectedSheet) -> [[String]] {
        func average(_ side: Side, _ total: (Counts.Feedback) -> Int) -> String {
            guard let answers = sheet.value(side.answers), answers > 0 else { return fewer }
            return String(format: "%.1f", Double(total(side.feedback)) / Double(answers))
        }
        func percent(_ side: Side) -> String {
            guard let answers = sheet.value(side.answers), answers > 0 else { return fewer }
            guard let agreed = sheet.value(side.agreed), sheet.value(side.notAgreed) != nil else {
                return "Not shown: a small number did or did not"
            }
            return "\(Int((Double(agreed) * 100 / Double(answers)).rounded()))%"
        }
        return [
            ["Answers"] + sides.map { sheet.shown($0.answers) },
            ["Felt safe to speak openly (1–5)"] + sides.map { average($0, \.feltSafe) },
            ["The session was useful (1–5)"] + sides.map { average($0, \.useful) },
            ["Agreed actions"] + sides.map(percent),
            ["Would recommend (0–10)"] + sides.map { average($0, \.recommend) },
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
                    "Counts from 1 to 4 show as *, and so does any count that would let one be worked out; averages "
                        + "show only beside a count of five or more shown, so no one's answers can be picked out. "
                        + "Session records and comments are never used.")),
            .p(
                .a(
                    .attr("href", SiteURL.mentoringDashboardCSV(programme.id).path),
                    .text("Download these figures as CSV"))),
            .h2(.text("Sessions")),
            .chart(BarChart.svg(title: "Sessions", bars: report.sessionBars, width: 720, id: "chart-sessions")),
            .h2(.text("Completion per pair")),
            .chart(
                BarChart.svg(
                    title: "Completion per pair", bars: report.completionBars, width: 720, id: "chart-completion")),
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
