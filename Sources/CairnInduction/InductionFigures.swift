import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// `/induction/figures`: how inductions and the road to registration go across the organisation (issue #17 item 7),
/// for its programme leads, as tables and a CSV. Everything is counted in SQL (the time to registration reads one
/// pair of days per registered person); no figure names anyone. Every count is on one `CountSheet` (issue #21 item
/// 5): counts of 1–4 show as "*", and so does any count that would give one away; the median and 90th percentile
/// time to registration only over five people or more; no total is shown beside the counts. Exam steps appear only
/// as counts of people held up at them, under the same rule.
package struct InductionFigures: Sendable {
    package struct IntakeRow: Sendable, Equatable {
        package var cohort: String
        package var started: Int
        package var completed: Int
        package var onTime: Int
    }

    package var intakes: [IntakeRow]
    package var overdueByPhase: [(phase: InductionPhase, items: Int, people: Int)]
    package var registrationsByQuarter: [(quarter: String, people: Int)]
    /// Days from the first day of work to registration, one per registered person.
    package var daysToRegistration: [Int]
    package var heldUpAt: [(step: PathwayStep, people: Int)]

    package static func load(context: ServiceContext) async throws -> InductionFigures {
        let actor = try context.requireActor()
        let sql = context.database as! any SQLDatabase
        let organisation = actor.organisationID
        let today = context.state.today.description

        // Inductions by intake: started, every item complete, and complete with none done after its day.
        let intakeRows = try await sql.raw(
            """
            SELECT i.cohort AS cohort, COUNT(*) AS started,
              SUM(CASE WHEN t.n = t.complete THEN 1 ELSE 0 END) AS completed,
              SUM(CASE WHEN t.n = t.complete AND t.late = 0 THEN 1 ELSE 0 END) AS on_time
            FROM inductions i JOIN (
              SELECT induction_id, COUNT(*) AS n,
                SUM(CASE WHEN completed_on IS NOT NULL AND (needs_sign_off = \(bind: false) OR signed_off_at IS NOT NULL)
                  THEN 1 ELSE 0 END) AS complete,
                SUM(CASE WHEN completed_on > due_on THEN 1 ELSE 0 END) AS late
              FROM induction_items GROUP BY induction_id
            ) t ON t.induction_id = i.id
            WHERE i.organisation_id = \(bind: organisation)
            GROUP BY i.cohort ORDER BY i.cohort
            """
        ).all()
        let intakes = try intakeRows.map { row in
            IntakeRow(
                cohort: try row.decode(column: "cohort", as: String.self),
                started: try row.decode(column: "started", as: Int.self),
                completed: try row.decode(column: "completed", as: Int?.self) ?? 0,
                onTime: try row.decode(column: "on_time", as: Int?.self) ?? 0)
        }

        // Items past their day and not done, by phase, and how many people they belong to.
        let overdueRows = try await sql.raw(
            """
            SELECT t.phase AS phase, COUNT(*) AS items, COUNT(DISTINCT i.inductee_id) AS people
            FROM induction_items t JOIN inductions i ON i.id = t.induction_id
            WHERE i.organisation_id = \(bind: organisation) AND t.completed_on IS NULL AND t.due_on < \(bind: today)
            GROUP BY t.phase
            """
        ).all()
        var overdue: [InductionPhase: (Int, Int)] = [:]
        for row in overdueRows {
            guard let phase = InductionPhase(rawValue: try row.decode(column: "phase", as: String.self)) else {
                continue
            }
            overdue[phase] = (
                try row.decode(column: "items", as: Int.self), try row.decode(column: "people", as: Int.self)
            )
        }

        // Registrations by quarter (each person once, on the first day they recorded it).
        let quarterRows = try await sql.raw(
            """
            SELECT SUBSTR(r.day, 1, 4) AS year,
              CASE WHEN SUBSTR(r.day, 6, 2) <= '03' THEN 1 WHEN SUBSTR(r.day, 6, 2) <= '06' THEN 2
                WHEN SUBSTR(r.day, 6, 2) <= '09' THEN 3 ELSE 4 END AS quarter,
              COUNT(*) AS people
            FROM (\(registeredQuery(organisation))) r
            GROUP BY SUBSTR(r.day, 1, 4),
              CASE WHEN SUBSTR(r.day, 6, 2) <= '03' THEN 1 WHEN SUBSTR(r.day, 6, 2) <= '06' THEN 2
                WHEN SUBSTR(r.day, 6, 2) <= '09' THEN 3 ELSE 4 END
            ORDER BY 1, 2
            """
        ).all()
        let quarters = try quarterRows.map { row in
            (
                quarter:
                    "\(try row.decode(column: "year", as: String.self)) Q\(try row.decode(column: "quarter", as: Int.self))",
                people: try row.decode(column: "people", as: Int.self)
            )
        }

        // The first day of work (the person's earliest induction here) and the registration day, per person.
        let pairs = try await sql.raw(
            """
            SELECT r.day AS registered_on,
              (SELECT MIN(i.starts_on) FROM inductions i WHERE i.inductee_id = r.person_id
                AND i.organisation_id = \(bind: organisation)) AS started_on
            FROM (\(registeredQuery(organisation))) r
            """
        ).all()
        var days: [Int] = []
        for row in pairs {
            guard let start = try row.decode(column: "started_on", as: String?.self).flatMap(CalendarDay.init(iso:)),
                let end = CalendarDay(iso: try row.decode(column: "registered_on", as: String.self)), start <= end
            else { continue }
            days.append(start.days(until: end))
        }

        // Who is held up where (the step kept current on each pathway).
        let stuckRows = try await sql.select().column("blocking_step").column(
            SQLFunction("COUNT", args: SQLLiteral.all), as: "people"
        )
        .from(RegistrationPathwayRecord.schema).where("organisation_id", .equal, SQLBind(organisation))
        .where("blocking_step", .isNot, SQLLiteral.null).groupBy("blocking_step").all()
        var stuck: [PathwayStep: Int] = [:]
        for row in stuckRows {
            guard let step = PathwayStep(rawValue: try row.decode(column: "blocking_step", as: String.self)) else {
                continue
            }
            stuck[step] = try row.decode(column: "people", as: Int.self)
        }

        return InductionFigures(
            intakes: intakes,
            overdueByPhase: InductionPhase.allCases.map { ($0, overdue[$0]?.0 ?? 0, overdue[$0]?.1 ?? 0) },
            registrationsByQuarter: quarters, daysToRegistration: days,
            heldUpAt: PathwayStep.allCases.compactMap { step in stuck[step].map { (step, $0) } })
    }

    /// One row per registered person of the organisation: their pathway, who, and the first registration day.
    static func registeredQuery(_ organisation: UUID) -> SQLQueryString {
        """
        SELECT p.id AS pathway_id, p.person_id AS person_id, MIN(e.day) AS day
        FROM registration_pathways p JOIN registration_pathway_entries e ON e.pathway_id = p.id
        WHERE p.organisation_id = \(bind: organisation) AND e.step = \(bind: PathwayStep.registration.rawValue)
          AND e.outcome = \(bind: PathwayOutcome.done.rawValue)
        GROUP BY p.id, p.person_id
        """
    }

    /// The median and 90th percentile, in days, only over five people or more.
    package var timeToRegistration: (median: Int, ninetieth: Int)? {
        guard daysToRegistration.count >= 5, let median = Percentile.median(daysToRegistration),
            let ninetieth = Percentile.of(90, in: daysToRegistration)
        else { return nil }
        return (median, ninetieth)
    }

    package var tables: [FigureTable] {
        // One sheet for every count shown, with what a reader knows of them: an intake's complete inductions are
        // among those started and its on-time ones among those complete; a phase's overdue items belong to at least
        // by no more people than there are items.
        var sheet = CountSheet()
        let intakeCells = intakes.map { row in
            let started = sheet.add(row.started)
            let completed = sheet.add(row.completed)
            let onTime = sheet.add(row.onTime)
            sheet.tie(started, to: [completed], .atMost)
            sheet.tie(completed, to: [onTime], .atMost)
            return (row.cohort.isEmpty ? "No intake named" : row.cohort, started, completed, onTime)
        }
        let overdueCells = overdueByPhase.map { row in
            let items = sheet.add(row.items)
            let people = sheet.add(row.people)
            sheet.tie(items, to: [people], .atMost)
            return (row.phase.title, items, people)
        }
        let quarterCells = registrationsByQuarter.map { ($0.quarter, sheet.add($0.people)) }
        let heldUpCells = heldUpAt.map { ($0.step.title, sheet.add($0.people)) }
        let shown = sheet.protected()
        let time = timeToRegistration
        return [
            FigureTable(
                title: "Inductions by intake",
                columns: ["Intake", "Started", "Every item done", "Every item done on time"],
                rows: intakeCells.map { [$0.0, shown.shown($0.1), shown.shown($0.2), shown.shown($0.3)] }),
            FigureTable(
                title: "Items past their day and not done, by phase",
                columns: ["Phase", "Items", "People they belong to"],
                rows: overdueCells.map { [$0.0, shown.shown($0.1), shown.shown($0.2)] }),
            FigureTable.protected(
                title: "Registrations by quarter", label: "Quarter", quarterCells, sheet: shown, keepOrder: true),
            FigureTable(
                title: "Time from the first day of work to registration", columns: ["Figure", "Days"],
                rows: time.map { [["Median", String($0.median)], ["90th percentile", String($0.ninetieth)]] }
                    ?? [["Median and 90th percentile", "Shown once five or more people have registered"]]),
            FigureTable.protected(
                title: "Where people not yet registered are held up", label: "Step", heldUpCells, sheet: shown,
                keepOrder: true),
        ]
    }

    /// All tables as one CSV, each headed by its title.
    package var csv: String {
        tables.map { FigureTable(title: $0.title, columns: [$0.title], rows: []).csv + $0.csv }.joined(
            separator: "\r\n")
    }
}

/// The figures page and its CSV, for programme leads.
package struct InductionFiguresController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.inductionFigures, action: .runInductions, use: show)
        routes.on(.inductionFiguresCSV, action: .runInductions, use: csv)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let context = ServiceContext(request)
        let figures = try await InductionFigures.load(context: context)
        try await context.audit(InductionAudit.inductionFiguresViewed, resourceType: .induction)
        return request.page(
            "Induction figures",
            .group(
                .p(.a(.class("back-link"), .attr("href", SiteURL.inductions.path), .text("Induction"))),
                .h1(.text("Induction and registration: figures")),
                .p(
                    .text(
                        "Counted across the organisation, never naming anyone. Counts of people (and of their items) "
                            + "from 1 to 4 show as *, and so does any count that would let one be worked out; the "
                            + "time to registration is shown once five or more people have registered.")),
                .p(.a(.attr("href", SiteURL.inductionFiguresCSV.path), .text("Download these figures (CSV)"))),
                .forEach(figures.tables) { FigureTableView.render($0) }))
    }

    @Sendable package func csv(request: Request) async throws -> Response {
        let context = ServiceContext(request)
        let figures = try await InductionFigures.load(context: context)
        try await context.audit(InductionAudit.inductionFiguresViewed, resourceType: .induction, reason: "csv")
        return .file(figures.csv, type: Response.csv, filename: "induction-figures.csv")
    }
}
