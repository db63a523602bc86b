import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// Four months before a revalidation date, its owner is told through the outbox (issue #18 item 5), once per date:
/// the notice is claimed by a conditional update on `notice_sent_for`, so two processes never both send it, and a
/// new date gets its own notice. Only profiles whose date falls within the notice window are read (an index on the
/// date finds them), so a round costs what it sends.
package struct RevalidationNotices: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    package func sendDue(limit: Int = 500) async throws {
        let today = context.state.today
        let windowEnd = today.adding(months: Revalidation.noticeMonths).description
        let due = try await DevelopmentProfile.query(on: context.database)
            .filter(\.$revalidationDueOn >= today.description).filter(\.$revalidationDueOn <= windowEnd)
            .limit(limit).all()
        for profile in due where profile.noticeSentFor != profile.revalidationDueOn {
            try await context.transaction { context in
                try await RevalidationNotices(context: context).send(profile)
            }
        }
    }

    private func send(_ profile: DevelopmentProfile) async throws {
        let sql = context.database as! any SQLDatabase
        let claimed = try await sql.update(DevelopmentProfile.schema)
            .set("notice_sent_for", to: SQLBind(profile.revalidationDueOn))
            .where("id", .equal, SQLBind(try profile.requireID()))
            .where("revalidation_due_on", .equal, SQLBind(profile.revalidationDueOn))
            .where(
                SQLGroupExpression(
                    SQLBinaryExpression(SQLColumn("notice_sent_for"), .is, SQLLiteral.null)
                ), .or,
                SQLBinaryExpression(SQLColumn("notice_sent_for"), .notEqual, SQLBind(profile.revalidationDueOn))
            )
            .returning("id").all()
        guard !claimed.isEmpty, let person = try await Person.find(profile.personID, on: context.database) else {
            return
        }
        let day = CalendarDay.longText(iso: profile.revalidationDueOn)
        let body = """
            Your revalidation with the \(profile.register.rawValue.uppercased()) is due on \(day), four months from now \
            or sooner.
            Your development page shows what your evidence holds and what is still missing, and makes your evidence \
            pack to take to your appraiser or responsible officer:
            \(context.link(.myDevelopment))
            """
        try await Outbox.enqueue(
            to: person.email, subject: "Your revalidation is due on \(day)", body: body, now: context.now,
            on: context.database)
    }
}
