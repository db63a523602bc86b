import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// The counts the unit's figures read (`case_counts`, kept current by database triggers: see migration 0029) and the
/// organisation's months they are kept by (`figure_months`).
package enum CaseCounts {
    /// Months from January 2000 to December 2060 are kept: a referral outside them is not counted.
    static let years = 2000...2060

    /// Called as the service prepares: makes sure the organisation's months are there in its time zone, and that
    /// the counts agree with the cases (rebuilding them from the cases when the months were just made, the time zone
    /// changed, or the counts disagree, for example after a restore from an older backup).
    package static func prepare(_ app: Application) async throws {
        guard let organisation = app.cairn.organisation else { return }
        let zone = app.cairn.configuration.timeZone
        guard try await needsRebuild(organisation.id, zone: zone, on: app.db as! any SQLDatabase) else { return }
        try await app.db.transaction { database in
            let sql = database as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                // One instance rebuilds at a time, with writers to the cases held off so that no delta is both
                // kept and recounted; a large rebuild is not cut short by the per-statement limit.
                try await sql.raw("SET LOCAL statement_timeout = 0").run()
                try await sql.raw("SELECT pg_advisory_xact_lock(2029002900)").run()
                try await sql.raw("LOCK TABLE cases, plan_items IN SHARE MODE").run()
                // …and a fold of the deltas (housekeeping) finishes first, so none of its rows escapes the delete.
                try await sql.raw("LOCK TABLE case_counts IN SHARE ROW EXCLUSIVE MODE").run()
            }
            // Decided again under the lock: another instance may have just done it.
            guard try await needsRebuild(organisation.id, zone: zone, on: sql) else { return }
            app.logger.notice("rebuilding the support figures' counts from the cases")
            try await fillMonths(organisationID: organisation.id, zone: zone, on: sql)
            try await rebuild(organisationID: organisation.id, on: sql)
        }
    }

    /// Whether the months are missing or in another time zone, or the counts disagree with the cases that fall in
    /// a kept month (every case is counted once by profession and once by state).
    static func needsRebuild(_ organisationID: UUID, zone: TimeZone, on sql: any SQLDatabase) async throws -> Bool {
        let months = try await sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("MIN", args: SQLColumn("time_zone")), as: "first")
            .column(SQLFunction("MAX", args: SQLColumn("time_zone")), as: "last")
            .from("figure_months").where("organisation_id", .equal, SQLBind(organisationID)).first()
        let kept = try months?.decode(column: "n", as: Int.self) ?? 0
        let zones = [
            try months?.decode(column: "first", as: String?.self), try months?.decode(column: "last", as: String?.self),
        ]
        if kept != years.count * 12 || zones.contains(where: { $0 != zone.identifier }) { return true }
        let cases =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM cases r JOIN figure_months m ON m.organisation_id = r.organisation_id \
                AND m.starts <= r.received_at AND r.received_at < m.ends WHERE r.organisation_id = \(bind: organisationID)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        for dimension in ["profession", "state"] {
            let counted =
                try await sql.raw(
                    """
                    SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM case_counts \
                    WHERE organisation_id = \(bind: organisationID) AND dimension = \(bind: dimension)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            if counted != cases { return true }
        }
        return false
    }

    /// The month label the figures use: `2026-01`.
    package static func label(_ year: Int, _ month: Int) -> String {
        "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// The organisation's months, each from its local midnight on the 1st to the next.
    static func fillMonths(organisationID: UUID, zone: TimeZone, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "figure_months").where("organisation_id", .equal, SQLBind(organisationID)).run()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func start(_ year: Int, _ month: Int) -> Date {
            calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        }
        var rows: [[SQLBind]] = []
        for year in years {
            for month in 1...12 {
                let next = month == 12 ? start(year + 1, 1) : start(year, month + 1)
                rows.append([
                    SQLBind(organisationID), SQLBind(label(year, month)), SQLBind(zone.identifier),
                    SQLBind(start(year, month)), SQLBind(next),
                ])
            }
        }
        for first in stride(from: 0, to: rows.count, by: 200) {
            var insert = sql.insert(into: "figure_months").columns(
                "organisation_id", "month", "time_zone", "starts", "ends")
            for row in rows[first..<min(first + 200, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }

    /// Recounts everything from the cases, in the same terms as the triggers.
    static func rebuild(organisationID: UUID, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "case_counts").where("organisation_id", .equal, SQLBind(organisationID)).run()
        for dimension in AddFirstContactWorkingDays.dimensions {
            try await sql.raw(
                """
                INSERT INTO case_counts (organisation_id, month, dimension, label, n) \
                SELECT r.organisation_id, m.month, \(bind: dimension.name), \(unsafeRaw: dimension.label), \
                SUM(\(unsafeRaw: dimension.amount)) FROM cases r JOIN figure_months m \
                ON m.organisation_id = r.organisation_id AND m.starts <= r.received_at AND r.received_at < m.ends \
                WHERE r.organisation_id = \(bind: organisationID) AND \(unsafeRaw: dimension.when) \
                GROUP BY r.organisation_id, m.month, \(unsafeRaw: dimension.label == "''" ? "m.month" : dimension.label)
                """
            ).run()
        }
    }

    /// The counts from `firstMonth` on, by month, dimension and label (deltas summed; zero counts left out).
    package static func read(organisationID: UUID, from firstMonth: String, on sql: any SQLDatabase) async throws
        -> [(month: String, dimension: String, label: String, count: Int)]
    {
        try await sql.raw(
            """
            SELECT month, dimension, label, CAST(SUM(n) AS BIGINT) AS n FROM case_counts \
            WHERE organisation_id = \(bind: organisationID) AND month >= \(bind: firstMonth) \
            GROUP BY month, dimension, label HAVING SUM(n) <> 0
            """
        ).all()
            .map {
                (
                    try $0.decode(column: "month", as: String.self),
                    try $0.decode(column: "dimension", as: String.self),
                    try $0.decode(column: "label", as: String.self), try $0.decode(column: "n", as: Int.self)
                )
            }
    }

    /// Folds the delta rows the triggers add into one row per count (housekeeping, and after a bulk load). On
    /// PostgreSQL one statement deletes the rows its snapshot sees and writes their sums, so a delta committed
    /// meanwhile is kept; on SQLite the write gate holds other writers off for the transaction.
    package static func compact(organisationID: UUID, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await database.transaction { database in
                let sql = database as! any SQLDatabase
                try await sql.raw("SET LOCAL statement_timeout = 0").run()
                try await sql.raw(
                    """
                        WITH moved AS (DELETE FROM case_counts WHERE organisation_id = \(bind: organisationID) \
                    RETURNING month, dimension, label, n) \
                    INSERT INTO case_counts (organisation_id, month, dimension, label, n) \
                    SELECT \(bind: organisationID), month, dimension, label, SUM(n) FROM moved \
                    GROUP BY month, dimension, label HAVING SUM(n) <> 0
                    """
                ).run()
            }
            return
        }
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.raw("DROP TABLE IF EXISTS temp.case_counts_folded").run()
            try await sql.raw(
                """
                CREATE TEMP TABLE case_counts_folded AS SELECT organisation_id, month, dimension, label, SUM(n) AS n \
                FROM case_counts WHERE organisation_id = \(bind: organisationID) \
                GROUP BY organisation_id, month, dimension, label HAVING SUM(n) <> 0
                """
            ).run()
            try await sql.delete(from: "case_counts").where("organisation_id", .equal, SQLBind(organisationID)).run()
            try await sql.raw(
                """
                INSERT INTO case_counts (organisation_id, month, dimension, label, n) \
                SELECT organisation_id, month, dimension, label, n FROM temp.case_counts_folded
                """
            ).run()
            try await sql.raw("DROP TABLE temp.case_counts_folded").run()
        }
    }

    /// All-time sums of two dimensions' labels: closed cases and what their plans cost.
    package static func closedCost(organisationID: UUID, on sql: any SQLDatabase) async throws -> (
        closed: Int, pence: Int
    ) {
        let rows = try await sql.select()
            // PostgreSQL sums a bigint as a numeric: cast back, as SQLite's integer already is.
            .column("dimension").column(SQLRaw("CAST(SUM(n) AS BIGINT)"), as: "total")
            .from("case_counts")
            .where("organisation_id", .equal, SQLBind(organisationID))
            .where {
                $0.where("dimension", .equal, SQLBind("closed_cost")).orWhere {
                    $0.where("dimension", .equal, SQLBind("state")).where(
                        "label", .equal, SQLBind(CaseState.closed.rawValue))
                }
            }
            .groupBy("dimension").all()
        var closed = 0
        var pence = 0
        for row in rows {
            let total = try row.decode(column: "total", as: Int?.self) ?? 0
            if try row.decode(column: "dimension", as: String.self) == "state" { closed = total } else { pence = total }
        }
        return (closed, pence)
    }
}
