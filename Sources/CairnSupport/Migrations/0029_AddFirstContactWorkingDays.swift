import CairnCore
import Fluent
import Foundation
import SQLKit

/// The unit's figures at national size (issue #21 item 5). Frozen once landed.
///
/// - The working days a request waited for first contact are kept beside the contact (set in the same statement);
///   cases contacted before this migration are filled in here, by their organisation's nation and time zone.
/// - `case_counts` holds, per organisation and month (the organisation's own months, from `figure_months`), how
///   many cases have each profession, grade, set of reasons, state, set of outcomes (closed cases) and wait for first
///   contact, and what closed cases' plans cost. Database triggers on `cases` and `plan_items` keep it current in the
///   same transaction as every write, whichever code makes it: no call site has to remember. A write adds delta rows
///   (+1 for what a case now is, −1 for what it was), so concurrent writes never contend for one counter row on
///   PostgreSQL; housekeeping folds the deltas into one row per count. The figures read a few thousand rows, however
///   many cases there are. `figure_months` is filled (and the counts rebuilt from the cases)
///   when the service prepares (`CaseCounts.prepare`), since the organisation and its time zone are known only then.
struct AddFirstContactWorkingDays: AsyncMigration {
    var name: String { "0029_AddFirstContactWorkingDays" }

    /// What each count is of: a label and an amount for one case row (`r` is `NEW` or `OLD` in a trigger), and
    /// when the case counts at all.
    static let dimensions: [(name: String, label: String, amount: String, when: String)] = [
        ("profession", "r.profession", "1", "1 = 1"),
        ("grade", "r.grade", "1", "1 = 1"),
        ("reasons", "r.reasons", "1", "1 = 1"),
        ("state", "r.state", "1", "1 = 1"),
        ("outcomes", "r.outcomes", "1", "r.state = 'closed' AND r.outcomes IS NOT NULL"),
        (
            "contact_days", "CAST(r.first_contact_working_days AS TEXT)", "1",
            "r.first_contact_working_days IS NOT NULL"
        ),
        (
            "closed_cost", "''", "(SELECT COALESCE(SUM(p.cost_pence), 0) FROM plan_items p WHERE p.case_id = r.id)",
            "r.state = 'closed'"
        ),
    ]

    /// Adds a row of `sign` × each dimension's amount for one case row to its month's counts.
    static func countStatements(row: String, sign: String) -> [String] {
        dimensions.map { dimension in
            func bound(_ text: String) -> String { text.replacingOccurrences(of: "r.", with: "\(row).") }
            return """
                INSERT INTO case_counts (organisation_id, month, dimension, label, n) \
                SELECT \(row).organisation_id, m.month, '\(dimension.name)', \(bound(dimension.label)), \
                \(sign) * \(bound(dimension.amount)) FROM figure_months m \
                WHERE m.organisation_id = \(row).organisation_id AND m.starts <= \(row).received_at \
                AND \(row).received_at < m.ends AND \(bound(dimension.when))
                """
        }
    }

    /// The columns the counts read: an update that changes none of them (a version bump, a note) adds no rows.
    static let countedColumns = [
        "organisation_id", "received_at", "profession", "grade", "reasons", "state", "outcomes",
        "first_contact_working_days",
    ]

    static func changed(_ different: String) -> String {
        countedColumns.map { "OLD.\($0) \(different) NEW.\($0)" }.joined(separator: " OR ")
    }

    /// A plan item's cost moves with it while its case is closed.
    static func costStatement(row: String, sign: String) -> String {
        """
        INSERT INTO case_counts (organisation_id, month, dimension, label, n) \
        SELECT c.organisation_id, m.month, 'closed_cost', '', \(sign) * COALESCE(\(row).cost_pence, 0) \
        FROM cases c JOIN figure_months m ON m.organisation_id = c.organisation_id AND m.starts <= c.received_at \
        AND c.received_at < m.ends WHERE c.id = \(row).case_id AND c.state = 'closed'
        """
    }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("cases").field("first_contact_working_days", .int).update()
        for organisation in try await sql.select().columns("id", "nation", "time_zone").from("organisations").all() {
            let id = try organisation.decode(column: "id", as: UUID.self)
            let calendar = WorkingDays(
                nation: Nation(rawValue: try organisation.decode(column: "nation", as: String.self)) ?? .england,
                timeZone: TimeZone(identifier: try organisation.decode(column: "time_zone", as: String.self))
                    ?? TimeZone(identifier: "Europe/London")!)
            var byDays: [Int: [UUID]] = [:]
            let rows = try await sql.select().columns("id", "received_at", "first_contact_at").from("cases")
                .where("organisation_id", .equal, SQLBind(id)).where("first_contact_at", .isNot, SQLLiteral.null)
                .all()
            for row in rows {
                let days = calendar.count(
                    from: try row.decode(column: "received_at", as: Date.self),
                    to: try row.decode(column: "first_contact_at", as: Date.self))
                byDays[days, default: []].append(try row.decode(column: "id", as: UUID.self))
            }
            for (days, ids) in byDays {
                for start in stride(from: 0, to: ids.count, by: 500) {
                    let chunk = ids[start..<min(start + 500, ids.count)].map { SQLBind($0) }
                    try await sql.update("cases").set("first_contact_working_days", to: SQLBind(days))
                        .where("id", .in, SQLGroupExpression(SQLList(chunk))).run()
                }
            }
        }

        try await database.schema("figure_months")
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("time_zone", .string, .required)
            .field("starts", .datetime, .required)
            .field("ends", .datetime, .required)
            .unique(on: "organisation_id", "month")
            .create()
        try await sql.create(index: "figure_months_by_start").on("figure_months")
            .column("organisation_id").column("starts").run()
        try await database.schema("case_counts")
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("dimension", .string, .required)
            .field("label", .string, .required)
            .field("n", .int64, .required)
            .create()
        // Deltas, not counters: each write adds rows and never waits for another's lock on a shared count (the
        // housekeeping folds them: `CaseCounts.compact`).
        try await sql.create(index: "case_counts_by_month").on("case_counts")
            .column("organisation_id").column("month").column("dimension").column("label").run()

        switch sql.dialect.name {
        case "postgresql":
            let removed = Self.countStatements(row: "OLD", sign: "-1").map { $0 + ";" }.joined(separator: "\n")
            let added = Self.countStatements(row: "NEW", sign: "1").map { $0 + ";" }.joined(separator: "\n")
            try await sql.raw(
                """
                CREATE FUNCTION cairn_case_counts() RETURNS trigger AS $$
                BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                \(unsafeRaw: removed)
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                \(unsafeRaw: added)
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
                END; $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER cases_counted AFTER INSERT ON cases
                FOR EACH ROW EXECUTE FUNCTION cairn_case_counts()
                """
            ).run()
            // Before the row goes, while its plan items (deleted by the cascade after it) still say what it cost.
            try await sql.raw(
                """
                CREATE TRIGGER cases_counted_delete BEFORE DELETE ON cases
                FOR EACH ROW EXECUTE FUNCTION cairn_case_counts()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER cases_counted_update AFTER UPDATE ON cases
                FOR EACH ROW WHEN (\(unsafeRaw: Self.changed("IS DISTINCT FROM"))) EXECUTE FUNCTION cairn_case_counts()
                """
            ).run()
            try await sql.raw(
                """
                CREATE FUNCTION cairn_plan_cost_counts() RETURNS trigger AS $$
                BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN \(unsafeRaw: Self.costStatement(row: "OLD", sign: "-1")); END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN \(unsafeRaw: Self.costStatement(row: "NEW", sign: "1")); END IF;
                RETURN NULL;
                END; $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER plan_items_counted AFTER INSERT OR UPDATE OR DELETE ON plan_items
                FOR EACH ROW EXECUTE FUNCTION cairn_plan_cost_counts()
                """
            ).run()
        default:
            // A case's delete is counted before the row goes, while its plan items (deleted by the cascade after
            // it) still say what it cost.
            let triggers: [(name: String, event: String, table: String, when: String, statements: [String])] = [
                ("cases_counted_insert", "AFTER INSERT", "cases", "", Self.countStatements(row: "NEW", sign: "1")),
                (
                    "cases_counted_update", "AFTER UPDATE", "cases", "WHEN \(Self.changed("IS NOT"))",
                    Self.countStatements(row: "OLD", sign: "-1") + Self.countStatements(row: "NEW", sign: "1")
                ),
                (
                    "cases_counted_delete", "BEFORE DELETE", "cases", "",
                    Self.countStatements(row: "OLD", sign: "-1")
                ),
                (
                    "plan_items_counted_insert", "AFTER INSERT", "plan_items", "",
                    [Self.costStatement(row: "NEW", sign: "1")]
                ),
                (
                    "plan_items_counted_update", "AFTER UPDATE", "plan_items",
                    "WHEN OLD.cost_pence IS NOT NEW.cost_pence OR OLD.case_id IS NOT NEW.case_id",
                    [Self.costStatement(row: "OLD", sign: "-1"), Self.costStatement(row: "NEW", sign: "1")]
                ),
                (
                    "plan_items_counted_delete", "AFTER DELETE", "plan_items", "",
                    [Self.costStatement(row: "OLD", sign: "-1")]
                ),
            ]
            for trigger in triggers {
                let body = trigger.statements.map { $0 + ";" }.joined(separator: "\n")
                try await sql.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: trigger.name) \(unsafeRaw: trigger.event) ON \
                    \(unsafeRaw: trigger.table) FOR EACH ROW \(unsafeRaw: trigger.when) BEGIN
                    \(unsafeRaw: body)
                    END
                    """
                ).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        switch sql.dialect.name {
        case "postgresql":
            try await sql.raw("DROP TRIGGER IF EXISTS cases_counted ON cases").run()
            try await sql.raw("DROP TRIGGER IF EXISTS cases_counted_update ON cases").run()
            try await sql.raw("DROP TRIGGER IF EXISTS cases_counted_delete ON cases").run()
            try await sql.raw("DROP TRIGGER IF EXISTS plan_items_counted ON plan_items").run()
            try await sql.raw("DROP FUNCTION IF EXISTS cairn_case_counts()").run()
            try await sql.raw("DROP FUNCTION IF EXISTS cairn_plan_cost_counts()").run()
        default:
            for table in ["cases", "plan_items"] {
                for event in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_counted_\(unsafeRaw: event)").run()
                }
            }
        }
        try await database.schema("case_counts").delete()
        try await database.schema("figure_months").delete()
        try await database.schema("cases").deleteField("first_contact_working_days").update()
    }
}
