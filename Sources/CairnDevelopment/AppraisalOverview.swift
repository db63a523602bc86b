import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The responsible officer's overview (issue #18 item 5): for each person in the organisation with a revalidation
/// date, the date, where it stands, their latest appraisal and how many of the six kinds of supporting information
/// this appraisal year holds. Dates and counts only, never the words of a plan, a piece of evidence or a reflection,
/// and nothing of support or mentoring. Paged and counted in SQL; the soonest dates first.
package struct AppraisalOverview: Sendable {
    package struct Row: Sendable, Equatable {
        package var personID: UUID
        package var name: String
        package var register: RevalidationRegister
        package var due: CalendarDay
        package var latestAppraisal: CalendarDay?
        package var supportingKinds: Int
    }

    package var rows: [Row]
    package var paging: Paging
    package var year: ClosedRange<CalendarDay>
    package var noticeOnly: Bool

    package static func load(context: ServiceContext, page: Int, noticeOnly: Bool, size: Int = 50) async throws
        -> AppraisalOverview
    {
        let actor = try context.requireActor()
        let sql = context.database as! any SQLDatabase
        let today = context.state.today
        let year = Revalidation.appraisalYear(containing: today)
        let noticeLimit = today.adding(months: Revalidation.noticeMonths).description
        let filter: SQLQueryString =
            noticeOnly ? "AND d.revalidation_due_on <= \(bind: noticeLimit)" : ""
        let scope: SQLQueryString = """
            FROM development_profiles d JOIN people p ON p.id = d.person_id
            WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.person_id = d.person_id
              AND g.organisation_id = \(bind: actor.organisationID)) \(filter)
            """
        let total = try await sql.raw("SELECT COUNT(*) AS n \(scope)").first()?.decode(column: "n", as: Int.self) ?? 0
        let paging = Paging(total: total, pageSize: size, requested: page)
        let kinds = SQLBind.group(EvidenceKind.supportingInformation.map(\.rawValue))
        let rows = try await sql.raw(
            """
            SELECT d.person_id AS person_id, p.display_name AS name, d.register AS register,
              d.revalidation_due_on AS due,
              (SELECT MAX(a.held_on) FROM appraisals a WHERE a.person_id = d.person_id
                AND a.held_on <= \(bind: today.description)) AS latest,
              (SELECT COUNT(DISTINCT e.kind) FROM development_evidence e WHERE e.person_id = d.person_id
                AND e.kind IN \(kinds) AND e.day >= \(bind: year.lowerBound.description)
                AND e.day <= \(bind: year.upperBound.description)) AS kinds
            \(scope)
            ORDER BY d.revalidation_due_on, p.display_name, d.person_id
            LIMIT \(literal: size) OFFSET \(literal: paging.offset)
            """
        ).all()
        return AppraisalOverview(
            rows: try rows.compactMap { row in
                guard
                    let register = RevalidationRegister(rawValue: try row.decode(column: "register", as: String.self)),
                    let due = CalendarDay(iso: try row.decode(column: "due", as: String.self))
                else { return nil }
                return Row(
                    personID: try row.decode(column: "person_id", as: UUID.self),
                    name: try row.decode(column: "name", as: String.self), register: register, due: due,
                    latestAppraisal: try row.decode(column: "latest", as: String?.self).flatMap {
                        CalendarDay(iso: $0)
                    },
                    supportingKinds: try row.decode(column: "kinds", as: Int?.self) ?? 0)
            }, paging: paging, year: year, noticeOnly: noticeOnly)
    }
}

/// Figures across the organisation's practices (issue #18 item 7), all counted in SQL. Practices, workshops,
/// needs, developments and challenges are about practices and are shown as counted; objectives linked from personal
/// plans are about people and show as "*" from 1 to 4, with no total beside them.
package struct DevelopmentFigures: Sendable {
    package struct PracticeRow: Sendable, Equatable {
        package var name: String
        package var workshops: Int
        package var needs: Int
        package var developments: Int
        package var realised: Int
        package var linkedObjectives: Int
    }

    package var practices: [PracticeRow]
    package var bySourceAndStatus: [(source: String, status: String, count: Int)]
    package var challenges: [(phase: SengePhase, challenge: SengeChallenge, count: Int)]

    package static func load(context: ServiceContext) async throws -> DevelopmentFigures {
        let actor = try context.requireActor()
        let sql = context.database as! any SQLDatabase
        let organisation = actor.organisationID
        let today = context.state.today.description
        let practiceRows = try await sql.raw(
            """
            SELECT p.name AS name,
              (SELECT COUNT(*) FROM practice_workshops w WHERE w.practice_id = p.id AND w.held_on <= \(bind: today)) AS workshops,
              (SELECT COUNT(*) FROM practice_needs n WHERE n.practice_id = p.id) AS needs,
              (SELECT COUNT(*) FROM practice_developments d WHERE d.practice_id = p.id) AS developments,
              (SELECT COUNT(*) FROM practice_developments d WHERE d.practice_id = p.id AND d.realised = \(bind: true)) AS realised,
              (SELECT COUNT(*) FROM pdp_items i JOIN practice_developments d ON d.id = i.development_id
                WHERE d.practice_id = p.id) AS linked
            FROM practices p WHERE p.organisation_id = \(bind: organisation) ORDER BY p.name LIMIT 1000
            """
        ).all()
        let practices = try practiceRows.map { row in
            PracticeRow(
                name: try row.decode(column: "name", as: String.self),
                workshops: try row.decode(column: "workshops", as: Int.self),
                needs: try row.decode(column: "needs", as: Int.self),
                developments: try row.decode(column: "developments", as: Int.self),
                realised: try row.decode(column: "realised", as: Int.self),
                linkedObjectives: try row.decode(column: "linked", as: Int.self))
        }
        let sourceRows = try await sql.raw(
            """
            SELECT COALESCE(n.source, '') AS source, d.status AS status, COUNT(*) AS n
            FROM practice_developments d JOIN practices p ON p.id = d.practice_id
            LEFT JOIN practice_needs n ON n.id = d.need_id
            WHERE p.organisation_id = \(bind: organisation) GROUP BY COALESCE(n.source, ''), d.status
            """
        ).all()
        var bySource: [(String, String, Int)] = []
        for row in sourceRows {
            let source =
                NeedSource(rawValue: try row.decode(column: "source", as: String.self))?.title ?? "No need named"
            let status = DevelopmentStatus(rawValue: try row.decode(column: "status", as: String.self))?.title ?? "?"
            bySource.append((source, status, try row.decode(column: "n", as: Int.self)))
        }
        bySource.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let challengeRows = try await sql.raw(
            """
            SELECT s.challenge AS challenge, COUNT(*) AS n FROM senge_entries s JOIN practices p ON p.id = s.practice_id
            WHERE p.organisation_id = \(bind: organisation) GROUP BY s.challenge
            """
        ).all()
        var challengeCounts: [SengeChallenge: Int] = [:]
        for row in challengeRows {
            if let challenge = SengeChallenge(rawValue: try row.decode(column: "challenge", as: String.self)) {
                challengeCounts[challenge] = try row.decode(column: "n", as: Int.self)
            }
        }
        return DevelopmentFigures(
            practices: practices, bySourceAndStatus: bySource,
            challenges: SengeChallenge.allCases.map { ($0.phase, $0, challengeCounts[$0] ?? 0) })
    }

    package var tables: [FigureTable] {
        // The linked objectives count people's plans: on a sheet like every count of people (1–4 show as "*"); the
        // practices' own counts are of workshops and changes, not of people, and are shown as they are.
        var sheet = CountSheet()
        let linked = practices.map { sheet.add($0.linkedObjectives) }
        let shown = sheet.protected()
        return [
            FigureTable(
                title: "Practices",
                columns: [
                    "Practice", "Workshops held", "Needs", "Developments", "Realised changes",
                    "Objectives in personal plans linked",
                ],
                rows: zip(practices, linked).map { practice, linked in
                    [
                        practice.name, String(practice.workshops), String(practice.needs),
                        String(practice.developments), String(practice.realised), shown.shown(linked),
                    ]
                }),
            FigureTable(
                title: "Summary",
                columns: ["Figure", "Count"],
                rows: [
                    ["Practices", String(practices.count)],
                    [
                        "Practices with a plan (a development or more)",
                        String(practices.filter { $0.developments > 0 }.count),
                    ],
                    ["Practices with four workshops or more", String(practices.filter { $0.workshops >= 4 }.count)],
                    ["Workshops held", String(practices.reduce(0) { $0 + $1.workshops })],
                    ["Realised organisational changes", String(practices.reduce(0) { $0 + $1.realised })],
                ]),
            FigureTable(
                title: "Developments by where the need came from and status", columns: ["Source", "Status", "Count"],
                rows: bySourceAndStatus.map { [$0.source, $0.status, String($0.count)] }),
            FigureTable(
                title: "Challenges of change logged, by phase", columns: ["Phase", "Challenge", "Times logged"],
                rows: challenges.map { [$0.phase.title, $0.challenge.title, String($0.count)] }),
        ]
    }

    package var csv: String {
        tables.map { FigureTable(title: $0.title, columns: [$0.title], rows: []).csv + $0.csv }.joined(
            separator: "\r\n")
    }
}
