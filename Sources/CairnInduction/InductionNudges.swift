import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Overdue induction items, nudged in two stages through the outbox: first whoever the item belongs to (the new
/// starter, the supervisor, or for the department's items whoever started the induction), then a week later the
/// supervisor. Each nudge is claimed by a conditional update, so two processes never send the same one.
package struct InductionNudges: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    /// Days after the first nudge before the supervisor is told.
    package static let supervisorAfterDays = 7

    package func sendDue(limit: Int = 200) async throws {
        let today = context.state.today
        let dueFirst = try await InductionItem.query(on: context.database).filter(\.$completedOn == nil)
            .filter(\.$dueOn < today.description).filter(\.$nudgedOwnerAt == nil).limit(limit).all()
        for item in dueFirst {
            try await context.transaction { context in try await InductionNudges(context: context).first(item) }
        }
        let late = today.adding(days: -Self.supervisorAfterDays).description
        let dueSecond = try await InductionItem.query(on: context.database).filter(\.$completedOn == nil)
            .filter(\.$dueOn < late).filter(\.$nudgedOwnerAt != nil).filter(\.$nudgedSupervisorAt == nil)
            .filter(\.$owner != .supervisor).limit(limit).all()
        for item in dueSecond {
            try await context.transaction { context in try await InductionNudges(context: context).second(item) }
        }
    }

    /// Claims and sends the first nudge, in the caller's transaction.
    private func first(_ item: InductionItem) async throws {
        let sql = context.database as! any SQLDatabase
        let claimed = try await sql.update(InductionItem.schema).set("nudged_owner_at", to: SQLBind(context.now))
            .where("id", .equal, SQLBind(try item.requireID())).where("nudged_owner_at", .is, SQLLiteral.null)
            .returning("id").all()
        guard !claimed.isEmpty, let induction = try await Induction.find(item.inductionID, on: context.database)
        else { return }
        let to: UUID =
            switch item.owner {
            case .inductee: induction.inducteeID
            case .supervisor: induction.supervisorID
            case .department: induction.createdBy
            }
        try await nudge(to, item: item, induction: induction, escalated: false)
    }

    private func second(_ item: InductionItem) async throws {
        let sql = context.database as! any SQLDatabase
        let claimed = try await sql.update(InductionItem.schema)
            .set("nudged_supervisor_at", to: SQLBind(context.now)).where("id", .equal, SQLBind(try item.requireID()))
            .where("nudged_supervisor_at", .is, SQLLiteral.null).returning("id").all()
        guard !claimed.isEmpty, let induction = try await Induction.find(item.inductionID, on: context.database)
        else { return }
        try await nudge(induction.supervisorID, item: item, induction: induction, escalated: true)
    }

    private func nudge(_ personID: UUID, item: InductionItem, induction: Induction, escalated: Bool) async throws {
        guard let person = try await Person.find(personID, on: context.database) else { return }
        let inductee = try await Person.find(induction.inducteeID, on: context.database)?.displayName ?? "A new starter"
        let due = CalendarDay.longText(iso: item.dueOn)
        let body =
            escalated
            ? """
            An item of \(inductee)'s induction is more than a week overdue: "\(item.title)", due on \(due).
            Please check with them what is holding it up:
            \(context.link(.induction(induction.id)))
            """
            : """
            An induction item is overdue: "\(item.title)", due on \(due).
            Mark it as done on the induction page, or say what is holding it up:
            \(context.link(.induction(induction.id)))
            """
        try await Outbox.enqueue(
            to: person.email,
            subject: escalated ? "An induction item is a week overdue" : "An induction item is overdue",
            body: body, now: context.now, on: context.database)
    }
}
