import CairnCore
import Fluent
import Foundation
import SQLKit

/// The unit's figures at national size (issue #21 item 5): the working days a request waited for first contact are
/// kept beside the contact (set in the same statement), so time-to-contact figures are one GROUP BY instead of a walk
/// over every case through the bank-holiday calendar; and referrals are found by organisation and date by an index.
/// Cases contacted before this migration are filled in here, by their organisation's nation and time zone. Frozen once
/// landed.
struct AddFirstContactWorkingDays: AsyncMigration {
    var name: String { "0029_AddFirstContactWorkingDays" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("cases").field("first_contact_working_days", .int).update()
        try await sql.create(index: "cases_by_organisation_received").on("cases")
            .column("organisation_id").column("received_at").run()
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
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "cases_by_organisation_received").run()
        try await database.schema("cases").deleteField("first_contact_working_days").update()
    }
}
